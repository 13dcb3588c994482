"""Running the app under uvicorn, as ``kubekg serve`` does: one process, or N with ``workers``."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import tempfile
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from kubekg.errors import DataLoadError
from kubekg.graph.rdf_loader import format_for

FACTORY = "kubekg.api.app:app_from_environment"
# How a server process tells `kubekg serve` that loading failed: it writes why to this file and sends
# SIGTERM to this process (the one that ran `serve`, also under --workers N).
_FAILURE_FILE = "_KUBEKG_FAILURE_FILE"
_SERVE_PID = "_KUBEKG_SERVE_PID"
# Set under --workers N: each server process loads before it accepts connections (see app.py).
LOAD_BEFORE_SERVING = "_KUBEKG_LOAD_BEFORE_SERVING"


def report_load_failure(message: str) -> None:
    """Stop ``kubekg serve`` because the knowledge base cannot load: it exits non-zero with ``message``.

    Does nothing outside ``kubekg serve`` (an app embedded elsewhere keeps answering /health with 503).
    """
    path, pid = os.environ.get(_FAILURE_FILE), os.environ.get(_SERVE_PID)
    if not path or not pid:
        return
    with contextlib.suppress(OSError):
        Path(path).write_text(message, encoding="utf-8")
    with contextlib.suppress(OSError, ValueError):
        os.kill(int(pid), signal.SIGTERM)


def serve(
    host: str,
    port: int,
    *,
    data: Sequence[Path] = (),
    workers: int = 1,
    access_log: bool = False,
    root_path: str = "",
    forwarded_allow_ips: Sequence[str] = ("127.0.0.1", "::1"),
) -> None:
    """Serve until interrupted. Settings reach every worker process through ``KUBEKG_*`` variables.

    Raises :class:`DataLoadError` at once for a data file that is missing or of an unknown type, and
    after shutting down when the knowledge base fails to load (a broken file, a missing model). SIGTERM
    lets the requests in flight finish (up to 5 s), then returns.
    """
    files = [Path(f).resolve() for f in data]
    for f in files:
        format_for(f)
        if not f.is_file():
            raise DataLoadError(f"{f}: no such data file")
    if files:
        os.environ["KUBEKG_DATA"] = json.dumps([str(f) for f in files])
    os.environ["KUBEKG_HOST"] = host  # /mcp guards against DNS rebinding when the address is loopback
    fd, failure_file = tempfile.mkstemp(prefix="kubekg-serve-", suffix=".failure")
    os.close(fd)
    failure = Path(failure_file)
    os.environ[_FAILURE_FILE], os.environ[_SERVE_PID] = str(failure), str(os.getpid())
    os.environ[LOAD_BEFORE_SERVING] = "1" if workers > 1 else "0"
    # uvicorn shuts down gracefully on SIGTERM and then raises it again to end the process; with this
    # handler in place that second one is a no-op, so a requested stop ends with exit code 0.
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    try:
        uvicorn.run(
            FACTORY,
            factory=True,
            host=host,
            port=port,
            workers=workers if workers > 1 else None,
            access_log=access_log,
            timeout_graceful_shutdown=5,
            log_level="info",
            root_path=root_path,
            proxy_headers=True,  # X-Forwarded-For / -Proto, from the trusted proxies only
            forwarded_allow_ips=list(forwarded_allow_ips),
        )
        message = failure.read_text(encoding="utf-8")
    finally:
        signal.signal(signal.SIGTERM, previous)
        failure.unlink(missing_ok=True)
        for name in (_FAILURE_FILE, _SERVE_PID):
            os.environ.pop(name, None)
    if message:
        raise DataLoadError(message)

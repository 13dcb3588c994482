"""A real ``kubekg serve`` on a free loopback port, for tests that talk HTTP like a client does."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest

KUBEKG = Path(sys.executable).parent / "kubekg"
_OUTPUT: dict[str, Path] = {}  # base URL -> the file the server started there prints to

#: Small limits so the tests of the limits stay fast.
LIVE_SETTINGS = {
    "KUBEKG_QUERY_TIMEOUT": "2",
    "KUBEKG_MAX_ROWS": "50",
    "KUBEKG_MAX_CONCURRENT_QUERIES": "3",
    "KUBEKG_MAX_BODY_BYTES": "65536",
    "KUBEKG_QUERY_MEMORY_MB": "1024",
    "KUBEKG_SEMANTIC_INDEX": "false",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    args: Sequence[str] = (), env: dict[str, str] | None = None, timeout: float = 120, health: int = 200
) -> tuple[subprocess.Popen, str]:
    """Start ``kubekg serve`` and wait until /health answers ``health``; returns the process and its URL.

    What the server prints goes to a file (:func:`server_output` reads it), never to a pipe nobody reads:
    a server that printed more than a pipe holds would block on its next line and stop answering."""
    port = free_port()
    with tempfile.NamedTemporaryFile(prefix="kubekg-serve-", suffix=".log", delete=False) as output:
        proc = subprocess.Popen(
            [str(KUBEKG), "serve", "--host", "127.0.0.1", "--port", str(port), *args],
            env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    _OUTPUT[base] = Path(output.name)
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"kubekg serve exited with {proc.returncode}:\n{server_output(base)}")
        try:
            if httpx.get(base + "/health", timeout=2).status_code == health:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    stop_server(proc)
    raise RuntimeError(f"kubekg serve did not answer /health with {health} within {timeout} s")


def server_output(base: str) -> str:
    """All that the server ``start_server`` started at ``base`` has printed so far (stdout and stderr)."""
    return _OUTPUT[base].read_text(errors="replace")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def live_server(kb) -> Iterator[str]:
    """Base URL of a server on the bundled graph (with the small LIVE_SETTINGS limits).

    It builds its QA engine on the first question, from the index cache; ``kb`` (the session's knowledge
    base) has written that cache by then, so on a fresh clone the first question is not the one that
    pays minutes of embedding."""
    proc, base = start_server(env=LIVE_SETTINGS)
    # The first question builds the QA engine (the embedder, the index from the cache): tens of seconds on
    # a busy machine. Paid here, with room, so no test's 30 s client timeout is spent on it.
    httpx.get(base + "/ask", params={"q": "etcd"}, timeout=600).raise_for_status()
    yield base
    stop_server(proc)
    # every test of bad input, limits and faults has run against it: none may have broken it inside
    assert "Traceback" not in server_output(base), server_output(base)[-3000:]


@pytest.fixture
def http(live_server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client

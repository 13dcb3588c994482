"""Running the app under uvicorn, as ``kubekg serve`` does: one process, or N with ``workers``."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from kubekg.errors import DataLoadError
from kubekg.rdf_loader import format_for

FACTORY = "kubekg.api.app:app_from_environment"


def serve(
    host: str,
    port: int,
    *,
    data: Sequence[Path] = (),
    workers: int = 1,
    access_log: bool = False,
) -> None:
    """Serve until interrupted. Settings reach every worker process through ``KUBEKG_*`` variables.

    Raises :class:`DataLoadError` at once for a data file that is missing or of an unknown type.
    """
    files = [Path(f).resolve() for f in data]
    for f in files:
        format_for(f)
        if not f.is_file():
            raise DataLoadError(f"{f}: no such data file")
    if files:
        os.environ["KUBEKG_DATA"] = json.dumps([str(f) for f in files])
    os.environ["KUBEKG_HOST"] = host  # /mcp guards against DNS rebinding when the address is loopback
    uvicorn.run(
        FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        access_log=access_log,
        timeout_graceful_shutdown=5,
        log_level="info",
    )

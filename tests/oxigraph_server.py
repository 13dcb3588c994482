"""The real Oxigraph server (``oxigraph`` from PyPI), read-only over a store loaded from ``kubekg export``."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kubekg.graph.dataset_export import export
from tests.live_server import free_port

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


class Oxigraph:
    """One ``oxigraph serve-read-only`` process over ``folder/db``; stop and start it again at will."""

    def __init__(self, binary: str, folder: Path) -> None:
        self.binary, self.folder, self.port = binary, folder, free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.binary, "serve-read-only", "--location", str(self.folder / "db"), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the Oxigraph server did not start within 60 s")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
            self.proc = None


@pytest.fixture(scope="session")
def oxigraph(kb, tmp_path_factory) -> Iterator[Oxigraph]:
    """The bundled graph exported, loaded into Oxigraph, served read-only on a free loopback port."""
    binary = str(OXIGRAPH) if OXIGRAPH.exists() else shutil.which("oxigraph")
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install -e '.[test]' brings it)")
    folder = tmp_path_factory.mktemp("oxigraph")
    export(kb.store, folder / "kg.nq")
    subprocess.run(
        [binary, "load", "--location", str(folder / "db"), "--file", str(folder / "kg.nq")],
        check=True,
        capture_output=True,
    )
    server = Oxigraph(binary, folder)
    server.start()
    yield server
    server.stop()

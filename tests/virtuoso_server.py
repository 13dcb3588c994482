"""A real Virtuoso 7 server (Debian's ``virtuoso-opensource-7-bin``) loaded from ``kubekg export``.

Virtuoso has no default graph of its own: the bulk loader puts the export's default-graph triples into
:data:`DEFAULT_GRAPH`, and kubekg is told so (``KUBEKG_STORE_DEFAULT_GRAPH``). A fresh database is
read-only over HTTP already: its ``SPARQL`` user may only select.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kubekg.graph.dataset_export import export
from tests.live_server import free_port, stop_server

DEFAULT_GRAPH = "urn:kubekg:default"

_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 10
CheckpointInterval = 0
NumberOfBuffers = 2000
MaxDirtyBuffers = 1500
DirsAllowed = ., {db}
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 4
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 30
"""


class Virtuoso:
    """One ``virtuoso-t -f`` (in the foreground, a child of the tests) over a database in ``folder``."""

    def __init__(self, binary: str, isql: str, folder: Path) -> None:
        self.binary, self.isql_binary, self.folder = binary, isql, folder
        self.sql_port, self.http_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.http_port}/sparql"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_INI.format(db=self.folder, sql_port=self.sql_port, http_port=self.http_port))
        log = self.folder / "stdout.log"
        with open(log, "ab") as out:
            self.proc = subprocess.Popen(
                [self.binary, "-f", "-c", str(ini)], cwd=self.folder, stdin=subprocess.DEVNULL, stdout=out, stderr=out
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # the HTTP listener opens a little before the SQL one
            if self.proc.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.proc.returncode}:\n{log.read_text()[-2000:]}")
            try:
                ready = httpx.get(self.url, params={"query": "ASK {}"}, timeout=2).status_code == 200
            except httpx.HTTPError:
                ready = False
            if ready and b"Server online at" in log.read_bytes():
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("the Virtuoso server did not start within 120 s")

    def isql(self, sql: str) -> str:
        """Run SQL as dba; isql-vt exits 0 even when the SQL fails, so its output is read for errors."""
        done = subprocess.run(
            [self.isql_binary, f"127.0.0.1:{self.sql_port}", "dba", "dba", "VERBOSE=OFF", "BANNER=OFF", f"exec={sql}"],
            capture_output=True,
            text=True,
            timeout=300,
            stdin=subprocess.DEVNULL,
        )
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise RuntimeError(f"isql-vt failed: {done.stdout}{done.stderr}")
        return done.stdout

    def load(self, nquads: Path) -> None:
        """Bulk-load ``nquads`` (its default graph into :data:`DEFAULT_GRAPH`), and check it loaded."""
        folder = self.folder / "import"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(nquads, folder / nquads.name)
        self.isql(f"ld_dir('{folder}', '{nquads.name}', '{DEFAULT_GRAPH}'); rdf_loader_run(); checkpoint;")
        state = self.isql(
            f"SELECT 'LL', ll_state, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_file = '{folder / nquads.name}';"
        )
        if not any(line.split()[1:] == ["2", "NULL"] for line in state.splitlines() if line.startswith("LL")):
            raise RuntimeError(f"Virtuoso's bulk loader did not load {nquads.name}: {state}")

    def stop(self) -> None:
        if self.proc is not None:
            stop_server(self.proc)  # SIGTERM is Virtuoso's quick shutdown
            self.proc = None


@pytest.fixture(scope="session")
def virtuoso(kb, tmp_path_factory) -> Iterator[Virtuoso]:
    """The bundled graph exported, bulk-loaded into Virtuoso, served on a free loopback port."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource-7-bin; make test does)")
    folder = tmp_path_factory.mktemp("virtuoso")
    export(kb.store, folder / "kg.nq")
    server = Virtuoso(binary, isql, folder)
    server.start()
    try:
        server.load(folder / "kg.nq")
        yield server
    finally:
        server.stop()

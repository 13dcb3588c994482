"""The W3C SPARQL 1.1 Protocol query tests (shared/conformance), run against `kubekg serve --data`."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kubekg.settings import PROJECT_ROOT
from tests.live_server import start_server, stop_server

RUNNER = PROJECT_ROOT.parent / "shared" / "conformance" / "w3c-sparql11-protocol" / "run.py"


@pytest.mark.skipif(not RUNNER.is_file(), reason=f"the W3C protocol runner is not at {RUNNER} (shared/ is absent)")
def test_all_query_tests_of_the_w3c_protocol_suite_pass(tmp_path):
    dataset = tmp_path / "protocol.nq"
    subprocess.run([sys.executable, str(RUNNER), "dataset", str(dataset)], check=True, capture_output=True)
    proc, base = start_server(["--data", str(dataset)])
    try:
        run = subprocess.run(
            [sys.executable, str(RUNNER), "test", base + "/sparql"], capture_output=True, text=True, timeout=300
        )
    finally:
        stop_server(proc)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "20 passed, 0 failed" in run.stdout, run.stdout

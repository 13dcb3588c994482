"""The CI version of the load test: `benchmarks/load_test.py` for 10 s at concurrency 16.

Zero failed requests, and the server's resident memory after the run within 10 % of what it was after
warm-up. The full run (60 s) is `.venv/bin/python benchmarks/load_test.py`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from kubekg.settings import PROJECT_ROOT


def test_ten_seconds_of_mixed_load_without_errors_or_memory_growth():
    run = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "benchmarks" / "load_test.py"), "--duration", "10", "--concurrency", "16"]
        + ["--questions", "60", "--json"],
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(run.stdout)
    assert report["requests"] > 50 and report["p99_ms"] > 0
    assert report["errors"] == 0 and report["warmup_errors"] == 0, report["first_errors"]
    assert all(r["requests"] > 0 for r in report["routes"].values())
    assert report["rss_growth"] <= 0.10, report
    assert run.returncode == 0, run.stderr[-2000:]

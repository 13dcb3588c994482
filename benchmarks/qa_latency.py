"""In-process latency of the QA path: `ask` and `search`, plus index build and cache load times.

    .venv/bin/python benchmarks/qa_latency.py [--rounds 3] [--json benchmarks/results/qa.json]

Questions are the evaluation set's (data/eval/questions.jsonl, both languages). After one warm-up
pass, each question is asked --rounds times in sequence; p50/p95/p99 are over all those calls. The
first round of each question pays for embedding it; later rounds hit the question-embedding cache,
so the table shows cold (first round) and warm figures separately. Targets (issue 3/6): p50 <= 15 ms,
p99 <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from kubekg import KnowledgeBase  # noqa: E402
from kubekg.evaluation import DEFAULT_SET, load_questions  # noqa: E402
from kubekg.settings import Settings  # noqa: E402


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda p: ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]  # noqa: E731
    return {
        "n": len(ordered),
        "p50_ms": pick(50),
        "p95_ms": pick(95),
        "p99_ms": pick(99),
        "mean_ms": statistics.fmean(ordered),
    }


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(cache_dir=Path(cache))
        start = time.perf_counter()
        KnowledgeBase.load(settings=settings)
        build_s = time.perf_counter() - start
        start = time.perf_counter()
        kb = KnowledgeBase.load(settings=settings)
        cached_s = time.perf_counter() - start

    questions = [q["question"] for q in load_questions(DEFAULT_SET)]
    for q in questions[:20]:  # warm-up (model kernels, caches) on a fifth of the set
        kb.ask(q)
    kb.prepare()._qa.index.embedder._cache.clear()
    cold = [timed(kb.ask, q) for q in questions]
    warm = [timed(kb.ask, q) for _ in range(args.rounds - 1) for q in questions]
    search_cold = [timed(kb.search, q, 5) for q in questions[::4]]

    results = {
        "load_with_index_build_s": round(build_s, 2),
        "load_with_cached_index_s": round(cached_s, 2),
        "ask_first_time": percentiles(cold),
        "ask_repeated": percentiles(warm) if warm else None,
        "search": percentiles(search_cold),
    }
    print(f"load + index build      {build_s:6.2f} s")
    print(f"load + cached index     {cached_s:6.2f} s")
    print(f"{'':24}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for name in ("ask_first_time", "ask_repeated", "search"):
        r = results[name]
        if r:
            print(f"{name:<24}{r['n']:>6}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}{r['p99_ms']:>9.1f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()

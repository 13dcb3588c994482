"""In-process latency of the QA path: `ask` and `search`, plus index build and cache load times.

    .venv/bin/python benchmarks/qa_latency.py [--every 1] [--rounds 3] [--cache-dir DIR] [--json FILE]

``benchmarks/run.py`` runs this (in its own process, so the figures are the library's alone) as the
in-process part of the QA benchmark. Questions are the evaluation set's (data/eval/questions.jsonl,
both languages); ``--every N`` takes every N-th. The index is built into ``--cache-dir`` (a fresh
temporary folder by default; an existing cache there is removed first), then loaded from it. After a
warm-up on other questions, each question is asked once (``ask_first_time``: it pays for embedding
the question), then ``--rounds`` - 1 more times (``ask_repeated``: the question-embedding cache hits).
Targets (issue 6): p50 <= 15 ms, p99 <= 50 ms. With ``KUBEKG_QA_ENGINE=learned`` the first load also
trains the ranker (its training time and model size are printed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda p: ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]  # noqa: E731
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 3),
        "p95_ms": round(pick(95), 3),
        "p99_ms": round(pick(99), 3),
        "mean_ms": round(statistics.fmean(ordered), 3),
    }


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000


def measure(cache_dir: Path, every: int = 1, rounds: int = 3, warmup: int = 20) -> dict:
    """The in-process figures; leaves a warm index cache in ``cache_dir``."""
    start = time.perf_counter()
    import sentence_transformers  # noqa: F401  (imported here so the build time below is the build alone)

    from kubekg import KnowledgeBase
    from kubekg.qa.evaluation import DEFAULT_SET, load_questions
    from kubekg.settings import Settings

    import_s = time.perf_counter() - start
    shutil.rmtree(cache_dir, ignore_errors=True)
    settings = Settings(cache_dir=cache_dir)
    start = time.perf_counter()
    KnowledgeBase.load(settings=settings)
    build_s = time.perf_counter() - start
    start = time.perf_counter()
    kb = KnowledgeBase.load(settings=settings)
    cached_s = time.perf_counter() - start

    every_question = [q["question"] for q in load_questions(DEFAULT_SET)]
    questions = every_question[::every]
    others = [q for i, q in enumerate(every_question) if i % every] or every_question
    for q in others[:warmup]:  # warm-up (model kernels, caches) on questions not measured below
        kb.ask(q)
    try:  # forget the warm-up's question embeddings (an internal of the QA engine; skipped if it moved)
        kb.prepare()._qa.index.embedder._cache.clear()
    except AttributeError:
        pass
    cold = [timed(kb.ask, q) for q in questions]
    warm = [timed(kb.ask, q) for _ in range(rounds - 1) for q in questions]
    search = [timed(kb.search, q, 5) for _ in range(rounds) for q in questions]
    ranker = getattr(kb.prepare()._qa, "ranker", None)  # the learned core (KUBEKG_QA_ENGINE=learned)
    return {
        "questions": len(questions),
        "qa_engine": settings.qa_engine,
        "ranker": {**ranker.report, "model_bytes": len(ranker.dumps())} if ranker else None,
        "import_s": round(import_s, 2),
        "load_with_index_build_s": round(build_s, 2),
        "load_with_cached_index_s": round(cached_s, 2),
        "ask_first_time": percentiles(cold),
        "ask_repeated": percentiles(warm) if warm else None,
        "search": percentiles(search),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="take every N-th question of the evaluation set")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cache-dir", type=Path, default=None, help="build the index cache here (and keep it)")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        results = measure(args.cache_dir or Path(tmp) / "cache", args.every, args.rounds)
    print(f"import model libraries  {results['import_s']:6.2f} s")
    print(f"QA core                 {results['qa_engine']}")
    if results["ranker"]:
        r = results["ranker"]
        print(f"ranker trained on       {r['questions']} questions in {r['seconds']} s, model {r['model_bytes']} bytes")
    print(f"load + index build      {results['load_with_index_build_s']:6.2f} s")
    print(f"load + cached index     {results['load_with_cached_index_s']:6.2f} s")
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

"""What the default service costs in one process: load time, `ask` latency, peak memory, and whether
torch is imported, for the embedder and QA core the settings choose (``KUBEKG_EMBEDDER``,
``KUBEKG_QA_ENGINE``), from the cache as `kubekg serve` would find it.

    .venv/bin/python benchmarks/service_footprint.py [--every 2]
    KUBEKG_EMBEDDER=minilm .venv/bin/python benchmarks/service_footprint.py     # side by side

Unlike ``qa_latency.py`` it keeps the project's cache (a first run builds the index and trains the
ranker, minutes; run it again for the figures). After 20 warm-up questions of the blind set, every
N-th question of the main set is asked once (``first``: it pays for embedding the question) and then
again (``repeated``). Targets (issue 12): first `ask` p50 <= 15 ms and p99 <= 50 ms, RSS <= 400 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from qa_latency import percentiles  # noqa: E402 - the benchmarks' one definition of p50 / p99 (run from this folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=2, help="ask every N-th question of the main set")
    args = parser.parse_args()

    started = time.perf_counter()
    from kubekg import KnowledgeBase
    from kubekg.qa.evaluation import DEFAULT_SET, load_questions

    kb = KnowledgeBase.load().prepare()
    loaded = time.perf_counter() - started
    for q in load_questions(DEFAULT_SET.with_name("questions_blind.jsonl"))[:20]:
        kb.ask(q["question"])
    questions = [q["question"] for q in load_questions(DEFAULT_SET)][:: args.every]
    timings: dict[str, list[float]] = {"first": [], "repeated": []}
    for round_name in timings:
        for q in questions:
            t = time.perf_counter()
            kb.ask(q)
            timings[round_name].append((time.perf_counter() - t) * 1000)
    settings = kb.settings
    print(f"core {settings.qa_engine}, embedder {settings.embedder}, {len(questions)} questions")
    print(f"load and prepare (cached index and ranker): {loaded:.1f} s")
    for name, samples in timings.items():
        figures = percentiles(samples)
        print(f"{name} ask: p50 {figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"torch imported: {'torch' in sys.modules}")


if __name__ == "__main__":
    main()

"""A bounded load test on loopback: mixed /ask, /search and /sparql from concurrent async clients.

    .venv/bin/python benchmarks/load_test.py                      # 60 s, 16 clients, its own server
    .venv/bin/python benchmarks/load_test.py --duration 10 --json # the CI version (tests/test_load.py)
    .venv/bin/python benchmarks/load_test.py --url http://127.0.0.1:8000 --pid 1234   # a running server

It starts `kubekg serve` on a free port (unless --url), warms up with the same mix and concurrency (every
question of the pool asked at least once), notes the server's resident memory, runs the mix for
--duration seconds, and notes the memory again. It reports requests, errors, throughput, p50/p99 per
route and overall, and both memory figures. Exit code 1 when any request failed or the memory after the
run is more than --max-growth (default 10 %) above the memory after warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import servers as srv  # benchmarks/servers.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "data" / "eval" / "questions.jsonl"

SEARCHES = ["container runtime", "클러스터 정보 저장", "kubelet", "lazy pulling", "dockershim 제거", "CRI", "etcd"]
SPARQL = [
    "ASK { ?s ?p ?o }",
    "PREFIX k: <https://w3id.org/kubekg/ontology#> SELECT ?cli ?c WHERE { ?cli a k:CLI ; k:maintainedBy ?c }",
    "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(LANG(?l) = 'ko') } LIMIT 20",
    "SELECT ?c (COUNT(?x) AS ?n) WHERE { ?x a ?c } GROUP BY ?c ORDER BY DESC(?n) LIMIT 10",
    "CONSTRUCT { <https://w3id.org/kubekg/resource/crictl> ?p ?o } "
    "WHERE { <https://w3id.org/kubekg/resource/crictl> ?p ?o }",
]
#: Share of each route in the mix.
MIX = (("ask", 0.4), ("search", 0.3), ("sparql", 0.3))


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name, _ in MIX})
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + len(self.errors)


def questions(limit: int | None) -> list[str]:
    lines = [json.loads(line)["question"] for line in QUESTIONS.read_text("utf-8").splitlines() if line.strip()]
    return lines[:limit] if limit else lines


def rss_kib(pid: int) -> int:
    """Resident memory of one process, in KiB (from /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def one_request(client: httpx.AsyncClient, route: str, pick: random.Random, pool: list[str]) -> httpx.Response:
    if route == "ask":
        return await client.post("/ask", json={"question": pick.choice(pool)})
    if route == "search":
        return await client.get("/search", params={"q": pick.choice(SEARCHES), "k": 5})
    query = pick.choice(SPARQL)
    return await client.post("/sparql", content=query.encode(), headers={"content-type": "application/sparql-query"})


async def client_loop(
    client: httpx.AsyncClient, seed: int, pool: list[str], tally: Tally, until: float | None, plan: list[str] | None
) -> None:
    """Send requests back to back: the routes in ``plan`` (warm-up), or a random mix until ``until``."""
    pick = random.Random(seed)
    routes, weights = zip(*MIX, strict=True)
    i = 0
    while True:
        if plan is not None:
            if i >= len(plan):
                return
            route, question_pool = "ask", [plan[i]]
        else:
            if time.monotonic() >= until:
                return
            route, question_pool = pick.choices(routes, weights)[0], pool
        i += 1
        start = time.monotonic()
        try:
            resp = await one_request(client, route, pick, question_pool)
            if resp.status_code != 200:
                tally.errors.append(f"{route} {resp.status_code}: {resp.text[:200]}")
                continue
        except httpx.HTTPError as e:
            tally.errors.append(f"{route} {type(e).__name__}: {e}")
            continue
        tally.latencies[route].append(time.monotonic() - start)


async def run_phase(base: str, concurrency: int, pool: list[str], seconds: float | None, seed: int) -> Tally:
    """Warm-up when ``seconds`` is None (every question once, spread over the clients), else the timed mix."""
    tally = Tally()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        until = None if seconds is None else time.monotonic() + seconds
        plans = [pool[i::concurrency] for i in range(concurrency)] if seconds is None else [None] * concurrency
        await asyncio.gather(*(client_loop(client, seed + i, pool, tally, until, plans[i]) for i in range(concurrency)))
        if seconds is None:  # the rest of the mix warms up too, at the same concurrency
            until = time.monotonic() + 3
            await asyncio.gather(
                *(client_loop(client, seed + 100 + i, pool, tally, until, None) for i in range(concurrency))
            )
    return tally


def start_server(timeout: float = 300) -> tuple[srv.Server, str]:
    """``kubekg serve`` on the bundled graph on a free loopback port, ready (benchmarks/servers.py)."""
    port = srv.free_port()
    server = srv.kubekg(port, None, {**os.environ, "HF_HUB_OFFLINE": "1"}, None)
    if not server.start(timeout):
        raise RuntimeError(f"kubekg serve: {server.error}")
    return server, f"http://127.0.0.1:{port}"


def summary(tally: Tally, seconds: float) -> dict:
    everything = [x for v in tally.latencies.values() for x in v]
    ms = lambda s: round(s * 1000, 1)  # noqa: E731
    return {
        "requests": tally.requests,
        "errors": len(tally.errors),
        "first_errors": tally.errors[:5],
        "requests_per_second": round(tally.requests / seconds, 1),
        "p50_ms": ms(statistics.median(everything)) if everything else None,
        "p99_ms": ms(percentile(everything, 0.99)),
        "routes": {
            route: {"requests": len(v), "p50_ms": ms(percentile(v, 0.5)), "p99_ms": ms(percentile(v, 0.99))}
            for route, v in tally.latencies.items()
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load after warm-up (default 60)")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--questions", type=int, default=None, help="use only the first N evaluation questions")
    parser.add_argument("--url", help="a running server instead of starting one")
    parser.add_argument("--pid", type=int, help="the process id of the --url server, for its memory")
    parser.add_argument("--max-growth", type=float, default=0.10, help="allowed memory growth (default 0.10)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)

    proc = None
    if args.url:
        base, pid = args.url.rstrip("/"), args.pid
    else:
        proc, base = start_server()
        pid = proc.pid
    try:
        pool = questions(args.questions)
        warm = asyncio.run(run_phase(base, args.concurrency, pool, None, args.seed))
        rss_warm = rss_kib(pid) if pid else None
        start = time.monotonic()
        tally = asyncio.run(run_phase(base, args.concurrency, pool, args.duration, args.seed + 1000))
        elapsed = time.monotonic() - start
        rss_after = rss_kib(pid) if pid else None
    finally:
        if proc is not None:
            proc.stop()
    report = {
        "duration_s": round(elapsed, 1),
        "concurrency": args.concurrency,
        "questions": len(pool),
        "warmup_errors": len(warm.errors),
        **summary(tally, elapsed),
        "rss_after_warmup_mib": round(rss_warm / 1024, 1) if rss_warm else None,
        "rss_after_run_mib": round(rss_after / 1024, 1) if rss_after else None,
    }
    growth = (rss_after - rss_warm) / rss_warm if rss_warm and rss_after else 0.0
    report["rss_growth"] = round(growth, 4)
    ok = report["errors"] == 0 and report["warmup_errors"] == 0 and growth <= args.max_growth
    report["ok"] = ok
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(
            f"{report['requests']} requests in {report['duration_s']} s at concurrency {args.concurrency}: "
            f"{report['requests_per_second']}/s, {report['errors']} errors, "
            f"p50 {report['p50_ms']} ms, p99 {report['p99_ms']} ms"
        )
        for route, r in report["routes"].items():
            print(f"  {route:<7} {r['requests']:>6} requests  p50 {r['p50_ms']:>8} ms  p99 {r['p99_ms']:>8} ms")
        if rss_warm:
            print(
                f"server memory (RSS): {report['rss_after_warmup_mib']} MiB after warm-up, "
                f"{report['rss_after_run_mib']} MiB after the run ({growth:+.1%}; limit {args.max_growth:+.0%})"
            )
        for e in report["first_errors"]:
            print("  error:", e)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

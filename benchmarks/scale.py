"""Scaling out: 1 and 2 kubekg replicas (each pinned to a core) behind haproxy, over one Oxigraph store.

    .venv/bin/python benchmarks/scale.py [--seconds 10] [--concurrency 8] [--json FILE]

It exports the bundled graph (`kubekg export`), loads it into the Oxigraph server (read-only), starts N
replicas of `kubekg serve --store` with `taskset -c i`, puts Debian's haproxy (round robin) in front, and
measures /ask and /sparql throughput and p99 latency through the proxy for N = 1 and 2. It measures the
store alone with the same /sparql queries too. Then it fits the Universal Scalability Law,
X(N) = X(1)·N / (1 + σ(N−1) + κN(N−1)), to the points. With two points only σ can be fitted (κ = 0, the
Amdahl case), and the report says so. It extrapolates X(N) and says at which N the store's own
throughput becomes the limit.

Needs haproxy (`apt-get install haproxy`), taskset and the oxigraph server (`pip install -e '.[test]'`).
On a 2-core machine the store shares the cores with the replicas, so the figures are a lower bound of
what separate machines give.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import clients  # benchmarks/clients.py, beside this script
import servers as srv  # benchmarks/servers.py

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "Who maintains crictl?",
    "클러스터 정보는 어디에 저장돼?",
    "Which CLI works with all CRI runtimes?",
    "쿠블렛은 누구 지시를 받아?",
    "How many control-plane components are there?",
    "nerdctl로 도커 컴포즈 돼요?",
]
QUERIES = [
    "PREFIX k: <https://w3id.org/kubekg/ontology#> SELECT ?cli ?c WHERE { ?cli a k:CLI ; k:maintainedBy ?c }",
    "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(LANG(?l) = 'ko') } LIMIT 20",
    "ASK { ?s ?p ?o }",
]
HAPROXY = """global
  maxconn 1024
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
frontend kubekg
  bind 127.0.0.1:{port}
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk GET /health
{servers}
"""


def ask(base: str):
    return lambda i: ("GET", f"{base}/ask", {}, None, {"q": QUESTIONS[i % len(QUESTIONS)]})


def sparql(base: str, path: str = "/sparql"):
    return lambda i: ("GET", f"{base}{path}", {"accept": "application/sparql-results+json"}, None,
                      {"query": QUERIES[i % len(QUERIES)]})  # fmt: skip


def usl_sigma(x1: float, x2: float) -> float:
    """σ of the USL with κ = 0 from X(1) and X(2): X(2) = 2·X(1) / (1 + σ)."""
    return max(0.0, 2 * x1 / x2 - 1) if x2 > 0 else 1.0


def usl(n: int, x1: float, sigma: float, kappa: float = 0.0) -> float:
    return x1 * n / (1 + sigma * (n - 1) + kappa * n * (n - 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="measuring window per point")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    haproxy, taskset = shutil.which("haproxy") or "/usr/sbin/haproxy", shutil.which("taskset")
    if not Path(haproxy).exists() or taskset is None:
        print("needs haproxy and taskset: apt-get install haproxy util-linux", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="kubekg-scale-"))
    log = work / "servers.log"
    report: dict = {"concurrency": args.concurrency, "seconds": args.seconds, "cores": os.cpu_count(), "points": {}}
    started: list[srv.Server] = []
    try:
        subprocess.run(
            [str(srv.VENV_BIN / "kubekg"), "export", "--out", str(work / "kg.nq")], check=True, capture_output=True
        )
        srv.oxigraph_load(work / "db", work / "kg.nq", log)
        store = srv.oxigraph(srv.free_port(), work / "db", log)
        assert store.start(60), store.error
        started.append(store)
        measure = clients.Throughput(window_s=args.seconds)
        report["store_sparql"] = measure.measure(sparql(store.query_url.rsplit("/", 1)[0], "/query"), args.concurrency)
        print(f"store alone, /sparql queries: {report['store_sparql']['per_s']} req/s")
        for replicas in (1, 2):
            group = []
            for core in range(replicas):
                port = srv.free_port()
                server = srv.kubekg(
                    port, None, {**os.environ, "HF_HUB_OFFLINE": "1", "KUBEKG_STORE": store.query_url}, log
                )
                server.argv = [taskset, "-c", str(core % (os.cpu_count() or 1)), *server.argv]
                assert server.start(600), server.error
                started.append(server)
                group.append(port)
            proxy_port = srv.free_port()
            lines = "\n".join(f"  server r{i} 127.0.0.1:{p} check" for i, p in enumerate(group))
            (work / f"haproxy-{replicas}.cfg").write_text(HAPROXY.format(port=proxy_port, servers=lines))
            base = f"http://127.0.0.1:{proxy_port}"
            config = str(work / f"haproxy-{replicas}.cfg")
            proxy = srv.Server("haproxy", [haproxy, "-f", config], f"{base}/sparql", f"{base}/health", log=log)
            assert proxy.start(30), proxy.error
            started.append(proxy)
            clients.Throughput(window_s=2).measure(ask(base), args.concurrency)  # warm every replica
            point = {
                "ask": measure.measure(ask(base), args.concurrency),
                "sparql": measure.measure(sparql(base), args.concurrency),
            }
            report["points"][replicas] = point
            print(f"{replicas} replica(s): /ask {point['ask']['per_s']} req/s (p99 {point['ask']['p99_ms']} ms), "
                  f"/sparql {point['sparql']['per_s']} req/s (p99 {point['sparql']['p99_ms']} ms)")  # fmt: skip
            proxy.stop()
            started.remove(proxy)
            for server in [s for s in started if s.name == "kubekg"]:
                server.stop()
                started.remove(server)
        for route in ("ask", "sparql"):
            x1, x2 = (report["points"][n][route]["per_s"] for n in (1, 2))
            sigma = usl_sigma(x1, x2)
            projection = {n: round(usl(n, x1, sigma), 1) for n in (1, 2, 4, 8, 16, 32)}
            limit = report["store_sparql"]["per_s"]
            report[f"usl_{route}"] = {"sigma": round(sigma, 3), "kappa": 0.0, "projection_per_s": projection}
            print(
                f"USL /{route}: sigma {sigma:.3f} (kappa taken as 0: two points); X(N) = "
                + ", ".join(f"{n}: {x}" for n, x in projection.items())  # fmt: skip
                + (f"; the store alone serves {limit} /sparql req/s" if route == "sparql" else "")
            )
    finally:
        for server in reversed(started):
            server.stop()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""SPARQL latency of kubekg's /sparql against the Oxigraph server, side by side on the same data.

    .venv/bin/pip install -e '.[bench]'          # once: the `oxigraph` server binary
    .venv/bin/python benchmarks/sparql_latency.py [--rounds 300] [--warmup 30]

Starts ``kubekg serve`` (the bundled graph) and ``oxigraph serve`` (in memory, loaded with a dump of the
very same quads) on free loopback ports, then sends each query to both servers in alternation over
one keep-alive connection each, and prints p50/p95 per query in milliseconds with the ratio
kubekg/oxigraph. The target (issue 6): kubekg's p50 within 1.2x of Oxigraph's, or within 1 ms of it.
Both servers and the client share this machine's cores, so compare ratios, not absolute numbers.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
PREFIXES = """PREFIX k: <https://w3id.org/kubekg/ontology#>
PREFIX kr: <https://w3id.org/kubekg/resource/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
QUERIES = {
    "ask": "ASK { ?s ?p ?o }",
    "clis (3 rows)": PREFIXES
    + "SELECT ?cli ?community WHERE { ?cli a k:CLI ; k:maintainedBy ?community } ORDER BY ?cli",
    "labels ko (filter)": PREFIXES
    + 'SELECT ?x ?l WHERE { ?x rdfs:label ?l FILTER(LANG(?l) = "ko" && CONTAINS(?l, "노드")) }',
    "universal (not exists)": PREFIXES
    + """SELECT ?cli WHERE { ?cli a k:CLI .
  FILTER NOT EXISTS { ?runtime a k:ContainerRuntime ; k:implements kr:cri .
                      FILTER NOT EXISTS { ?cli k:worksWith ?runtime } } }""",
    "count by class": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n)",
    "construct crictl": PREFIXES + "CONSTRUCT { kr:crictl ?p ?o } WHERE { kr:crictl ?p ?o }",
    "all triples (~3.6k rows)": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
}
ACCEPT = {"construct crictl": "text/turtle"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(url: str, timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server at {url} did not come up within {timeout:.0f} s")


def dump_quads(path: Path) -> int:
    from kubekg import KnowledgeBase

    os.environ["KUBEKG_SEMANTIC_INDEX"] = "false"  # the graph is all we need here
    kb = KnowledgeBase.load()
    ox.serialize(kb.store, str(path), format=ox.RdfFormat.N_QUADS)
    return len(kb.store)


def timed(client: httpx.Client, url: str, query: str, accept: str) -> float:
    start = time.perf_counter()
    resp = client.post(
        url, content=query.encode(), headers={"content-type": "application/sparql-query", "accept": accept}
    )
    elapsed = time.perf_counter() - start
    if resp.status_code != 200:
        raise SystemExit(f"{url}: {resp.status_code} {resp.text[:300]}")
    return elapsed * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    args = parser.parse_args()
    oxigraph = shutil.which("oxigraph", path=str(VENV_BIN)) or shutil.which("oxigraph")
    if not oxigraph:
        print("the `oxigraph` server is missing: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "KUBEKG_SEMANTIC_INDEX": "false"}
    kport, oport = free_port(), free_port()
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "kubekg.nq"
        quads = dump_quads(dump)
        procs = [
            subprocess.Popen(
                [str(VENV_BIN / "kubekg"), "serve", "--port", str(kport)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
            subprocess.Popen(
                [oxigraph, "serve", "--bind", f"127.0.0.1:{oport}"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
        ]
        try:
            wait_until(f"http://127.0.0.1:{oport}/")
            httpx.post(
                f"http://127.0.0.1:{oport}/store",
                content=dump.read_bytes(),
                headers={"content-type": "application/n-quads"},
                timeout=60,
            ).raise_for_status()
            wait_until(f"http://127.0.0.1:{kport}/health")
            while httpx.get(f"http://127.0.0.1:{kport}/health").status_code != 200:
                time.sleep(0.2)
            servers = {"kubekg": f"http://127.0.0.1:{kport}/sparql", "oxigraph": f"http://127.0.0.1:{oport}/query"}
            print(f"{quads} quads; {args.rounds} rounds per query and server (after {args.warmup} warm-up)\n")
            print(f"{'query':<26} {'kubekg p50':>10} {'p95':>7} {'oxigraph p50':>12} {'p95':>7}", end="")
            print(f" {'ratio':>6} {'diff':>7}  ok")
            failures = 0
            with httpx.Client(timeout=30) as kc, httpx.Client(timeout=30) as oc:
                clients = {"kubekg": kc, "oxigraph": oc}
                for name, query in QUERIES.items():
                    accept = ACCEPT.get(name, "application/sparql-results+json")
                    times: dict[str, list[float]] = {s: [] for s in servers}
                    for i in range(args.warmup + args.rounds):
                        for server, url in servers.items():
                            ms = timed(clients[server], url, query, accept)
                            if i >= args.warmup:
                                times[server].append(ms)
                    k50, o50 = statistics.median(times["kubekg"]), statistics.median(times["oxigraph"])
                    k95 = statistics.quantiles(times["kubekg"], n=20)[-1]
                    o95 = statistics.quantiles(times["oxigraph"], n=20)[-1]
                    ok = k50 <= 1.2 * o50 or k50 - o50 <= 1.0
                    failures += not ok
                    print(
                        f"{name:<26} {k50:>10.3f} {k95:>7.3f} {o50:>12.3f} {o95:>7.3f} {k50 / o50:>5.2f}x "
                        f"{k50 - o50:>+6.3f}  {'yes' if ok else 'NO'}"
                    )
            print("\nok: p50 within 1.2x of Oxigraph's or within 1 ms of it (milliseconds; diff = kubekg - oxigraph)")
            return 1 if failures else 0
        finally:
            for p in procs:
                p.terminate()
            for p in procs:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()


if __name__ == "__main__":
    sys.exit(main())

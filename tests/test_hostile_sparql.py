"""Hostile SPARQL: each query ends in time (an answer, a 4xx or a deadline error) while /health stays fast.

The live server runs with a 2 s query deadline, 3 query workers, a 64 KiB body cap and a 1 GiB memory
budget per query (``tests.live_server.LIVE_SETTINGS``). Plain cross products and runaway ORDER BY are in
``test_http_safety.py``; this file covers the other shapes attackers and fuzzers send, and a flood.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.live_server import LIVE_SETTINGS

TIMEOUT = float(LIVE_SETTINGS["KUBEKG_QUERY_TIMEOUT"])
WORKERS = int(LIVE_SETTINGS["KUBEKG_MAX_CONCURRENT_QUERIES"])
BODY_CAP = int(LIVE_SETTINGS["KUBEKG_MAX_BODY_BYTES"])
P = "<https://w3id.org/kubekg/ontology#worksWith>"
ANY_PATH = f"({P}|!{P})*"

#: name -> (query, the outcomes allowed: "ok" for a 200, else error codes)
HOSTILE: dict[str, tuple[str, set[str]]] = {
    "nested-groups": ("SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000, {"query_too_deep"}),
    "nested-parentheses": (
        "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * 3000 + "?o" + ")" * 3000 + ") }",
        {"query_too_deep"},
    ),
    "nested-optional": (
        "SELECT * WHERE { ?s ?p ?o " + "OPTIONAL { ?s ?p ?o " * 150 + "}" * 150 + "}",
        {"query_too_deep"},
    ),
    "nested-not-exists": ("ASK { " + "FILTER NOT EXISTS { ?s ?p ?o " * 60 + "}" * 60 + " }", {"ok", "query_timeout"}),
    "long-minus-chain": (
        "SELECT * WHERE { ?s ?p ?o " + "MINUS { ?s ?p ?o } " * 3000 + "}",
        {"query_too_complex", "query_timeout"},
    ),
    "huge-values": (
        "SELECT * WHERE { VALUES ?x { " + " ".join(f"<urn:x:{i}>" for i in range(5000)) + " } ?x ?p ?o }",
        {"ok"},
    ),
    "values-cross-product": (
        "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { "
        + " ".join(f'"{i}"' for i in range(4000))
        + " } VALUES ?y { "
        + " ".join(f'"{i}"' for i in range(4000))
        + " } ?s ?p ?o }",
        {"query_timeout", "query_too_large"},
    ),
    "regex-backtracking": ('SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "^(a+)+$")) }', {"ok"}),
    "regex-huge-automaton": (
        'SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "(((a{100}){100}){100}){100}")) }',
        {"ok", "query_failed", "query_timeout", "query_too_large"},
    ),
    "path-over-everything": (f"SELECT * WHERE {{ ?s {ANY_PATH} ?o }}", {"ok"}),
    "path-over-everything-twice": (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s {ANY_PATH} ?o . ?o {ANY_PATH} ?x . ?x {ANY_PATH} ?y }}",
        {"query_timeout", "query_too_large"},
    ),
    "cross-product-construct": ("CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", {"ok"}),
    "cross-product-distinct": (
        "SELECT (COUNT(DISTINCT *) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        {"query_timeout", "query_too_large"},
    ),
    "enormous-literal": ('SELECT * WHERE { BIND("' + "x" * 60_000 + '" AS ?x) }', {"ok"}),
    "literal-doubling": (
        'SELECT (STRLEN(?z) AS ?n) WHERE { BIND("'
        + "x" * 1000
        + '" AS ?a0) '
        + " ".join(f"BIND(CONCAT(?a{i},?a{i}) AS ?a{i + 1})" for i in range(40))
        + " BIND(?a40 AS ?z) }",
        {"query_too_large", "query_timeout"},
    ),
    "thousands-of-prefixes": (
        "".join(f"PREFIX p{i}: <urn:p:{i}#>\n" for i in range(2000)) + "ASK { ?s ?p ?o }",
        {"ok"},
    ),
    "over-the-body-cap": ('SELECT * WHERE { BIND("' + "x" * BODY_CAP + '" AS ?x) }', {"body_too_large"}),
}


def _outcome(resp: httpx.Response) -> str:
    if resp.status_code == 200:
        return "ok"
    assert 400 <= resp.status_code < 500, resp.text[:300]
    error = resp.json()["error"]
    assert error["status"] == resp.status_code and error["message"]
    return error["code"]


def _health_times_while(live_server: str, running: threading.Event, probing: threading.Event) -> list[float]:
    """/health's response times until ``running`` is cleared; ``probing`` is set once the first has come
    back, so the caller can start its query only when the probes run (on a busy machine this thread may
    otherwise not have sent one before a fast query is over)."""
    times = []
    with httpx.Client(base_url=live_server, timeout=10) as client:
        while True:
            start = time.monotonic()
            assert client.get("/health").status_code == 200
            times.append(time.monotonic() - start)
            probing.set()
            if not running.is_set():
                return times
            time.sleep(0.05)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_query_ends_within_its_limit_while_health_stays_fast(live_server, http, name):
    query, allowed = HOSTILE[name]
    running, probing = threading.Event(), threading.Event()
    running.set()
    with ThreadPoolExecutor(1) as pool:
        health = pool.submit(_health_times_while, live_server, running, probing)
        assert probing.wait(30), "/health did not answer"
        start = time.monotonic()
        try:
            resp = http.post("/sparql", content=query.encode(), headers={"content-type": "application/sparql-query"})
        finally:
            seconds = time.monotonic() - start
            time.sleep(0.1)
            running.clear()
        health_times = health.result()
    assert _outcome(resp) in allowed, resp.text[:300]
    assert seconds < TIMEOUT + 1.5, f"{name} took {seconds:.2f} s"
    assert health_times and max(health_times) < 0.5, f"/health took up to {max(health_times):.2f} s"


def test_workers_are_all_back_after_the_hostile_queries(http):
    end = time.monotonic() + 5
    while http.get("/health").json()["query_workers"] != WORKERS and time.monotonic() < end:
        time.sleep(0.1)
    assert http.get("/health").json()["query_workers"] == WORKERS
    assert http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_a_flood_of_slow_queries_does_not_starve_questions_or_health(live_server, http):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    questions = ["What does etcd do?", "Who maintains crictl?", "etcd는 무엇을 저장하나요?"]
    for q in questions:  # warm: the index is loaded and these embeddings are cached
        assert http.get("/ask", params={"q": q}).status_code == 200

    def flood(_: int) -> httpx.Response:
        with httpx.Client(base_url=live_server, timeout=30) as client:
            return client.post("/sparql", content=slow.encode(), headers={"content-type": "application/sparql-query"})

    with ThreadPoolExecutor(4 * WORKERS) as pool:
        floods = [pool.submit(flood, i) for i in range(4 * WORKERS)]
        time.sleep(0.3)  # every worker is busy now, and the rest of the flood waits for one
        ask_times, health_times = [], []
        for i in range(6):
            start = time.monotonic()
            resp = http.get("/ask", params={"q": questions[i % len(questions)]})
            ask_times.append(time.monotonic() - start)
            assert resp.status_code == 200 and resp.json()["answer"]
            start = time.monotonic()
            assert http.get("/health").status_code == 200
            health_times.append(time.monotonic() - start)
        outcomes = [f.result() for f in floods]
    assert max(ask_times) < 1.0, ask_times
    assert max(health_times) < 0.5, health_times
    # Each slow query ends by its deadline: stopped (422), or, still waiting for a worker then, 503 busy.
    for resp in outcomes:
        assert resp.status_code in (422, 503), resp.text[:300]
        assert resp.json()["error"]["code"] in {"query_timeout", "busy"}

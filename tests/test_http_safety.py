"""The endpoint is safe by default: read-only, no outbound requests, a hard deadline, a free event loop."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from kubekg.sparql.guard import QueryRefused, check_query

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
RUNAWAY_SORTED = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?a ?l"
TIMEOUT = 2.0  # KUBEKG_QUERY_TIMEOUT of the live server


def triples(http: httpx.Client) -> int:
    return int(http.get("/sparql", params={"query": COUNT}).json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(
    "update",
    [
        "CLEAR ALL",
        "DROP DEFAULT",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX ex: <urn:> DELETE WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused_and_the_graph_is_unchanged(http, update):
    before = triples(http)
    attempts = [
        http.get("/sparql", params={"query": update}),
        http.get("/sparql", params={"update": update}),
        http.post("/sparql", data={"update": update}),
        http.post("/sparql", data={"query": update}),
        http.post("/sparql", content=update.encode(), headers={"content-type": "application/sparql-update"}),
        http.post("/sparql", content=update.encode(), headers={"content-type": "application/sparql-query"}),
    ]
    for resp in attempts:
        assert resp.status_code == 403, resp.text
        assert resp.json()["error"]["code"] == "read_only"
    assert triples(http) == before


def test_service_is_refused_and_no_connection_is_made(http):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(1.0)
    port = listener.getsockname()[1]
    queries = [
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    ]
    try:
        for q in queries:
            resp = http.get("/sparql", params={"query": q})
            assert resp.status_code == 403 and resp.json()["error"]["code"] == "service_refused"
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()


def test_the_guard_reads_tokens_not_text():
    harmless = [
        'SELECT ?service WHERE { ?s <http://x/SERVICE> "SERVICE { }" }',
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x> { }",
        "PREFIX service: <http://x/> SELECT * WHERE { ?s service:p ?o }",
        "SELECT * WHERE { ?s ?p '''a\nSERVICE <x> {}''' }",
        "PREFIX ex: <http://e/> SELECT ?clear WHERE { ?clear ex:drop ex:load }",
    ]
    for q in harmless:
        check_query(q)
    for q in ["SELECT * { SERVICE <http://x> { ?s ?p ?o } }", "BASE <http://b/> PREFIX a: <x> CLEAR ALL"]:
        with pytest.raises(QueryRefused):
            check_query(q)


def _timed(http_base: str, params: dict, out: dict) -> None:
    start = time.monotonic()
    resp = httpx.get(http_base + "/sparql", params=params, timeout=30)
    out["seconds"] = time.monotonic() - start
    out["resp"] = resp


@pytest.mark.parametrize("query", [RUNAWAY, RUNAWAY_SORTED], ids=["count", "order-by"])
def test_runaway_query_ends_in_an_error_within_the_deadline_while_others_are_served(live_server, http, query):
    result: dict = {}
    runaway = threading.Thread(target=_timed, args=(live_server, {"query": query}, result))
    runaway.start()
    time.sleep(0.3)  # the runaway query is running now
    for _ in range(5):  # meanwhile, health and other queries answer at once
        start = time.monotonic()
        assert http.get("/health").status_code == 200
        assert http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
        assert time.monotonic() - start < 0.5
    runaway.join(timeout=TIMEOUT + 5)
    resp = result["resp"]
    assert 400 <= resp.status_code < 500, resp.text
    assert resp.json()["error"]["code"] in {"query_timeout", "query_too_large"}
    assert result["seconds"] < TIMEOUT + 1
    # The killed worker was replaced: the endpoint still has all its workers.
    assert http.get("/sparql", params={"query": COUNT}).status_code == 200
    time.sleep(0.2)
    assert http.get("/health").json()["query_workers"] == 3

"""`kubekg serve --store URL`: every query goes to a real SPARQL store (Oxigraph loaded from the export).

The answers, the protocol and the pages must be what embedded mode gives; a store that goes away, times
out or answers garbage gives a clear 502/503/504 naming it, and the service recovers by itself.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest

from kubekg import KnowledgeBase
from kubekg.qa.evaluation import evaluate, load_questions
from kubekg.settings import PROJECT_ROOT, Settings
from kubekg.sparql import query_evaluation
from kubekg.sparql.query_evaluation import QueryRequest
from kubekg.sparql.remote_store import RemoteStore, StoreUnavailable, with_bindings
from tests.live_server import LIVE_SETTINGS, server_output, start_server, stop_server
from tests.oxigraph_server import Oxigraph
from tests.virtuoso_server import DEFAULT_GRAPH as VIRTUOSO_DEFAULT_GRAPH

CONVERSATIONS = PROJECT_ROOT / "data" / "eval" / "conversations.jsonl"


@pytest.fixture(scope="module")
def store_kb(oxigraph) -> KnowledgeBase:
    return KnowledgeBase.load(settings=Settings(store=oxigraph.url))


@pytest.fixture(scope="module")
def store_server(oxigraph) -> Iterator[str]:
    env = {**LIVE_SETTINGS, "KUBEKG_STORE": oxigraph.url, "KUBEKG_SEMANTIC_INDEX": "true"}
    proc, base = start_server(env=env, timeout=600)
    yield base
    stop_server(proc)


def test_the_main_set_scores_exactly_as_in_embedded_mode(kb, store_kb, main_set_report):
    assert store_kb.remote and store_kb.dataset_version == kb.dataset_version
    embedded, remote = main_set_report, evaluate(store_kb, load_questions())
    assert remote.summary() == embedded.summary()
    assert [(o.id, o.f1) for o in remote.outcomes] == [(o.id, o.f1) for o in embedded.outcomes]


def test_follow_ups_work_over_the_store(kb, store_kb):
    conversations = load_questions(CONVERSATIONS)  # each turn is asked with the previous answer's context
    assert evaluate(store_kb, conversations).summary() == evaluate(kb, conversations).summary()


def test_protocol_and_pages_over_the_store(store_server, live_server):
    query = "SELECT ?s ?l WHERE { ?s a <https://w3id.org/kubekg/ontology#CLI> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?s ?l"
    for accept in ("application/sparql-results+json", "text/csv", "application/sparql-results+xml"):
        ours = httpx.get(f"{store_server}/sparql", params={"query": query}, headers={"accept": accept})
        embedded = httpx.get(f"{live_server}/sparql", params={"query": query}, headers={"accept": accept})
        assert ours.status_code == 200 and ours.content == embedded.content, accept
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 80"
    capped = httpx.get(f"{store_server}/sparql", params={"query": construct}, headers={"accept": "text/turtle"})
    assert capped.status_code == 200 and capped.headers.get("x-kubekg-truncated") == "true"  # row cap (50)
    malformed = httpx.get(f"{store_server}/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert malformed.status_code == 400 and malformed.json()["error"]["code"] == "malformed_query"
    assert malformed.json() == httpx.get(f"{live_server}/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"}).json()
    federated = httpx.get(
        f"{store_server}/sparql", params={"query": "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }"}
    )
    assert federated.status_code == 403  # the guards stay in front of the store
    page = httpx.get(f"{store_server}/resource/crictl", headers={"accept": "text/html"})
    assert page.status_code == 200 and "쿠버네티스 커뮤니티" in page.text
    turtle = httpx.get(f"{store_server}/resource/crictl", headers={"accept": "text/turtle"})
    assert "kubernetes-community" in turtle.text
    health = httpx.get(f"{store_server}/health").json()
    assert (
        health["status"] == "ok"
        and health["dataset_version"] == httpx.get(f"{live_server}/health").json()["dataset_version"]
    )


def _client_under_load(base: str, until: threading.Event, seen: list[tuple[str, int]], wrong: list) -> None:
    """Ask, query and browse until told to stop; every response must be right or a clear 5xx naming why."""
    checks = (
        ("/ask", {"q": "Who maintains crictl?"}, lambda r: r.json()["answers"][0]["label"] == "Kubernetes community"),
        ("/sparql", {"query": "ASK { ?s ?p ?o }"}, lambda r: r.json()["boolean"] is True),
        ("/resource/etcd", {}, lambda r: "etcd" in r.text),
    )
    with httpx.Client(base_url=base, timeout=30) as client:
        while not until.is_set():
            for path, params, right in checks:
                accept = "text/turtle" if path.startswith("/resource") else "application/json"
                try:
                    r = client.get(path, params=params, headers={"accept": accept})
                except httpx.HTTPError as e:  # a hang or a dropped connection is a failure too
                    wrong.append((path, repr(e)))
                    continue
                seen.append((path, r.status_code))
                try:
                    ok = r.status_code != 200 or right(r)
                except (KeyError, IndexError, ValueError) as e:  # an abstention, or no JSON: wrong too
                    ok = False
                    wrong.append((path, repr(e)))
                if not ok:
                    wrong.append((path, r.text[:300]))
                elif r.status_code != 200 and (
                    r.status_code not in (502, 503, 504) or not r.json()["error"]["message"]
                ):
                    wrong.append((path, r.status_code, r.text[:300]))


def test_a_store_that_goes_away_under_load_is_a_503_and_the_service_recovers(oxigraph, store_server):
    until, seen, wrong = threading.Event(), [], []
    clients = [
        threading.Thread(target=_client_under_load, args=(store_server, until, seen, wrong), daemon=True)
        for _ in range(4)
    ]
    for c in clients:
        c.start()
    try:
        _load_through_an_outage(oxigraph, store_server, seen)
    finally:
        until.set()  # whatever failed: the clients stop, or pytest would wait for them forever at exit
    for c in clients:
        c.join(timeout=60)
    assert not any(c.is_alive() for c in clients), "a client hung"
    assert not wrong, wrong[:5]
    statuses = {status for _, status in seen}
    assert 200 in statuses and 503 in statuses, statuses
    # nothing went wrong on the server's side either (a pyoxigraph result held by the traceback of a store
    # error, dropped on the event loop's thread, printed a RuntimeError per request)
    assert "Traceback" not in server_output(store_server), server_output(store_server)[-3000:]


def _load_through_an_outage(oxigraph, store_server: str, seen: list[tuple[str, int]]) -> None:
    """Stop the store under the clients' load, check every route says so, start it again and wait until
    the clients are answered again, with no restart of kubekg."""
    try:
        time.sleep(1)
        oxigraph.stop()
        home = httpx.get(
            f"{store_server}/", params={"q": "Who maintains ctr?"}, headers={"accept": "text/html"}, timeout=30
        )
        assert home.status_code == 503 and oxigraph.url in home.text  # the page says so too
        for path, params in (
            ("/sparql", {"query": "ASK { ?s ?p ?o }"}),
            ("/ask", {"q": "ctr?"}),
            ("/resource/etcd", {}),
        ):
            response = httpx.get(f"{store_server}{path}", params=params, timeout=30)
            assert response.status_code == 503, path
            assert oxigraph.url in response.json()["error"]["message"], path
        health = httpx.get(f"{store_server}/health", timeout=30)
        assert health.status_code == 503 and "cannot be reached" in health.json()["error"]
        time.sleep(1)
    finally:
        oxigraph.start()
    deadline = time.monotonic() + 30
    while httpx.get(f"{store_server}/health", timeout=30).status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert httpx.get(f"{store_server}/health", timeout=30).status_code == 200
    answered_before = sum(1 for _, status in seen if status == 200)
    deadline = time.monotonic() + 60
    while sum(1 for _, status in seen if status == 200) <= answered_before and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sum(1 for _, status in seen if status == 200) > answered_before  # answering again, no restart


def test_kubekg_started_before_its_store_waits_for_it(oxigraph):
    late = Oxigraph(oxigraph.binary, oxigraph.folder)  # a second read-only server over the same files
    env = {**LIVE_SETTINGS, "KUBEKG_STORE": late.url, "KUBEKG_SEMANTIC_INDEX": "true"}
    proc, base = start_server(env=env, health=503)
    try:
        deadline = time.monotonic() + 60  # "loading" first, "waiting" once the first attempt has failed
        while (health := httpx.get(f"{base}/health", timeout=30).json())["status"] == "loading":
            assert time.monotonic() < deadline, health
            time.sleep(0.2)
        assert health["status"] == "waiting" and late.url in health["error"] and "tries again" in health["error"]
        ask = httpx.get(f"{base}/ask", params={"q": "Who maintains crictl?"})
        assert ask.status_code == 503 and ask.json()["error"]["code"] == "store_unavailable"
        assert ask.headers["retry-after"]
        late.start()
        deadline = time.monotonic() + 300
        while httpx.get(f"{base}/health", timeout=30).status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert httpx.get(f"{base}/health").json()["status"] == "ok"
        answer = httpx.get(f"{base}/ask", params={"q": "Who maintains crictl?"}).json()
        assert answer["answers"][0]["label"] == "Kubernetes community"
    finally:
        stop_server(proc)
        late.stop()


def test_a_store_that_answers_wrongly_at_start_up_is_not_waited_for(oxigraph):
    wrong_path = oxigraph.url.rsplit("/", 1)[0] + "/sparql-is-not-here"  # Oxigraph answers 404 there
    with pytest.raises(RuntimeError, match="exited") as caught:
        start_server(env={**LIVE_SETTINGS, "KUBEKG_STORE": wrong_path}, timeout=120)
    assert "answered 404" in str(caught.value) and wrong_path in str(caught.value)


class _Garbage(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the handler's protocol
        self.rfile.read(int(self.headers.get("content-length", 0)))
        status, body = (500, b"boom") if "fail" in self.path else (200, b"this is not a SPARQL result")
        if "table" in self.path:  # a table where a boolean was asked for
            body = b'{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
        elif "array" in self.path:
            body = b"[]"
        self.send_response(status)
        self.send_header("content-type", "application/sparql-results+json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def bad_store() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_store_answering_500_or_garbage_is_a_502_naming_it(bad_store):
    cases = (("/fail", "answered 500"), ("/garbage", "not a SPARQL result"), ("/table", "ASK query with a table"),
             ("/array", "not a SPARQL result"))  # fmt: skip
    for path, words in cases:
        store = RemoteStore(bad_store + path, timeout=5)
        with pytest.raises(StoreUnavailable) as caught:
            store.query("ASK { ?s ?p ?o }")
        assert caught.value.status == 502 and words in str(caught.value) and bad_store in str(caught.value)


def test_a_store_that_never_answers_is_a_504():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        store = RemoteStore(f"http://127.0.0.1:{silent.getsockname()[1]}/query", timeout=0.5)
        with pytest.raises(StoreUnavailable) as caught:
            store.query("ASK { ?s ?p ?o }")
    assert caught.value.status == 504 and "did not answer within 0.5 s" in str(caught.value)


def test_bindings_travel_as_values_never_as_pasted_text():
    iri = ox.NamedNode("https://w3id.org/kubekg/resource/crictl")
    query = with_bindings(
        "PREFIX k: <https://w3id.org/kubekg/ontology#>\nSELECT ?x ?m WHERE { ?x k:m ?m }", {ox.Variable("x"): iri}
    )
    assert query.endswith("WHERE { VALUES (?x) { (<https://w3id.org/kubekg/resource/crictl>) }  ?x k:m ?m }")
    construct = with_bindings("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", {ox.Variable("x"): iri})
    assert construct.startswith("CONSTRUCT { ?x ?p ?o } WHERE { VALUES (?x)")  # the template stays as it is
    sly = ox.Literal('a" } ; DROP ALL #')
    assert '"a\\" } ; DROP ALL #"' in with_bindings("SELECT ?x WHERE { ?x ?p ?o }", {ox.Variable("x"): sly})
    with pytest.raises(SyntaxError):  # parsed here first, with pyoxigraph's message
        RemoteStore("http://127.0.0.1:9/query").query("SELECT ?x WHERE { ?x ?y }")


def test_health_says_when_the_store_holds_other_data_than_the_index():
    from types import SimpleNamespace

    from kubekg.api.service_state import ServiceState

    class Store:
        version = "aaaa"

        def dataset_version(self):
            return self.version

    state = ServiceState(Settings(store="http://127.0.0.1:9/query"))
    state.kb = SimpleNamespace(remote=True, store=Store())
    state.dataset_version = "aaaa"
    assert state.store_problem() is None
    Store.version = "bbbb"
    problem = state.store_problem()
    assert "now holds dataset bbbb" in problem and "built for aaaa" in problem and "restart" in problem


# -- Virtuoso: a store with no default graph of its own, and its own JSON ----------------------------------


@pytest.fixture(scope="module")
def virtuoso_kb(virtuoso) -> KnowledgeBase:
    return KnowledgeBase.load(settings=Settings(store=virtuoso.url, store_default_graph=VIRTUOSO_DEFAULT_GRAPH))


def test_the_main_set_scores_exactly_as_in_embedded_mode_over_virtuoso(kb, virtuoso_kb, main_set_report):
    assert virtuoso_kb.dataset_version == kb.dataset_version and len(virtuoso_kb.store) == len(kb.store)
    remote = evaluate(virtuoso_kb, load_questions())
    assert [(o.id, o.f1) for o in remote.outcomes] == [(o.id, o.f1) for o in main_set_report.outcomes]


SECTION = "https://w3id.org/kubekg/graph/crictl"
PORTABLE = [  # what a client may send: each gives the same bytes over Virtuoso as in embedded mode
    QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),  # the default graph alone, not every graph
    QueryRequest("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"),
    QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graphs=(SECTION,), named_graphs=()),
    QueryRequest("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", default_graphs=(SECTION,), named_graphs=()),
    QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graphs=(), named_graphs=(SECTION,)),
    QueryRequest(f"SELECT (COUNT(*) AS ?n) FROM <{SECTION}> WHERE {{ ?s ?p ?o }}"),  # its own dataset
    QueryRequest("ASK { <https://w3id.org/kubekg/resource/etcd> a ?t }"),
    QueryRequest("ASK { <https://w3id.org/kubekg/resource/etcd> <https://w3id.org/kubekg/ontology#runsOn> ?x "
                 "FILTER(?x = <https://w3id.org/kubekg/resource/nothing>) }"),
    QueryRequest("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <https://w3id.org/kubekg/resource/crictl>) }",
                 accept="application/n-triples"),
    QueryRequest("SELECT ?l WHERE { <https://w3id.org/kubekg/resource/crictl> ?p ?l FILTER(lang(?l) = 'ko') } "
                 "ORDER BY STR(?l)"),
]  # fmt: skip


@pytest.mark.parametrize("request_", PORTABLE, ids=lambda r: r.query[:40])
def test_virtuoso_answers_the_protocol_as_embedded_mode_does(kb, virtuoso_kb, request_):
    ours, theirs = query_evaluation.evaluate(kb.store, request_), query_evaluation.evaluate(virtuoso_kb.store, request_)
    assert theirs.status == ours.status == 200, theirs.message
    if request_.accept == "application/n-triples":
        assert sorted(theirs.body.splitlines()) == sorted(ours.body.splitlines())
    else:
        assert theirs.body == ours.body


def test_virtuoso_blank_nodes_and_refusals(virtuoso_kb):
    rows = list(virtuoso_kb.store.query("SELECT ?b WHERE { ?x ?p ?b FILTER(isBlank(?b)) } LIMIT 3"))
    assert rows and all(isinstance(r["b"], ox.BlankNode) for r in rows)  # nodeID://… relabelled
    with pytest.raises(SyntaxError):  # an update never reaches the store: it does not parse as a query
        virtuoso_kb.store.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")

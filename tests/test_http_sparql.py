"""/sparql on a live server, as SPARQL clients use it: the protocol, formats, negotiation and errors."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import httpx
import rdflib

K = "https://w3id.org/kubekg/ontology#"
CLIS = f"SELECT ?cli WHERE {{ ?cli a <{K}CLI> }} ORDER BY ?cli"
CRICTL = "https://w3id.org/kubekg/resource/crictl"
CONSTRUCT = f"CONSTRUCT {{ <{CRICTL}> ?p ?o }} WHERE {{ <{CRICTL}> ?p ?o }}"
DIRECT = {"content-type": "application/sparql-query"}


def names(bindings: list[dict]) -> list[str]:
    return [b["cli"]["value"].rsplit("/", 1)[1] for b in bindings]


def error_of(resp: httpx.Response, status: int) -> dict:
    """The one error shape: {"error": {"status", "code", "message"}}, JSON, with the right status."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    error = resp.json()["error"]
    assert error["status"] == status and error["code"] and error["message"]
    return error


def test_get_post_form_and_post_direct_give_the_same_rows(http):
    got = [
        http.get("/sparql", params={"query": CLIS}),
        http.post("/sparql", data={"query": CLIS}),
        http.post("/sparql", content=CLIS.encode(), headers=DIRECT),
    ]
    for resp in got:
        assert resp.status_code == 200
        assert resp.headers["content-type"] == "application/sparql-results+json"
        assert names(resp.json()["results"]["bindings"]) == ["crictl", "ctr", "nerdctl"]


def test_result_formats_by_accept_with_q_values(http):
    def get(accept: str) -> httpx.Response:
        return http.get("/sparql", params={"query": CLIS}, headers={"accept": accept})

    xml = get("application/sparql-results+xml")
    assert xml.headers["content-type"] == "application/sparql-results+xml"
    assert len(ET.fromstring(xml.content).findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 3
    table = list(csv.reader(io.StringIO(get("text/csv").text)))
    assert table[0] == ["cli"] and len(table) == 4
    assert get("text/tab-separated-values").text.splitlines()[0] == "?cli"
    # q-values decide: TSV is preferred here although CSV comes first.
    preferred = get("text/csv;q=0.4, text/tab-separated-values;q=0.9, */*;q=0.1")
    assert preferred.headers["content-type"].startswith("text/tab-separated-values")
    assert get("*/*").headers["content-type"] == "application/sparql-results+json"


def test_construct_in_each_rdf_format(http):
    for accept, fmt in [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ]:
        resp = http.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
        assert resp.status_code == 200 and resp.headers["content-type"].startswith(accept)
        graph = rdflib.Graph().parse(data=resp.text, format=fmt)
        assert (rdflib.URIRef(CRICTL), rdflib.RDF.type, rdflib.URIRef(K + "CLI")) in graph
    default = http.get("/sparql", params={"query": CONSTRUCT})
    assert default.headers["content-type"].startswith("text/turtle")


def test_not_acceptable_is_406_naming_what_is_offered(http):
    error = error_of(http.get("/sparql", params={"query": CLIS}, headers={"accept": "image/png"}), 406)
    assert "application/sparql-results+json" in error["message"]
    error = error_of(http.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": "text/csv"}), 406)
    assert "text/turtle" in error["message"]


def test_protocol_dataset_replaces_the_query_dataset(http):
    graph = "https://w3id.org/kubekg/graph/crictl"
    query = f"ASK {{ <{CRICTL}> a <{K}CLI> }}"
    inside = http.get("/sparql", params={"query": query, "default-graph-uri": graph})
    assert inside.json()["boolean"] is True
    other = http.get("/sparql", params={"query": query, "default-graph-uri": "https://w3id.org/kubekg/graph/etcd"})
    assert other.json()["boolean"] is False
    named = http.get(
        "/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": graph}
    )
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [graph]


def test_service_description_and_query_page_without_a_query(http):
    sd = http.get("/sparql")
    assert sd.status_code == 200 and sd.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=sd.text, format="turtle")
    SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(graph.subjects(rdflib.RDF.type, SD.Service))
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert len(set(graph.objects(service, SD.resultFormat))) == 8
    jsonld = http.get("/sparql", headers={"accept": "application/ld+json"})
    assert jsonld.headers["content-type"] == "application/ld+json"
    page = http.get("/sparql", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    assert "<textarea" in page.text and "<form" in page.text
    assert not re.search(r'(src|href)="(https?:)?//', page.text)  # no external assets (IRIs in queries are fine)


def test_malformed_query_is_400_with_line_and_column(http):
    error = error_of(http.get("/sparql", params={"query": "SELECT ?x WHERE {\n  ?x ?y \n}"}), 400)
    assert error["code"] == "malformed_query"
    assert error["line"] == 3 and error["column"] >= 1
    assert "line 3" in error["message"]


def test_protocol_errors_share_one_json_shape(http):
    error_of(http.put("/sparql", params={"query": "ASK {}"}), 405)
    assert "GET, POST" in http.delete("/sparql").headers["allow"]
    error_of(http.post("/sparql", content=b"ASK {}", headers={"content-type": "text/plain"}), 415)
    error_of(http.post("/sparql", content=b"query=ASK%20%7B%7D"), 415)
    error_of(http.post("/sparql", content="ASK {}".encode("utf-16"), headers=DIRECT), 400)
    error_of(
        http.post(
            "/sparql",
            content="ASK {}".encode("utf-16"),
            headers={"content-type": "application/sparql-query; charset=UTF-16"},
        ),
        400,
    )
    error_of(http.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]), 400)
    error_of(http.post("/sparql", data={"nothing": "here"}), 400)
    error_of(http.get("/no/such/path"), 404)
    error_of(http.post("/sparql", content=b"#" * 70_000, headers=DIRECT), 413)


def test_no_5xx_for_odd_inputs(http):
    odd = [
        {"query": "\x00\x01"},
        {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT -1"},
        {"query": "ASK {}", "default-graph-uri": "not an iri"},
        {"query": "SELECT (1/0 AS ?x) {}"},
        {"query": "DESCRIBE ?x"},
        {"query": "ASK {}", "update": ""},
    ]
    for params in odd:
        assert http.get("/sparql", params=params).status_code < 500, params
    assert http.get("/sparql", params={"query": "ASK {}"}, headers={"accept": "garbage;;q=x"}).status_code == 200
    assert (
        http.post(
            "/sparql", content=b"%ff%fe=1", headers={"content-type": "application/x-www-form-urlencoded"}
        ).status_code
        < 500
    )


def test_results_over_the_row_cap_are_cut_and_say_so(http):
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"  # thousands of rows; the live server caps at 50
    resp = http.get("/sparql", params={"query": everything})
    assert resp.status_code == 200 and resp.headers["x-kubekg-truncated"] == "true"
    assert len(resp.json()["results"]["bindings"]) == 50
    as_csv = http.get("/sparql", params={"query": everything}, headers={"accept": "text/csv"})
    assert as_csv.headers["x-kubekg-truncated"] == "true"
    assert len(list(csv.reader(io.StringIO(as_csv.text)))) == 51
    small = http.get("/sparql", params={"query": CLIS})
    assert "x-kubekg-truncated" not in small.headers


def test_cors_allows_any_origin_without_credentials(http):
    resp = http.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "https://example.org"})
    assert resp.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in resp.headers
    preflight = http.options(
        "/sparql",
        headers={"origin": "https://example.org", "access-control-request-method": "POST"},
    )
    assert preflight.status_code == 200 and "POST" in preflight.headers["access-control-allow-methods"]
    assert (
        "x-kubekg-truncated"
        in http.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "https://a.b"})
        .headers["access-control-expose-headers"]
        .lower()
    )


def test_health_reports_graph_size_index_and_version(http):
    body = http.get("/health").json()
    assert body["status"] == "ok" and body["triples"] > 1000
    assert body["version"] and body["index"] and body["query_workers"] == 3


def test_openapi_documents_every_route(http):
    paths = http.get("/openapi.json").json()["paths"]
    assert {"/ask", "/search", "/sparql", "/resource/{name}", "/health"} <= set(paths)
    assert set(paths["/sparql"]) == {"get", "post"}
    assert json.dumps(paths["/ask"]["post"]).count("Answer") >= 1

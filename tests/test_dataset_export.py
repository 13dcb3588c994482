"""`kubekg export`, the dataset version, and conditional GETs that use it.

The export is what a SPARQL store loads to serve the graph; a real Oxigraph server loaded with it must
answer queries exactly as the embedded store does.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kubekg.cli import app
from kubekg.graph.dataset_export import DATASET, DESCRIPTION_GRAPH, HAS_VERSION, dataset_version, export
from kubekg.graph.namespaces import SD


def load(path: Path, fmt: ox.RdfFormat) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(path), format=fmt)
    return store


@pytest.mark.parametrize("fmt, rdf", [("nquads", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG)])
def test_export_holds_every_quad_and_its_version(kb, tmp_path, fmt, rdf):
    out = tmp_path / f"kg.{fmt}"
    version, count = export(kb.store, out, fmt)
    graphs = set(kb.store.named_graphs())
    assert version == kb.dataset_version and count == len(kb.store) + 1 + 2 * len(graphs)  # version, graph list
    loaded = load(out, rdf)
    assert len(loaded) == count
    assert dataset_version(loaded) == version  # the description graph is not part of the content
    stated = list(loaded.quads_for_pattern(ox.NamedNode(DATASET), ox.NamedNode(HAS_VERSION), None, None))
    assert [(q.object.value, q.graph_name.value) for q in stated] == [(version, DESCRIPTION_GRAPH)]
    assert set(loaded.named_graphs()) - {ox.NamedNode(DESCRIPTION_GRAPH)} == graphs
    listed = loaded.quads_for_pattern(ox.NamedNode(DATASET), ox.NamedNode(SD + "namedGraph"), None, None)
    assert {q.object for q in listed} == graphs  # what a store that shows other graphs too is asked for


def test_version_is_a_content_hash(kb):
    again = ox.Store()
    again.extend(reversed(list(kb.store)))  # the same quads in another order (fresh blank nodes: the export test)
    assert dataset_version(again) == kb.dataset_version
    again.add(
        ox.Quad(ox.NamedNode("https://w3id.org/kubekg/resource/etcd"), ox.NamedNode(HAS_VERSION), ox.Literal("x"))
    )
    assert dataset_version(again) != kb.dataset_version
    assert len(kb.dataset_version) == 16 and int(kb.dataset_version, 16) >= 0


def test_export_command(tmp_path, kb):
    runner = CliRunner()
    done = runner.invoke(app, ["export", "--out", str(tmp_path / "kg.nq")])
    assert done.exit_code == 0 and kb.dataset_version in done.output
    bad = runner.invoke(app, ["export", "--out", str(tmp_path / "kg.xml"), "--format", "xml"])
    assert bad.exit_code == 2 and "nquads, trig" in bad.output
    unwritable = runner.invoke(app, ["export", "--out", str(tmp_path / "no" / "such" / "kg.nq")])
    assert unwritable.exit_code == 1 and "cannot write" in unwritable.output


def test_health_and_answers_report_the_dataset_version(http):
    version = http.get("/health").json()["dataset_version"]
    assert version and http.get("/ask", params={"q": "Who maintains crictl?"}).json()["dataset_version"] == version


def test_sparql_get_carries_an_etag_and_answers_304(http):
    params = {"query": "SELECT ?s WHERE { ?s a <https://w3id.org/kubekg/ontology#CLI> }"}
    first = http.get("/sparql", params=params)
    tag = first.headers["etag"]
    assert first.status_code == 200 and http.get("/health").json()["dataset_version"] in tag
    again = http.get("/sparql", params=params, headers={"if-none-match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert http.get("/sparql", params=params, headers={"if-none-match": f'W/{tag}, "other"'}).status_code == 304
    assert http.get("/sparql", params=params, headers={"if-none-match": '"stale"'}).status_code == 200
    csv = http.get("/sparql", params=params, headers={"accept": "text/csv"})
    assert csv.headers["etag"] != tag  # another representation, another tag
    other = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert other.headers["etag"] != tag
    posted = http.post("/sparql", data=params)
    assert posted.status_code == 200 and "etag" not in posted.headers
    assert "etag" not in http.get("/sparql", params={"query": "SELECT"}).headers  # errors carry none


def test_resource_pages_carry_an_etag_and_answer_304(http):
    turtle = http.get("/resource/etcd", headers={"accept": "text/turtle"})
    tag = turtle.headers["etag"]
    cached = http.get("/resource/etcd", headers={"accept": "text/turtle", "if-none-match": tag})
    assert cached.status_code == 304 and cached.content == b""
    page = http.get("/resource/etcd", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["etag"] != tag
    assert http.get("/resource/no-such-thing", headers={"if-none-match": "*"}).status_code == 404
    assert http.get("/resource/etcd", headers={"accept": "text/turtle", "if-none-match": "*"}).status_code == 304


QUERIES = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "PREFIX k: <https://w3id.org/kubekg/ontology#> SELECT ?cli ?m WHERE { ?cli a k:CLI ; k:maintainedBy ?m } ORDER BY ?cli",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(LANG(?l) = 'ko') } ORDER BY ?s ?l",
]


def test_oxigraph_loaded_from_the_export_answers_as_the_embedded_store(kb, oxigraph):
    version = httpx.get(
        oxigraph.url,
        params={"query": f"SELECT ?v WHERE {{ GRAPH <{DESCRIPTION_GRAPH}> {{ <{DATASET}> <{HAS_VERSION}> ?v }} }}"},
        headers={"accept": "application/sparql-results+json"},
    ).json()["results"]["bindings"]
    assert [b["v"]["value"] for b in version] == [kb.dataset_version]
    for query in QUERIES:
        remote = httpx.get(oxigraph.url, params={"query": query}, headers={"accept": "application/sparql-results+json"})
        rows = ox.parse_query_results(remote.content, format=ox.QueryResultsFormat.JSON)
        theirs = [tuple(str(row[v]) for v in rows.variables) for row in rows]
        local = kb.sparql(query)
        ours = [tuple(str(row[v]) for v in local.variables) for row in local]
        if "GRAPH ?g" in query:  # the export adds its description graph, and nothing else
            theirs = [r for r in theirs if DESCRIPTION_GRAPH not in r[0]]
        assert theirs == ours, query

"""Real clients against the live server: SPARQLWrapper for SPARQL, httpx for linked-data pages."""

from __future__ import annotations

import rdflib
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TURTLE, XML, SPARQLWrapper

K = "https://w3id.org/kubekg/ontology#"
KR = "https://w3id.org/kubekg/resource/"
CLIS = f"SELECT ?cli WHERE {{ ?cli a <{K}CLI> }} ORDER BY ?cli"
CONSTRUCT = f"CONSTRUCT {{ <{KR}crictl> ?p ?o }} WHERE {{ <{KR}crictl> ?p ?o }}"


def wrapper(live_server: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sparql = SPARQLWrapper(live_server + "/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


def test_sparqlwrapper_select_in_json_xml_and_csv(live_server):
    rows = wrapper(live_server, CLIS, JSON).query().convert()["results"]["bindings"]
    assert [r["cli"]["value"] for r in rows] == [KR + "crictl", KR + "ctr", KR + "nerdctl"]
    assert len(wrapper(live_server, CLIS, XML, "POST").query().convert().getElementsByTagName("result")) == 3
    assert wrapper(live_server, CLIS, CSV).query().convert().decode().splitlines()[0] == "cli"


def test_sparqlwrapper_ask(live_server):
    assert wrapper(live_server, f"ASK {{ <{KR}crictl> a <{K}CLI> }}", JSON).query().convert()["boolean"] is True
    assert wrapper(live_server, f"ASK {{ <{KR}crictl> a <{K}Nothing> }}", XML, "POST").query().convert()


def test_sparqlwrapper_construct_in_several_formats(live_server):
    for fmt in (TURTLE, RDFXML, JSONLD, N3):
        result = wrapper(live_server, CONSTRUCT, fmt).query()
        graph = result.convert()
        if not isinstance(graph, rdflib.Graph):
            graph = rdflib.Graph().parse(data=graph, format="turtle" if fmt in (TURTLE, N3) else "json-ld")
        assert (rdflib.URIRef(KR + "crictl"), rdflib.RDF.type, rdflib.URIRef(K + "CLI")) in graph, fmt


def test_resource_page_for_browsers(http):
    page = http.get("/resource/crictl", headers={"accept": "text/html,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "crictl" in text and "쿠버네티스 커뮤니티" in text and "Kubernetes community" in text  # both languages
    assert 'href="/resource/kubernetes-community"' in text  # facts link to their entities' pages
    assert "inferred" in text  # crictl works with containerd by the OWL property chain
    assert "<blockquote" in text and "crictl" in text.split("Sources")[1]  # the cited passages
    linked = http.get("/resource/kubernetes-community", headers={"accept": "text/html"})
    assert linked.status_code == 200


def test_resource_as_rdf_by_accept(http):
    for accept, fmt in [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")]:
        resp = http.get("/resource/etcd", headers={"accept": accept})
        assert resp.status_code == 200 and resp.headers["content-type"].startswith(accept)
        graph = rdflib.Graph().parse(data=resp.text, format=fmt)
        labels = {str(o) for o in graph.objects(rdflib.URIRef(KR + "etcd"), rdflib.RDFS.label)}
        assert "etcd" in labels
    assert http.get("/resource/etcd").headers["content-type"].startswith("text/turtle")
    assert http.get("/resource/etcd?format=jsonld").headers["content-type"] == "application/ld+json"


def test_every_entity_resolves_and_unknown_names_are_404(http):
    # One row (the live server caps results at 50 rows): every entity IRI, space-separated.
    query = f"""SELECT (GROUP_CONCAT(DISTINCT STR(?s); separator=" ") AS ?all)
                WHERE {{ {{ ?s ?p ?o }} UNION {{ ?o ?p ?s }} FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{KR}")) }}"""
    everything = http.get("/sparql", params={"query": query}).json()["results"]["bindings"][0]["all"]["value"]
    names = [iri[len(KR) :] for iri in everything.split()]
    assert len(names) > 60
    for name in names:
        assert http.get(f"/resource/{name}", headers={"accept": "text/html"}).status_code == 200, name
        assert http.get(f"/resource/{name}", headers={"accept": "text/turtle"}).status_code == 200, name
    missing = http.get("/resource/no-such-thing")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"

"""The SPARQL 1.1 Service Description of the endpoint (``sd:`` vocabulary), as RDF triples."""

from __future__ import annotations

import pyoxigraph as ox

from kubekg.graph.namespaces import SD
from kubekg.sparql.content_negotiation import GRAPH_TYPES, SOLUTION_TYPES

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FORMATS_NS = "http://www.w3.org/ns/formats/"
#: The W3C's IRIs for the result formats we write (sd:resultFormat).
_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}


def service_description(
    endpoint_url: str, *, named_graphs: list[str], triples: int, union_default_graph: bool
) -> list[ox.Triple]:
    """Triples describing the endpoint at ``endpoint_url``: language, features, formats and dataset."""
    service = ox.NamedNode(endpoint_url)
    dataset, default_graph = ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    out = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, sd("Graph")),
        ox.Triple(
            default_graph,
            ox.NamedNode("http://rdfs.org/ns/void#triples"),
            ox.Literal(str(triples), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ),
    ]
    if union_default_graph:
        out.append(ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")))
    for name in dict.fromkeys([*SOLUTION_TYPES.values(), *GRAPH_TYPES.values()]):
        out.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + _FORMAT_IRIS[name])))
    for i, graph in enumerate(named_graphs):
        node = ox.BlankNode(f"named{i}")
        out += [
            ox.Triple(dataset, sd("namedGraph"), node),
            ox.Triple(node, RDF_TYPE, sd("NamedGraph")),
            ox.Triple(node, sd("name"), ox.NamedNode(graph)),
        ]
    return out

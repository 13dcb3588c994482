"""The project's namespaces, declared once. Everything else imports them from here."""

from rdflib import Namespace

ONTOLOGY = "https://w3id.org/kubekg/ontology#"
RESOURCE = "https://w3id.org/kubekg/resource/"
GRAPH = "https://w3id.org/kubekg/graph/"

K = Namespace(ONTOLOGY)
KR = Namespace(RESOURCE)
KG = Namespace(GRAPH)

#: The SPARQL 1.1 Service Description vocabulary (the endpoint's description, and an export's).
SD = "http://www.w3.org/ns/sparql-service-description#"

#: Named graph that holds triples derived by inference (never a source section).
INFERRED_GRAPH = GRAPH + "inferred"

PREFIXES = {
    "k": ONTOLOGY,
    "kr": RESOURCE,
    "kg": GRAPH,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
}


def sparql_prologue() -> str:
    """PREFIX lines for every prefix above, for queries the project writes itself."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

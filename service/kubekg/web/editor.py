"""What the SPARQL editor page needs from the graph: completion terms and the example queries."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from kubekg.graph.namespaces import PREFIXES
from kubekg.graph.reader import GraphReader

_TERMS = """SELECT DISTINCT ?term ?kind WHERE {
  { ?term a ?type VALUES (?type ?kind) { (owl:Class "class") (rdfs:Class "class") } }
  UNION { ?x a ?term BIND("class" AS ?kind) }
  UNION { ?term a ?type VALUES ?type { owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty rdf:Property }
          BIND("property" AS ?kind) }
  UNION { ?x ?term ?y BIND("property" AS ?kind) }
  FILTER(isIRI(?term))
} ORDER BY ?kind ?term"""


@cache
def examples() -> dict:
    """``examples.json``: example questions per language and example queries of the bundled graph."""
    return json.loads(resources.files("kubekg.web").joinpath("examples.json").read_text(encoding="utf-8"))


def vocabulary(kb: GraphReader) -> dict:
    """The classes and properties of the served graph, for the editor's completion (never an outside
    service), and the prefixes its queries use. One query over the served graph (a few ms on the bundled one)."""
    terms: dict[str, list[str]] = {"class": [], "property": []}
    for row in kb.select(_TERMS):
        terms[row["kind"].value].append(row["term"].value)
    return {"classes": terms["class"], "properties": terms["property"], "prefixes": PREFIXES}

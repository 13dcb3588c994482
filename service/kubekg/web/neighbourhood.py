"""The neighbourhood graph of an entity page: nodes and labelled edges, in the page's UI language.

The page draws it as SVG (``static/graph.js``) and lists the same edges in a table. The "expand" button
runs :func:`expand_query` (a CONSTRUCT over the SPARQL endpoint) and adds what it returns.
"""

from __future__ import annotations

from kubekg.graph.namespaces import PREFIXES
from kubekg.graph.resource_view import SHOWN_APART, Node, ResourceDescription

#: Most edges drawn around one entity (the table below the drawing lists every fact anyway).
MAX_EDGES = 60


def _node(n: Node, lang: str) -> dict:
    return {"id": n.value, "label": n.label(lang), "lang": lang if lang in n.labels else "en", "name": n.local_name}


def graph_of(view: ResourceDescription, lang: str) -> dict:
    """``{"nodes": [...], "edges": [...]}``: the entity, its IRI neighbours, and the relations between them."""
    centre = Node(view.iri, True, view.labels)
    nodes = {view.iri: {**_node(centre, lang), "centre": True}}
    edges = []
    for facts, outgoing in ((view.facts, True), (view.incoming, False)):
        for fact in facts:
            if not fact.other.is_iri or len(edges) >= MAX_EDGES:
                continue
            nodes.setdefault(fact.other.value, _node(fact.other, lang))
            source, target = (view.iri, fact.other.value) if outgoing else (fact.other.value, view.iri)
            edges.append(
                {
                    "source": source,
                    "target": target,
                    "predicate": fact.predicate.value,
                    "label": fact.predicate.label(lang),
                    "inferred": fact.inferred,
                }
            )
    return {"nodes": list(nodes.values()), "edges": edges}


#: Where the page puts the IRI of the node it expands.
NODE_SLOT = "__NODE__"


def expand_query(lang: str) -> str:
    """The CONSTRUCT the page runs to expand a node (it puts the node's IRI at :data:`NODE_SLOT`): the node's
    IRI neighbours both ways, with the labels of nodes and relations in ``lang``."""
    hidden = ", ".join(f"<{p}>" for p in sorted(SHOWN_APART))
    rdfs = PREFIXES["rdfs"]
    return f"""PREFIX rdfs: <{rdfs}>
CONSTRUCT {{
  ?node ?p ?o . ?s ?q ?node .
  ?node rdfs:label ?nl . ?p rdfs:label ?pl . ?q rdfs:label ?ql . ?o rdfs:label ?ol . ?s rdfs:label ?sl
}}
WHERE {{
  VALUES ?node {{ <{NODE_SLOT}> }}
  OPTIONAL {{ ?node rdfs:label ?nl FILTER(LANG(?nl) = "{lang}") }}
  {{ ?node ?p ?o FILTER(isIRI(?o) && ?p NOT IN ({hidden}))
    OPTIONAL {{ ?p rdfs:label ?pl FILTER(LANG(?pl) = "{lang}") }}
    OPTIONAL {{ ?o rdfs:label ?ol FILTER(LANG(?ol) = "{lang}") }} }}
  UNION
  {{ ?s ?q ?node FILTER(isIRI(?s) && ?q NOT IN ({hidden}))
    OPTIONAL {{ ?q rdfs:label ?ql FILTER(LANG(?ql) = "{lang}") }}
    OPTIONAL {{ ?s rdfs:label ?sl FILTER(LANG(?sl) = "{lang}") }} }}
}} LIMIT {MAX_EDGES * 4}"""

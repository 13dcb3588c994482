"""Materialise the OWL 2 RL entailments the graph relies on, into their own named graph.

Why not run ``owlrl`` at load time: its full closure over the bundled graph adds thousands of trivial
triples (reflexive ``owl:sameAs``, datatype axioms) and takes seconds. The questions need a handful of
rules, run here to a fixpoint with SPARQL on the store (the rule names are those of the OWL 2 RL
profile). ``tests/test_inference.py`` checks that, on the bundled graph, these rules entail exactly
what ``owlrl`` entails between our own terms.
"""

from __future__ import annotations

import pyoxigraph as ox

from kubekg.graph.namespaces import INFERRED_GRAPH, sparql_prologue

RULES: dict[str, str] = {
    # cax-sco + scm-sco: class membership along the subclass hierarchy
    "cax-sco": "CONSTRUCT { ?x a ?d } WHERE { ?x a ?c . ?c rdfs:subClassOf+ ?d . FILTER(isIRI(?d)) }",
    # prp-spo1 + scm-spo: sub-properties
    "prp-spo1": "CONSTRUCT { ?x ?q ?y } WHERE { ?p rdfs:subPropertyOf+ ?q . ?x ?p ?y }",
    # prp-inv1 / prp-inv2: inverse properties, both ways
    "prp-inv": """CONSTRUCT { ?y ?q ?x } WHERE {
        { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } ?x ?p ?y . FILTER(!isLiteral(?y)) }""",
    # prp-symp: symmetric properties
    "prp-symp": "CONSTRUCT { ?y ?p ?x } WHERE { ?p a owl:SymmetricProperty . ?x ?p ?y }",
    # prp-trp: transitive properties
    "prp-trp": "CONSTRUCT { ?x ?p ?z } WHERE { ?p a owl:TransitiveProperty . ?x ?p ?y . ?y ?p ?z }",
    # prp-spo2 for two-link chains: p ⊒ p1 ∘ p2
    "prp-spo2": """CONSTRUCT { ?x ?p ?z } WHERE {
        ?p owl:propertyChainAxiom ?l . ?l rdf:first ?p1 ; rdf:rest ?r . ?r rdf:first ?p2 ; rdf:rest rdf:nil .
        ?x ?p1 ?y . ?y ?p2 ?z }""",
    # prp-dom / prp-rng: domain and range typing
    "prp-dom": "CONSTRUCT { ?x a ?c } WHERE { ?p rdfs:domain ?c . ?x ?p ?y . FILTER(isIRI(?c)) }",
    "prp-rng": "CONSTRUCT { ?y a ?c } WHERE { ?p rdfs:range ?c . ?x ?p ?y . FILTER(isIRI(?c) && !isLiteral(?y)) }",
}

_PROLOGUE = sparql_prologue()


def materialise(store: ox.Store, max_rounds: int = 20) -> int:
    """Add the closure of :data:`RULES` to ``store`` in the graph ``INFERRED_GRAPH``; return how many triples."""
    graph = ox.NamedNode(INFERRED_GRAPH)
    added = 0
    for _ in range(max_rounds):
        new: set[ox.Quad] = set()
        for query in RULES.values():
            for t in store.query(_PROLOGUE + query, use_default_graph_as_union=True):
                if not _holds(store, t):
                    new.add(ox.Quad(t.subject, t.predicate, t.object, graph))
        if not new:
            return added
        store.extend(new)
        added += len(new)
    raise RuntimeError(f"inference did not reach a fixpoint in {max_rounds} rounds")


def _holds(store: ox.Store, t: ox.Triple) -> bool:
    return next(iter(store.quads_for_pattern(t.subject, t.predicate, t.object, None)), None) is not None

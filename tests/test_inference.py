"""Our inference rules entail what OWL 2 RL (the owlrl reasoner) entails between the project's terms."""

from __future__ import annotations

import owlrl
import pyoxigraph as ox
from rdflib import OWL, Graph, URIRef

from kubekg.graph.namespaces import INFERRED_GRAPH, ONTOLOGY, RESOURCE
from kubekg.graph.rdf_terms import graph_of


def ours(triples) -> set[tuple[str, str, str]]:
    """Triples between the project's own terms; owlrl's reflexive owl:sameAs (x sameAs x) is left out."""
    return {
        (str(s), str(p), str(o))
        for s, p, o in triples
        if str(s).startswith(RESOURCE)
        and isinstance(o, URIRef)
        and p != OWL.sameAs
        and (str(o).startswith(RESOURCE) or str(o).startswith(ONTOLOGY))
    }


def test_rules_agree_with_owlrl_on_the_bundled_graph(kb):
    asserted = [
        q for q in kb.store.quads_for_pattern(None, None, None, None) if q.graph_name != ox.NamedNode(INFERRED_GRAPH)
    ]
    reference: Graph = graph_of(asserted)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(reference)
    mine = graph_of(kb.store.quads_for_pattern(None, None, None, None))
    assert ours(mine) == ours(reference)


def test_inferred_triples_live_in_their_own_graph(kb):
    inferred = list(kb.store.quads_for_pattern(None, None, None, ox.NamedNode(INFERRED_GRAPH)))
    assert len(inferred) == kb.inferred_triples > 0

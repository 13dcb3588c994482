"""Conversions between pyoxigraph terms (the store) and rdflib terms (modelling, SHACL)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kubekg.graph.namespaces import PREFIXES


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def graph_of(triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """An rdflib graph of the given triples (graph names dropped), with the project's prefixes bound."""
    g = Graph()
    for p, iri in PREFIXES.items():
        g.bind(p, iri)
    for t in triples:
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return g


def curie(iri: str) -> str:
    """``kr:etcd`` for a project IRI; the IRI itself otherwise."""
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{p}:{iri[len(ns) :]}"
    return iri

"""What the graph says about one entity, gathered for its linked-data page and its RDF descriptions.

:func:`describe` returns labels in each language, definitions, types, the facts (with the section
each comes from, or "inferred"), the facts that point at the entity, and the source passages;
:func:`resource_triples` returns the triples about the entity, for Turtle, JSON-LD and N-Triples.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from kubekg.graph.namespaces import INFERRED_GRAPH, PREFIXES, RESOURCE
from kubekg.graph.rdf_terms import curie
from kubekg.graph.reader import GraphReader

RDFS_LABEL = PREFIXES["rdfs"] + "label"
SKOS = PREFIXES["skos"]
SHOWN_APART = {
    RDFS_LABEL,
    SKOS + "prefLabel",
    SKOS + "altLabel",
    SKOS + "definition",
    PREFIXES["rdf"] + "type",
    PREFIXES["prov"] + "wasDerivedFrom",
}


@dataclass
class Node:
    """An IRI or literal as shown to a person: labels per language, or the literal's text."""

    value: str
    is_iri: bool
    labels: dict[str, str] = field(default_factory=dict)
    lang: str | None = None

    def label(self, lang: str = "en") -> str:
        if not self.is_iri:
            return self.value
        return self.labels.get(lang) or self.labels.get("en") or next(iter(self.labels.values()), curie(self.value))

    @property
    def local_name(self) -> str | None:
        """The NAME of a ``kr:NAME`` IRI (so it links to ``/resource/NAME``), else None."""
        if self.is_iri and self.value.startswith(RESOURCE) and "/" not in self.value[len(RESOURCE) :]:
            return self.value[len(RESOURCE) :]
        return None


@dataclass
class Fact:
    predicate: Node
    other: Node
    graphs: list[str] = field(default_factory=list)

    @property
    def inferred(self) -> bool:
        return self.graphs == [INFERRED_GRAPH]


@dataclass
class Source:
    graph: str
    titles: dict[str, str]
    passages: dict[str, str]


@dataclass
class ResourceDescription:
    iri: str
    name: str
    labels: dict[str, str]
    alt_labels: dict[str, list[str]]
    definitions: dict[str, str]
    types: list[Node]
    facts: list[Fact]
    incoming: list[Fact]
    sources: list[Source]


def resource_iri(name: str) -> str:
    return RESOURCE + name


def _named_node(iri: str) -> ox.NamedNode | None:
    """``iri`` as a node, or None when it is not a valid IRI (then the graph cannot mention it)."""
    try:
        return ox.NamedNode(iri)
    except ValueError:
        return None


def exists(kb: GraphReader, iri: str) -> bool:
    node = _named_node(iri)
    if node is None:
        return False
    return any(True for _ in kb.store.quads_for_pattern(node, None, None, None)) or any(
        True for _ in kb.store.quads_for_pattern(None, None, node, None)
    )


def _node(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> Node:
    if isinstance(term, ox.Literal):
        return Node(term.value, False, lang=term.language)
    return Node(term.value, isinstance(term, ox.NamedNode))


def labels_of(kb: GraphReader, iris: set[str]) -> dict[str, dict[str, str]]:
    """``{iri: {lang: label}}`` for each of ``iris`` that has language-tagged ``rdfs:label``s (a string that
    is not an IRI, such as a literal object of some evidence, has none)."""
    nodes = []
    for iri in sorted(iris):
        with contextlib.suppress(ValueError):
            nodes.append(ox.NamedNode(iri))
    if not nodes:
        return {}
    values = " ".join(str(n) for n in nodes)  # serialised as RDF terms, never pasted text
    rows = kb.select(
        f"SELECT DISTINCT ?x ?l WHERE {{ VALUES ?x {{ {values} }}"
        " { ?x rdfs:label ?l } UNION { GRAPH ?g { ?x rdfs:label ?l } } FILTER(LANG(?l) != '') } ORDER BY ?x ?l"
    )
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        out[row["x"].value].setdefault(row["l"].language, row["l"].value)
    return out


def _facts(kb: GraphReader, query: str, iri: str) -> list[Fact]:
    grouped: dict[tuple, Fact] = {}
    for row in kb.select(query, x=ox.NamedNode(iri)):
        if row["p"].value in SHOWN_APART:
            continue
        key = (row["p"].value, row["o"])
        fact = grouped.setdefault(key, Fact(_node(row["p"]), _node(row["o"])))
        if row["g"] is not None and row["g"].value not in fact.graphs:
            fact.graphs.append(row["g"].value)
    return list(grouped.values())


def describe(kb: GraphReader, iri: str) -> ResourceDescription | None:
    """Everything the page of ``iri`` shows, or None when the graph does not mention ``iri``."""
    if not exists(kb, iri):
        return None
    node = ox.NamedNode(iri)
    labels: dict[str, str] = {}
    alt: dict[str, list[str]] = defaultdict(list)
    definitions: dict[str, str] = {}
    types: list[Node] = []
    for quad in kb.store.quads_for_pattern(node, None, None, None):
        p, o = quad.predicate.value, quad.object
        if p in (RDFS_LABEL, SKOS + "prefLabel") and isinstance(o, ox.Literal) and o.language:
            labels.setdefault(o.language, o.value)
        elif p == SKOS + "altLabel" and isinstance(o, ox.Literal):
            if o.value not in alt[o.language or ""]:
                alt[o.language or ""].append(o.value)
        elif p == SKOS + "definition" and isinstance(o, ox.Literal):
            definitions.setdefault(o.language or "", o.value)
        elif p == PREFIXES["rdf"] + "type" and isinstance(o, ox.NamedNode) and o.value not in {t.value for t in types}:
            types.append(_node(o))
    facts = _facts(kb, "SELECT ?x ?p ?o ?g WHERE { { ?x ?p ?o } UNION { GRAPH ?g { ?x ?p ?o } } } ORDER BY ?p ?o", iri)
    incoming = _facts(
        kb, "SELECT ?x ?p (?s AS ?o) ?g WHERE { { ?s ?p ?x } UNION { GRAPH ?g { ?s ?p ?x } } } ORDER BY ?p ?s", iri
    )
    named = {n.value for f in facts + incoming for n in (f.predicate, f.other) if n.is_iri} | {t.value for t in types}
    found = labels_of(kb, named)
    for n in [t for t in types] + [n for f in facts + incoming for n in (f.predicate, f.other)]:
        n.labels = found.get(n.value, {})
    return ResourceDescription(
        iri=iri,
        name=iri[len(RESOURCE) :] if iri.startswith(RESOURCE) else iri,
        labels=labels,
        alt_labels=dict(alt),
        definitions=definitions,
        types=types,
        facts=facts,
        incoming=incoming,
        sources=_sources(kb, iri),
    )


def _sources(kb: GraphReader, iri: str) -> list[Source]:
    rows = kb.select(
        """SELECT DISTINCT ?x ?g ?title ?text ?order WHERE {
             { ?x prov:wasDerivedFrom ?g } UNION { GRAPH ?g { ?x ?p ?o } }
             UNION { GRAPH ?any { ?x prov:wasDerivedFrom ?g } }
             { ?g a k:SourceSection ; rdfs:label ?title ; k:passage ?text }
             UNION { GRAPH ?h { ?g a k:SourceSection ; rdfs:label ?title ; k:passage ?text } }
             FILTER(LANG(?title) = LANG(?text))
             OPTIONAL { ?g k:sectionOrder ?order }
           } ORDER BY ?order ?g""",
        x=ox.NamedNode(iri),
    )
    sources: dict[str, Source] = {}
    for row in rows:
        src = sources.setdefault(row["g"].value, Source(row["g"].value, {}, {}))
        lang = row["text"].language or ""
        src.titles.setdefault(lang, row["title"].value)
        src.passages.setdefault(lang, row["text"].value)
    return list(sources.values())


def resource_triples(kb: GraphReader, iri: str) -> list[ox.Triple]:
    """The triples about ``iri``, in any graph, each once: first those with it as subject, then as object."""
    node = _named_node(iri)
    if node is None:
        return []
    quads = [*kb.store.quads_for_pattern(node, None, None, None), *kb.store.quads_for_pattern(None, None, node, None)]
    return list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))

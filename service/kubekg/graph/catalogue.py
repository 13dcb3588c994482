"""What the QA engine knows about the graph's vocabulary, read from the graph itself.

Terms (entities and classes, with every label in both languages) and relations (every property that
carries question phrasings). Nothing here is specific to Kubernetes: a property added in Turtle with
``k:askObject`` / ``k:askSubject`` phrasings becomes a relation the engine can answer about.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kubekg.graph.namespaces import INFERRED_GRAPH, ONTOLOGY, RESOURCE
from kubekg.graph.reader import GraphReader


@dataclass
class Term:
    iri: str
    is_class: bool
    label: dict[str, str] = field(default_factory=dict)  # lang -> the one rdfs:label
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # lang -> all labels
    definition: dict[str, str] = field(default_factory=dict)
    types: set[str] = field(default_factory=set)

    def display(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("en") or next(iter(self.label.values()), self.iri)

    def all_names(self) -> set[str]:
        return {n for names in self.names.values() for n in names}


@dataclass
class Relation:
    iri: str
    label: dict[str, str] = field(default_factory=dict)
    ask_object: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    ask_subject: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    ask_negated: dict[str, list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )  # yes/no, answered the other way
    statement: dict[str, str] = field(default_factory=dict)
    literal_valued: bool = False  # e.g. skos:definition: objects are texts, not entities

    def phrasings(self, direction: str, lang: str) -> list[str]:
        return (self.ask_object if direction == "object" else self.ask_subject).get(lang, [])

    def display(self, lang: str) -> str:
        return self.label.get(lang) or self.label.get("en") or self.iri


@dataclass
class Catalogue:
    terms: dict[str, Term]
    relations: dict[str, Relation]
    sections: dict[str, dict]  # graph iri -> {"id", "title": {lang}, "passage": {lang}}

    def term(self, iri: str) -> Term | None:
        return self.terms.get(iri)

    def label(self, iri: str, lang: str) -> str:
        if (t := self.terms.get(iri)) is not None:
            return t.display(lang)
        if (r := self.relations.get(iri)) is not None:
            return r.display(lang)
        return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    @classmethod
    def build(cls, kb: GraphReader) -> Catalogue:
        terms: dict[str, Term] = {}

        def term(iri: str, is_class: bool) -> Term:
            if iri not in terms:
                terms[iri] = Term(iri=iri, is_class=is_class)
            return terms[iri]

        for row in kb.select(
            f"""SELECT ?x ?kind WHERE {{
                  {{ ?x a owl:Class BIND("class" AS ?kind) }} UNION
                  {{ ?x a ?t FILTER(STRSTARTS(STR(?x), "{RESOURCE}")) BIND("resource" AS ?kind) }} }}"""
        ):  # a string, not a boolean: some stores (Virtuoso) return projected booleans as 1 and 0
            term(row["x"].value, row["kind"].value == "class")
        for row in kb.select(
            "SELECT ?x ?p ?l WHERE { ?x ?p ?l VALUES ?p { rdfs:label skos:prefLabel skos:altLabel skos:definition } }"
        ):
            t = terms.get(row["x"].value)
            lit = row["l"]
            if t is None or not getattr(lit, "language", None):
                continue
            lang = lit.language.split("-")[0]
            if row["p"].value.endswith("definition"):
                t.definition.setdefault(lang, lit.value)
                continue
            if row["p"].value.endswith("#label"):
                t.label.setdefault(lang, lit.value)
            t.names[lang].add(lit.value)
        for row in kb.select(f'SELECT ?x ?t WHERE {{ ?x a ?t FILTER(STRSTARTS(STR(?x), "{RESOURCE}")) }}'):
            if (t := terms.get(row["x"].value)) is not None:
                t.types.add(row["t"].value)

        relations: dict[str, Relation] = {}
        for row in kb.select(
            """SELECT ?p ?a ?text WHERE {
                 ?p ?a ?text VALUES ?a { k:askObject k:askSubject k:askNegated k:statement } }"""
        ):
            r = relations.setdefault(row["p"].value, Relation(iri=row["p"].value))
            lit = row["text"]
            lang = (lit.language or "en").split("-")[0]
            kind = row["a"].value[len(ONTOLOGY) :]
            if kind == "askObject":
                r.ask_object[lang].append(lit.value)
            elif kind == "askSubject":
                r.ask_subject[lang].append(lit.value)
            elif kind == "askNegated":
                r.ask_negated[lang].append(lit.value)
            else:
                r.statement.setdefault(lang, lit.value)
        for r in relations.values():
            r.ask_object = {k: sorted(v) for k, v in r.ask_object.items()}
            r.ask_subject = {k: sorted(v) for k, v in r.ask_subject.items()}
            r.ask_negated = {k: sorted(v) for k, v in r.ask_negated.items()}
        for row in kb.select("SELECT ?p ?l WHERE { ?p rdfs:label ?l }"):
            if (r := relations.get(row["p"].value)) is not None and row["l"].language:
                r.label.setdefault(row["l"].language, row["l"].value)
        for row in kb.select("SELECT DISTINCT ?p WHERE { ?p a owl:AnnotationProperty }"):
            if (r := relations.get(row["p"].value)) is not None:
                r.literal_valued = True
        for row in kb.select("SELECT DISTINCT ?p WHERE { ?p a owl:DatatypeProperty }"):
            if (r := relations.get(row["p"].value)) is not None:
                r.literal_valued = True

        sections: dict[str, dict] = {}
        for row in kb.select(
            """SELECT ?g ?id ?title ?passage WHERE { ?g a k:SourceSection ; k:sectionId ?id ;
                 rdfs:label ?title ; k:passage ?passage FILTER(LANG(?title) = LANG(?passage)) }"""
        ):
            g = row["g"].value
            s = sections.setdefault(g, {"id": row["id"].value, "title": {}, "passage": {}})
            lang = row["passage"].language
            s["title"][lang] = row["title"].value
            s["passage"][lang] = row["passage"].value
        sections.pop(INFERRED_GRAPH, None)
        return cls(terms=terms, relations=relations, sections=sections)

"""The evidence behind an answer: each triple with its labels and the named graph (note section) that
asserts it, or whether only inference gives it; the related triples that back a "no"; the note's
passages an answer cites."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from kubekg.answer_models import EvidenceTriple, SourcePassage
from kubekg.graph.catalogue import Catalogue
from kubekg.graph.namespaces import INFERRED_GRAPH


class EvidenceFinder:
    def __init__(self, kb, catalogue: Catalogue):
        self.kb = kb
        self.catalogue = catalogue
        self.provenance: dict[str, list[str]] = defaultdict(list)
        for row in kb.select("SELECT ?x ?g WHERE { ?x prov:wasDerivedFrom ?g . ?g a k:SourceSection }"):
            self.provenance[row["x"].value].append(row["g"].value)

    def triple(self, s: str, p: str, o: str, literal: bool = False, lang: str = "en") -> EvidenceTriple:
        graphs = self._graphs_of(s, p, o, literal)
        asserted = [g for g in graphs if g != INFERRED_GRAPH]
        return EvidenceTriple(
            subject=s,
            subject_label=self.catalogue.label(s, lang),
            predicate=p,
            predicate_label=self.catalogue.label(p, lang),
            object=o,
            object_label=o if literal else self.catalogue.label(o, lang),
            graph=(asserted or graphs or [None])[0],
            inferred=not asserted,
        )

    def in_language(self, e: EvidenceTriple, lang: str) -> EvidenceTriple:
        """``e`` with the labels of its subject, relation and (when it is a term of the graph) object in
        ``lang``; a literal object stays as it is."""
        obj = self.catalogue.label(e.object, lang) if e.object in self.catalogue.terms else e.object_label
        return e.model_copy(
            update={
                "subject_label": self.catalogue.label(e.subject, lang),
                "predicate_label": self.catalogue.label(e.predicate, lang),
                "object_label": obj,
            }
        )

    def _graphs_of(self, s: str, p: str, o: str, literal: bool) -> list[str]:
        obj = None if literal else ox.NamedNode(o)
        return [
            q.graph_name.value
            for q in self.kb.store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), obj, None)
            if isinstance(q.graph_name, ox.NamedNode) and (not literal or q.object.value == o)
        ]

    def nearby(self, s: str, p: str) -> list[EvidenceTriple]:
        """For a "no": what the graph does say about the subject with that relation."""
        return [
            self.triple(s, p, q.object.value)
            for q in self.kb.store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None, ox.DefaultGraph())
            if isinstance(q.object, ox.NamedNode)
        ][:10]

    def links(self, a: str, b: str) -> list[EvidenceTriple]:
        """The phrased relations between two things, either way round."""
        out = []
        for s, o in ((a, b), (b, a)):
            for quad in self.kb.store.quads_for_pattern(ox.NamedNode(s), None, ox.NamedNode(o), ox.DefaultGraph()):
                if quad.predicate.value in self.catalogue.relations:
                    out.append(self.triple(s, quad.predicate.value, o))
        return out

    def sections_of(self, *iris: str) -> list[str]:
        return [g for i in iris for g in self.provenance.get(i, [])]

    def passages(self, sections: list[str], lang: str) -> list[SourcePassage]:
        out = []
        for g in sections:
            s = self.catalogue.sections.get(g)
            if s and lang in s["passage"]:
                out.append(
                    SourcePassage(
                        section_id=s["id"],
                        graph=g,
                        title=s["title"].get(lang, s["id"]),
                        text=s["passage"][lang],
                        lang=lang,
                    )
                )
        return out

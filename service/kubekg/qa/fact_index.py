"""Which things take part in which relation, read once from the graph: lets the QA engine tell that a
reading can have answers, follow two-hop paths and check "only" without running a query per step."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kubekg.graph.catalogue import Catalogue

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass
class Facts:
    """Who has which relation (entity-valued facts of the phrased relations, inferred ones included)."""

    subjects: dict[str, set[str]]  # relation -> its subjects
    objects: dict[str, set[str]]  # relation -> its objects
    neighbours: dict[str, set[str]]  # what each thing is related to, either way, by a phrased relation
    by_subject: dict[tuple[str, str], set[str]]  # (relation, subject) -> objects
    by_object: dict[tuple[str, str], set[str]]  # (relation, object) -> subjects
    texts: dict[str, set[str]]  # text-valued relation (a definition, …) -> the things that have a value of it
    reaching: dict[str, set[str]]  # thing -> the relations that have it as object

    @classmethod
    def of(cls, kb, catalogue: Catalogue) -> Facts:
        subjects: dict[str, set[str]] = defaultdict(set)
        objects: dict[str, set[str]] = defaultdict(set)
        neighbours: dict[str, set[str]] = defaultdict(set)
        by_subject: dict[tuple[str, str], set[str]] = defaultdict(set)
        by_object: dict[tuple[str, str], set[str]] = defaultdict(set)
        reaching: dict[str, set[str]] = defaultdict(set)
        for row in kb.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) }"):
            p = row["p"].value
            if p in catalogue.relations:
                s, o = row["s"].value, row["o"].value
                subjects[p].add(s)
                objects[p].add(o)
                neighbours[s].add(o)
                neighbours[o].add(s)
                by_subject[(p, s)].add(o)
                by_object[(p, o)].add(s)
                reaching[o].add(p)
        texts: dict[str, set[str]] = defaultdict(set)
        for row in kb.select("SELECT DISTINCT ?s ?p WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"):
            if (r := catalogue.relations.get(row["p"].value)) is not None and r.literal_valued:
                texts[r.iri].add(row["s"].value)
        return cls(
            dict(subjects),
            dict(objects),
            dict(neighbours),
            dict(by_subject),
            dict(by_object),
            dict(texts),
            dict(reaching),
        )

    def step(self, relation: str, node: str, direction: str) -> set[str]:
        """One hop: the objects of ``node`` (direction "object") or its subjects ("subject")."""
        index = self.by_subject if direction == "object" else self.by_object
        return index.get((relation, node), set())

    def solely(self, relation: str, anchor: str, direction: str, answers) -> list[str]:
        """Of the answers a lookup from ``anchor`` returns (``direction`` as in :meth:`step`), those the
        relation links to the anchor and to nothing else: "which CLIs work *only* with containerd?" keeps
        ctr and nerdctl (crictl works with every CRI runtime)."""
        back = "subject" if direction == "object" else "object"
        return [a for a in answers if self.step(relation, a, back) == {anchor}]

    def most_specific(self, kinds) -> str | None:
        """Of these classes, the one with the fewest members (ties: the first IRI), or None."""
        return min(sorted(kinds), key=lambda c: len(self.step(RDF_TYPE, c, "subject")), default=None)

    def recorded(self, relation: str) -> bool:
        """Whether the graph states any entity-valued fact with this relation."""
        return relation in self.subjects

"""Which things take part in which relation, read once from the graph: lets the QA engine tell that a
reading can have answers (and what a second named entity is related to) without running a query."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kubekg.graph.catalogue import Catalogue


@dataclass
class Facts:
    """Who has which relation, to check a candidate can have answers before running it."""

    subjects: dict[str, set[str]]
    objects: dict[str, set[str]]
    neighbours: dict[str, set[str]]  # what each thing is related to, either way, by a phrased relation

    @classmethod
    def of(cls, kb, catalogue: Catalogue) -> Facts:
        subjects: dict[str, set[str]] = defaultdict(set)
        objects: dict[str, set[str]] = defaultdict(set)
        neighbours: dict[str, set[str]] = defaultdict(set)
        for row in kb.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) }"):
            p = row["p"].value
            if p in catalogue.relations:
                s, o = row["s"].value, row["o"].value
                subjects[p].add(s)
                objects[p].add(o)
                neighbours[s].add(o)
                neighbours[o].add(s)
        return cls(subjects=dict(subjects), objects=dict(objects), neighbours=dict(neighbours))

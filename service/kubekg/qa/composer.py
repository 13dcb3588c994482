"""Writing the answer of the reading the ranker chose: its SPARQL run, its sentence in the question's
language, its evidence triples with provenance, and the passages it cites.

Only the winning reading is composed (:attr:`kubekg.qa.readings.Candidate.compose`), so the work here
(queries for the evidence, passages) is done once per question.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from kubekg.answer_models import Answer, AnswerItem
from kubekg.graph.catalogue import Catalogue, Relation
from kubekg.qa import query_builder as qb
from kubekg.qa.answer_writer import AnswerWriter, join, with_only
from kubekg.qa.evidence import EvidenceFinder
from kubekg.qa.fact_index import Facts
from kubekg.qa.mentions import is_iri
from kubekg.qa.readings import LookupSpec, Query
from kubekg.search.retrieval import Retriever

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class AnswerComposer:
    def __init__(self, kb, catalogue: Catalogue, facts: Facts, evidence: EvidenceFinder, retriever: Retriever):
        self.kb = kb
        self.catalogue = catalogue
        self.facts = facts
        self.evidence = evidence
        self.retriever = retriever
        self.writer = AnswerWriter(catalogue)

    def definition(self, query: Query, anchor: str, relation: Relation, text: str, p: float) -> Answer:
        lang = query.lang
        evidence = [self.evidence.triple(anchor, relation.iri, text, literal=True, lang=lang)]
        return self.answer(
            query.text,
            query.lang,
            "definition",
            self.writer.definition(anchor, text, lang),
            [AnswerItem(label=self.catalogue.label(anchor, lang), iri=anchor)],
            p,
            qb.literal(anchor, relation.iri, lang),
            evidence,
        )

    def lookup(self, query: Query, spec: LookupSpec, count: bool, p: float) -> Answer:
        lang = query.lang
        anchor, rel, direction = spec.anchor, spec.relation, spec.direction
        build = qb.objects if direction == "object" else qb.subjects
        args = dict(
            linked_to=spec.linked_to,
            exclude=sorted(spec.exclude or []) or None,
            among=sorted(spec.among or []) or None,
            solely=spec.solely,
        )
        sparql = build(anchor, rel.iri, spec.answer_class, **args)
        answers = [r["answer"].value for r in self.kb.sparql(sparql)]
        answers = sorted(set(answers), key=lambda a: self.catalogue.label(a, lang).lower())
        members = rel.iri == RDF_TYPE and direction == "subject"
        shape = "members" if members else ("objects" if direction == "object" else "subjects")
        evidence = [
            self.evidence.triple(anchor, rel.iri, a)
            if direction == "object"
            else self.evidence.triple(a, rel.iri, anchor)
            for a in answers
        ]
        if spec.linked_to:
            evidence += [e for a in answers for e in self.evidence.links(a, spec.linked_to)]
        if members:
            sentence = self.writer.members(anchor, answers, lang)
        else:
            sentence = self.writer.listing(rel, anchor, answers, direction, lang)
        if spec.linked_to:
            sentence = self.writer.narrowed(sentence, spec.linked_to, lang)
        if spec.exclude:
            sentence = self.writer.without(sentence, sorted(spec.exclude), lang)
        if spec.solely:
            sentence = self.writer.solely(sentence, anchor, lang)
        items = [AnswerItem(label=self.catalogue.label(a, lang), iri=a) for a in answers]
        if count:
            sparql = build(anchor, rel.iri, spec.answer_class, count=True, **args)
            n = int(next(iter(self.kb.sparql(sparql)))["count"].value)
            return self.answer(
                query.text,
                query.lang,
                "count",
                self.writer.count(n, sentence, lang),
                [AnswerItem(label=str(n))],
                p,
                sparql,
                evidence,
            )
        return self.answer(query.text, query.lang, shape, sentence, items, p, sparql, evidence)

    def complement(self, query: Query, spec: LookupSpec, p: float) -> Answer:
        lang = query.lang
        sparql = qb.complement(spec.anchor, spec.relation.iri, spec.direction, spec.answer_class)
        answers = sorted(
            {r["answer"].value for r in self.kb.sparql(sparql)}, key=lambda a: self.catalogue.label(a, lang).lower()
        )
        evidence = [
            self.evidence.triple(a, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", spec.answer_class)
            for a in answers
        ]
        sentence = self.writer.complement(answers, spec.relation, spec.anchor, spec.direction, lang)
        items = [AnswerItem(label=self.catalogue.label(a, lang), iri=a) for a in answers]
        return self.answer(
            query.text,
            query.lang,
            "complement",
            sentence,
            items,
            p,
            sparql,
            evidence,
            extra_sections=self.evidence.sections_of(spec.anchor),
        )

    def yes_no(self, query: Query, s: str, relation: Relation, o: str, holds: bool, yes: bool, p: float) -> Answer:
        lang = query.lang
        statement = self.writer.relation_fact(
            relation, self.catalogue.label(s, lang), self.catalogue.label(o, lang), lang
        )
        evidence = [self.evidence.triple(s, relation.iri, o)] if holds else self.evidence.nearby(s, relation.iri)
        return self.answer(
            query.text,
            query.lang,
            "yesno",
            self.writer.yes_no(yes, statement, lang, holds),
            [AnswerItem(label="yes" if yes else "no")],
            p,
            qb.ask(s, relation.iri, o),
            evidence,
            extra_sections=self.evidence.sections_of(s, o),
        )

    def only(self, query: Query, s: str, relation: Relation, o: str, direction: str, sole: bool, p: float) -> Answer:
        """ "Is o the only thing s has?" (direction "object") or "is s the only thing that has o?"
        ("subject"), answered with all the things that do."""
        lang = query.lang
        anchor = s if direction == "object" else o
        others = sorted(self.facts.step(relation.iri, anchor, direction))
        names = [self.catalogue.label(x, lang) for x in others]
        statement = self.writer.listing(relation, anchor, others, direction, lang)
        pairs = [(anchor, x) if direction == "object" else (x, anchor) for x in others]
        evidence = [self.evidence.triple(a, relation.iri, b) for a, b in pairs]
        sentence = (
            self.writer.yes_no(sole, statement, lang, True)
            if names
            else self.writer.yes_no(False, statement, lang, False)
        )
        return self.answer(
            query.text,
            query.lang,
            "yesno",
            sentence,
            [AnswerItem(label="yes" if sole else "no")],
            p,
            qb.only(s, relation.iri, o, direction),
            evidence,
        )

    def universal(self, query: Query, spec, answers: list[str], p: float) -> Answer:
        lang = query.lang
        rel_iri, set_class, qualifier, sparql = spec
        relation = self.catalogue.relations[rel_iri]
        set_desc = " ".join(self.catalogue.label(x, lang) for x in (qualifier, set_class) if x is not None)
        members = [r["answer"].value for r in self.kb.sparql(qb.set_members(set_class, qualifier))]
        evidence = [self.evidence.triple(a, rel_iri, m) for a in answers for m in members]
        return self.answer(
            query.text,
            query.lang,
            "universal",
            self.writer.universal(answers, relation, set_desc, lang),
            [AnswerItem(label=self.catalogue.label(a, lang), iri=a) for a in answers],
            p,
            sparql,
            evidence,
        )

    def all_yes_no(self, query: Query, spec, yes: bool, p: float) -> Answer:
        lang = query.lang
        set_id, members, relation, entity, members_first, solely, sparql = spec
        pairs = {m: (m, entity) if members_first else (entity, m) for m in members}
        linked = {m for m, (s, o) in pairs.items() if bool(self.kb.sparql(qb.ask(s, relation.iri, o)))}
        side = "object" if members_first else "subject"
        # with "only": … and with nothing else
        holding = {m for m in linked if self.facts.step(relation.iri, m, side) == {entity}} if solely else linked
        if isinstance(set_id, tuple):  # the things the question lists
            every = join([self.catalogue.label(m, lang) for m in members], lang)
            every = f"{every} 모두" if lang == "ko" else f"each of {every}"
        else:
            every = self.catalogue.label(set_id, lang)
            every = f"모든 {every}" if lang == "ko" else f"every {every}"
        e_label = self.catalogue.label(entity, lang)
        statement = self.writer.relation_fact(
            relation, *((every, e_label) if members_first else (e_label, every)), lang
        )
        if solely:
            alone = f"{e_label} alone"
            statement = with_only(statement, e_label, lang) if lang == "ko" else statement.replace(e_label, alone, 1)
        missing = [m for m in members if m not in holding]
        evidence = [self.evidence.triple(pairs[m][0], relation.iri, pairs[m][1]) for m in members if m in holding]
        # where it asked for the entity alone: what the members that fail have as well, if all of them have it
        others = {}
        if solely and missing and all(m in linked for m in missing):
            others = {m: sorted(self.facts.step(relation.iri, m, side) - {entity}) for m in missing}
            evidence += [
                self.evidence.triple(*((m, relation.iri, o) if members_first else (o, relation.iri, m)))
                for m, os in others.items()
                for o in os
            ]
        also = sorted({self.catalogue.label(o, lang) for os in others.values() for o in os})
        return self.answer(
            query.text,
            query.lang,
            "yesno",
            self.writer.all_yes_no(yes, statement, [self.catalogue.label(m, lang) for m in missing], lang, also),
            [AnswerItem(label="yes" if yes else "no")],
            p,
            sparql,
            evidence,
            extra_sections=self.evidence.sections_of(entity),
        )

    def comparison(self, q: str, lang: str, entities: list[str], p: float) -> Answer:
        """Two entities side by side, one line per relation; no evidence when neither has a phrased fact."""
        sparql = qb.facts_of(entities)
        table: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        evidence = []
        for row in self.kb.sparql(sparql):
            e, rel, value = row["entity"].value, row["relation"].value, row["value"].value
            if rel == RDF_TYPE and value not in self.catalogue.terms:
                continue
            table[rel][e].append(value)
            evidence.append(self.evidence.triple(e, rel, value))
        shared = {r: v for r, v in table.items() if len(v) == len(entities)}
        ordered = dict(sorted(shared.items(), key=lambda rv: self.catalogue.relations[rv[0]].display(lang)))
        ordered.update(sorted(((r, v) for r, v in table.items() if r not in shared), key=lambda rv: rv[0]))
        return self.answer(
            q,
            lang,
            "compare",
            self.writer.comparison(entities, ordered, lang),
            [AnswerItem(label=self.catalogue.label(e, lang), iri=e) for e in entities],
            p,
            sparql,
            evidence,
        )

    def two_hop(
        self, query: Query, spec, p: float, through: str | None = None, answer_class: str | None = None
    ) -> Answer:
        lang = query.lang
        anchor, r1, d1, r2, d2 = spec
        sparql = qb.two_hop(anchor, r1, d1, r2, d2, through, answer_class)
        rows = [(r["answer"].value, r["via"].value) for r in self.kb.sparql(sparql) if is_iri(r["answer"])]
        answers = sorted({a for a, _ in rows}, key=lambda a: self.catalogue.label(a, lang).lower())
        vias = sorted({v for _, v in rows})
        first, second = self.catalogue.relations[r1], self.catalogue.relations[r2]

        def hop(rel: Relation, s: str, o: str) -> str:
            return self.writer.relation_fact(rel, self.catalogue.label(s, lang), self.catalogue.label(o, lang), lang)

        hops = [hop(first, anchor, v) if d1 == "object" else hop(first, v, anchor) for v in vias]
        hops += [hop(second, v, a) if d2 == "object" else hop(second, a, v) for a, v in sorted(set(rows))]
        evidence = [
            self.evidence.triple(anchor, r1, v) if d1 == "object" else self.evidence.triple(v, r1, anchor) for v in vias
        ]
        evidence += [
            self.evidence.triple(v, r2, a) if d2 == "object" else self.evidence.triple(a, r2, v)
            for a, v in sorted(set(rows))
        ]
        items = [AnswerItem(label=self.catalogue.label(a, lang), iri=a) for a in answers]
        return self.answer(
            query.text, query.lang, "two_hop", self.writer.path(answers, hops, lang), items, p, sparql, evidence
        )

    def unrecorded(self, query: Query, anchor: str, relation: Relation, p: float) -> Answer:
        lang = query.lang
        term = self.catalogue.terms.get(anchor)
        known = term.definition.get(lang) or term.definition.get("en") if term else None
        answer = self.abstain(query.text, lang)
        answer.answer = self.writer.unrecorded(anchor, relation, known, lang)
        answer.sources = self.evidence.passages(self.evidence.sections_of(anchor)[:1], lang) or answer.sources
        return answer

    def answer(
        self, q: str, lang: str, shape, sentence, items, confidence, sparql, evidence, extra_sections=()
    ) -> Answer:
        sections: list[str] = []
        for ev in evidence:
            for g in [ev.graph] if ev.graph and not ev.inferred else self.evidence.sections_of(ev.subject, ev.object):
                if g not in sections:
                    sections.append(g)
        for g in extra_sections:
            if g not in sections:
                sections.append(g)
        return Answer(
            question=q,
            lang=lang,
            answer=sentence,
            answers=items,
            confidence=round(float(np.clip(confidence, 0, 1)), 3),
            abstained=False,
            sparql=sparql,
            evidence=[self.evidence.in_language(e, lang) for e in evidence[:50]],
            sources=self.evidence.passages(sections[:3], lang),
            shape=shape,
        )

    def abstain(self, q: str, lang: str, unknown: list[str] | None = None) -> Answer:
        """No answer, with the nearest passages as sources; ``unknown``: names in the question the graph
        does not know, said as the reason."""
        hits = self.retriever.search(q, lang, k=3, kinds=("passage",))
        sources = self.evidence.passages([h.graph for h in hits if h.graph], lang)
        return Answer(
            question=q,
            lang=lang,
            answer=self.writer.abstain(lang, unknown),
            answers=[],
            confidence=0.0,
            abstained=True,
            sparql=None,
            evidence=[],
            sources=sources,
            shape=None,
        )

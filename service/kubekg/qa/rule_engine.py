"""The rule-scored QA core (the default, ``KUBEKG_QA_ENGINE=rules``): link, interpret, query, answer.

A question is interpreted as an *anchor* (a linked entity or class), a *relation* (any property the
ontology gives question phrasings) and a *direction* (ask for the objects or for the subjects). Every
candidate is scored by how well the question, with the anchor masked, matches the relation's
phrasings (dense and lexical similarity fused) times how sure the link is. The best candidates are
run as SPARQL in turn; the first that the graph answers wins. Cue words turn that into a count, a
yes/no check, a comparison, or a universal ("all CRI runtimes") query. When nothing scores well
enough, or the graph has no answer, the engine abstains and points to the nearest passages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kubekg.answer_models import Answer, AnswerItem
from kubekg.graph.catalogue import Catalogue, Relation
from kubekg.qa import followups
from kubekg.qa import query_builder as qb
from kubekg.qa.answer_writer import AnswerWriter
from kubekg.qa.composer import AnswerComposer
from kubekg.qa.entity_linker import EntityLinker, Mention
from kubekg.qa.evidence import EvidenceFinder
from kubekg.qa.fact_index import Facts
from kubekg.qa.mentions import (
    Explainer,
    check_question,
    distinct,
    fits,
    fits_both,
    is_iri,
    mask,
    overlap,
    quantified_set,
    relations_asked,
    same_words,
)
from kubekg.qa.polarity import asks_opposite
from kubekg.qa.question_shapes import Cues, detect
from kubekg.qa.typed_forms import TypedForms
from kubekg.qa.vocabulary import Vocabulary, used_relations
from kubekg.search.retrieval import Retriever
from kubekg.search.semantic_index import SemanticIndex
from kubekg.search.text_normalize import detect_language

log = logging.getLogger(__name__)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: Interpretations scoring below this are not trusted: the engine abstains instead.
ABSTAIN_BELOW = 0.4
#: Two linked entities and no question word already say the question is in scope: a lower bar.
YES_NO_BELOW = 0.3
#: A yes/no reading whose relation the graph uses with only one of the two ends, or whose subject is
#: named after its object ("is containerd CRI-compatible?" names the subject first), counts for less.
PARTIAL_FIT = 0.9
REVERSED_ORDER = 0.9
#: Readings of a yes/no question within this factor of the best one are checked too.
YES_NO_MARGIN = 0.9
#: An interpretation whose answers are of a class the question names ("which *tool* ...") gains this factor.
TYPE_BONUS = 1.25
#: Definitions (and "X is a <class>") fit almost any "what is ..." question; they give way to a specific
#: relation that fits as well.
LITERAL_HANDICAP = 0.95
#: Each exact entity mention an interpretation leaves unexplained multiplies its score by this.
UNEXPLAINED_PENALTY = 0.85
#: The relation score given to an anchor's only relation, whatever the phrasing says.
SOLE_RELATION_PRIOR = 0.75
#: Each class the question names that none of the answers belongs to multiplies the score by this.
CLASS_MISMATCH_PENALTY = 0.9
#: … and this, when the question's grammar says that class is the kind of thing it asks for.
ASKED_CLASS_MISMATCH_PENALTY = 0.5
#: An answer that only repeats what the question names (outside "this or that?") is multiplied by this.
ECHO_PENALTY = 0.7
#: A "which …" question asks to pick things out; a definition is an unlikely reading of it.
SELECT_DEFINITION_PENALTY = 0.75
#: How many candidate interpretations may be run as queries for one question.
MAX_QUERIES = 12


@dataclass
class Interpretation:
    score: float
    anchor: Mention
    relation: Relation
    direction: str  # "object": the anchor is the subject, answers are objects; "subject": the reverse


class RuleEngine:
    def __init__(self, kb, catalogue: Catalogue, index: SemanticIndex, max_question_chars: int = 1000):
        self.kb = kb
        self.catalogue = catalogue
        self.index = index
        self.linker = EntityLinker(catalogue, index)
        self.writer = AnswerWriter(catalogue)
        self.retriever = Retriever(index, catalogue)
        self.max_question_chars = max_question_chars
        self.facts = Facts.of(kb, catalogue)
        self.vocabulary = Vocabulary.of(catalogue, used_relations(kb))
        self.typed_forms = TypedForms.of(catalogue)
        self.explainer = Explainer(catalogue)
        self.evidence = EvidenceFinder(kb, catalogue)
        self.compose = AnswerComposer(kb, catalogue, self.facts, self.evidence, self.retriever)

    # -- public ---------------------------------------------------------------------------------

    def check(self, question: str) -> str:
        """The cleaned question, or a :class:`QuestionError` a person can act on."""
        return check_question(question, self.max_question_chars)

    def ask(self, question: str, context: object = None) -> Answer:
        """Answer ``question``; ``context`` (a previous answer's) lets a follow-up refer to it."""
        return followups.answer(self, question, context)

    def answer_one(self, q: str, vector=None, mentions: list[Mention] | None = None) -> Answer:
        """The answer to a cleaned question that stands on its own (its vector and mentions, if the
        caller has them already)."""
        lang = detect_language(q)
        if mentions is None:
            vector = self.index.embedder.encode_queries([q])[0] if vector is None else vector
            mentions = self.linker.link(q, lang, vector)
        cues = detect(q, lang)
        log.debug("question %r lang=%s cues=%s mentions=%s", q, lang, cues, mentions)
        if self.vocabulary.lacks_asked_kind(q, lang):
            return self.compose.abstain(q, lang)
        for attempt in (self._compare, self._universal, self._all_yes_no, self._yes_no, self._lookup):
            answer = attempt(q, lang, mentions, cues)
            if answer is not None:
                return answer
        return self.compose.abstain(q, lang)

    def search(self, text: str, k: int = 5):
        q = self.check(text)
        return self.retriever.search(q, detect_language(q), k)

    # -- relation scoring -------------------------------------------------------------------------

    def _relation_scores(self, texts: list[str], lang: str) -> list[dict[tuple[str, str], float]]:
        """For each text: (relation, direction) -> best fused similarity with its phrasings."""
        vectors = self.index.embedder.encode_queries(texts)
        items = self.index.collections["phrasing"][lang].items
        out = []
        for text, vector in zip(texts, vectors, strict=True):
            best: dict[tuple[str, str], float] = {}
            for item, s in zip(items, self.index.fused("phrasing", lang, text, vector), strict=True):
                key = (item.ref, item.direction)
                if s > best.get(key, -1.0):
                    best[key] = float(s)
            out.append(best)
        return out

    # -- shapes ---------------------------------------------------------------------------------

    def _lookup(self, q: str, lang: str, mentions: list[Mention], cues: Cues) -> Answer | None:
        """Objects or subjects of a relation, members of a class, definitions; counts of any of them."""
        anchors = distinct(mentions)
        if not anchors:
            return None
        scores = self._relation_scores([mask(q, [m]) for m in anchors], lang)
        candidates: list[Interpretation] = []
        for anchor, rel_scores in zip(anchors, scores, strict=True):
            usable = [
                (self.catalogue.relations[r], d, sim)
                for (r, d), sim in rel_scores.items()
                if d in ("object", "subject")
                and self._applicable(anchor, self.catalogue.relations[r], d)
                # a count is of things, never of texts
                and not (cues.count and self.catalogue.relations[r].literal_valued)
            ]
            # A paraphrased anchor (a responsibility, a feature: linked fuzzily, its words spread over
            # the question) that takes part in only one relation needs no phrasing to tell which.
            proper = [u for u in usable if not u[0].literal_valued and u[0].iri != RDF_TYPE and not anchor.exact]
            for relation, direction, sim in usable:
                if len(proper) == 1 and relation is proper[0][0] and direction == proper[0][1]:
                    sim = max(sim, SOLE_RELATION_PRIOR)
                if relation.literal_valued or (relation.iri == RDF_TYPE and direction == "object"):
                    sim *= LITERAL_HANDICAP
                candidates.append(Interpretation(sim * anchor.score, anchor, relation, direction))
        candidates.sort(key=lambda c: -c.score)
        best: tuple[float, Interpretation, list[str], str | None] | None = None
        for c in candidates[:MAX_QUERIES]:
            if c.score * TYPE_BONUS < ABSTAIN_BELOW or (best is not None and c.score * TYPE_BONUS <= best[0]):
                break
            answers = self._candidate_answers(c, lang)
            if not answers:
                continue
            linked_to, answers = self._constrain(q, c, answers, mentions, cues)
            answer_class = None if c.relation.literal_valued else self._answer_class(answers, mentions, c.anchor, cues)
            final = c.score * (TYPE_BONUS if answer_class else 1.0)
            final *= self._coverage(q, c, answers, mentions, cues, linked_to)
            if c.relation.literal_valued and cues.selects:
                final *= SELECT_DEFINITION_PENALTY
            if best is None or final > best[0]:
                best = (final, c, answers, answer_class, linked_to)
        if best is None or best[0] < ABSTAIN_BELOW:
            return None
        final, c, answers, answer_class, linked_to = best
        return self._compose_lookup(q, lang, c, answers, answer_class, min(1.0, final), cues, linked_to)

    def _applicable(self, anchor: Mention, relation: Relation, direction: str) -> bool:
        """Whether the graph can answer this anchor/relation/direction at all (no query needed)."""
        if relation.literal_valued:
            return direction == "object"
        if anchor.is_class:
            return relation.iri == RDF_TYPE and direction == "subject"
        if relation.iri == RDF_TYPE:
            return direction == "object"
        side = self.facts.subjects if direction == "object" else self.facts.objects
        return anchor.iri in side.get(relation.iri, ())

    def _constrain(
        self, q: str, c: Interpretation, answers: list[str], mentions: list[Mention], cues: Cues
    ) -> tuple[str | None, list[str]]:
        """A second entity the question names, that some of the answers are related to, narrows them
        to those: "which piece *of the control plane* keeps the cluster's data?" asks for what keeps
        the data among the things related to the control plane. Returns that entity (or None) and
        the answers that remain."""
        if c.relation.literal_valued or cues.alternative:
            return None, answers
        for m in mentions:
            if not m.exact or m.is_class or m.iri == c.anchor.iri or m.iri in answers:
                continue
            if self.explainer.explained_by(q, m, c.anchor):
                continue
            kept = [a for a in answers if m.iri in self.facts.neighbours.get(a, ())]
            if kept:
                return m.iri, kept
        return None, answers

    def _coverage(
        self,
        q: str,
        c: Interpretation,
        answers: list[str],
        mentions: list[Mention],
        cues: Cues,
        linked_to: str | None = None,
    ) -> float:
        """Penalty for what the question names that the interpretation leaves unexplained: an entity
        that is neither the anchor, nor what the answers were narrowed by, nor (in a "this or that?"
        question) among the answers; a class none of the answers belongs to. Outside such questions,
        answers that only echo what the question already names are suspect too."""
        named = {m.iri for m in mentions if m.iri != c.anchor.iri and not self.explainer.explained_by(q, m, c.anchor)}
        echo = not cues.alternative and not c.relation.literal_valued and set(answers) <= named
        found = set(answers)
        unexplained_entities = {
            m.span
            for m in mentions
            if m.exact
            and not m.is_class
            and m.iri not in (c.anchor.iri, linked_to)
            and not self.explainer.explained_by(q, m, c.anchor)
            and not (cues.alternative and m.iri in found)
        }
        classes = {}
        for m in self._type_mentions(mentions, c.anchor, cues):
            subjects = [c.anchor.iri] if c.relation.literal_valued else found
            # "컨트롤러 매니저는 뭐 하는 *컴포넌트*야?": the kind may describe the anchor itself
            agrees = any(m.iri in self._types(a) for a in [*subjects, c.anchor.iri])
            classes[m.span] = classes.get(m.span, False) or agrees
        # an entity mention that shares its words with a class mention is explained by either
        unexplained_entities -= {span for span, agrees in classes.items() if agrees}
        unexplained_classes = sum(
            1 for span, agrees in classes.items() if not agrees and span not in unexplained_entities
        )
        mismatch = ASKED_CLASS_MISMATCH_PENALTY if cues.asked_type_regions else CLASS_MISMATCH_PENALTY
        penalty = UNEXPLAINED_PENALTY ** len(unexplained_entities) * mismatch**unexplained_classes
        return penalty * (ECHO_PENALTY if echo else 1.0)

    def _candidate_answers(self, c: Interpretation, lang: str) -> list[str]:
        """The IRIs (or, for a literal relation, the texts, those in ``lang`` first) a candidate yields."""
        if c.relation.literal_valued:
            return [r["answer"].value for r in self.kb.sparql(qb.literal(c.anchor.iri, c.relation.iri, lang))]
        build = qb.objects if c.direction == "object" else qb.subjects
        return [r["answer"].value for r in self.kb.sparql(build(c.anchor.iri, c.relation.iri)) if is_iri(r["answer"])]

    def _compose_lookup(
        self,
        q: str,
        lang: str,
        c: Interpretation,
        answers: list[str],
        answer_class: str | None,
        confidence: float,
        cues: Cues,
        linked_to: str | None = None,
    ) -> Answer:
        anchor, rel = c.anchor.iri, c.relation
        if rel.literal_valued:
            sparql = qb.literal(anchor, rel.iri, lang)
            text = answers[0]  # the query orders texts in the question's language first
            evidence = [self.evidence.triple(anchor, rel.iri, text, literal=True, lang=lang)]
            return self.compose.answer(
                q,
                lang,
                "definition",
                self.writer.definition(anchor, text, lang),
                [AnswerItem(label=self.catalogue.label(anchor, lang), iri=anchor)],
                confidence,
                sparql,
                evidence,
            )
        build = qb.objects if c.direction == "object" else qb.subjects
        sparql = build(anchor, rel.iri, answer_class, linked_to=linked_to)
        if answer_class or linked_to:
            answers = [r["answer"].value for r in self.kb.sparql(sparql)]
        answers = sorted(set(answers), key=lambda a: self.catalogue.label(a, lang).lower())
        members = rel.iri == RDF_TYPE and c.direction == "subject"
        shape = "members" if members else ("objects" if c.direction == "object" else "subjects")
        evidence = [
            self.evidence.triple(anchor, rel.iri, a)
            if c.direction == "object"
            else self.evidence.triple(a, rel.iri, anchor)
            for a in answers
        ]
        if linked_to:
            evidence += [e for a in answers for e in self.evidence.links(a, linked_to)]
        if members:
            sentence = self.writer.members(anchor, answers, lang)
        else:
            sentence = self.writer.listing(rel, anchor, answers, c.direction, lang)
        if linked_to:
            sentence = self.writer.narrowed(sentence, linked_to, lang)
        items = [AnswerItem(label=self.catalogue.label(a, lang), iri=a) for a in answers]
        if cues.count:
            sparql = build(anchor, rel.iri, answer_class, count=True, linked_to=linked_to)
            n = int(next(iter(self.kb.sparql(sparql)))["count"].value)
            return self.compose.answer(
                q,
                lang,
                "count",
                self.writer.count(n, sentence, lang),
                [AnswerItem(label=str(n))],
                confidence,
                sparql,
                evidence,
            )
        return self.compose.answer(q, lang, shape, sentence, items, confidence, sparql, evidence)

    def _answer_class(
        self, answers: list[str], mentions: list[Mention], anchor: Mention, cues: Cues | None = None
    ) -> str | None:
        """A class the question names as the kind of answer it wants, that the answers belong to.

        Where the question's grammar says which class is asked for ("which *component* …",
        "…해주는 *컴포넌트*는?"), only that one counts; otherwise any class named apart from the
        anchor. A class word that also names an entity ("master node") refers to the entity."""
        for m in self._type_mentions(mentions, anchor, cues):
            if any(m.iri in self._types(a) for a in answers):
                return m.iri
        return None

    def _type_mentions(self, mentions: list[Mention], anchor: Mention, cues: Cues | None) -> list[Mention]:
        entity_spans = {m.span for m in mentions if m.exact and not m.is_class}
        classes = [
            m
            for m in mentions
            if m.is_class and m.exact and not overlap(m, anchor) and m.iri != anchor.iri and m.span not in entity_spans
        ]
        if cues and cues.asked_type_regions:
            # the grammar says where the asked-for kind is named; a class elsewhere ("…노드에서 관리하는
            # 것들", "the container *on a node*") places or qualifies, it does not name the answers
            return [m for m in classes if any(s <= m.end and m.start <= e for s, e in cues.asked_type_regions)]
        return classes

    def _types(self, iri: str) -> set[str]:
        term = self.catalogue.terms.get(iri)
        return term.types if term else set()

    def _yes_no(self, q: str, lang: str, mentions: list[Mention], cues: Cues) -> Answer | None:
        anchors = distinct(mentions)
        if not cues.yes_no or cues.existence or len({m.iri for m in anchors}) < 2:
            return None
        (scores,) = self._relation_scores([mask(q, anchors)], lang)
        by_relation, negated = relations_asked(scores, self.catalogue.relations)
        # "is etcd a control-plane component?" is about membership only when the question reads like one
        type_reading = max(by_relation, key=by_relation.get, default=None) == RDF_TYPE
        readings: list[tuple[float, Relation, Mention, Mention]] = []
        for s_m in anchors:
            for o_m in anchors:
                if s_m.iri == o_m.iri or s_m.is_class or same_words(s_m, o_m):
                    continue
                for rel_iri, sim in by_relation.items():
                    relation = self.catalogue.relations[rel_iri]
                    if relation.literal_valued or not fits(relation, s_m, o_m, self.facts):
                        continue
                    if o_m.is_class and not type_reading:
                        continue
                    fit = 1.0 if fits_both(relation, s_m, o_m, self.facts) else PARTIAL_FIT
                    order = 1.0 if s_m.start <= o_m.start else REVERSED_ORDER
                    readings.append((sim * s_m.score * o_m.score * fit * order, relation, s_m, o_m))
        readings.sort(key=lambda r: -r[0])
        if not readings or readings[0][0] < YES_NO_BELOW:
            return None
        # "does rkt plug into Kubernetes *through the CRI*?" is answered by how rkt relates to the CRI
        via = [r for r in readings if _is_via(cues, r[3])]
        margin = 0.0 if via else YES_NO_MARGIN
        readings = via or readings
        # the graph is read closed-world: a fact is only denied when no near-equal reading holds
        chosen, holds = readings[0], False
        for reading in readings[:6]:
            if reading[0] < readings[0][0] * margin:
                break
            if bool(self.kb.sparql(qb.ask(reading[2].iri, reading[1].iri, reading[3].iri))):
                chosen, holds = reading, True
                break
        score, relation, s_m, o_m = chosen
        opposite = (relation.iri in negated) != asks_opposite(q, lang, o_m, self.catalogue)
        yes = holds != opposite
        sparql = qb.ask(s_m.iri, relation.iri, o_m.iri)
        s_label, o_label = self.catalogue.label(s_m.iri, lang), self.catalogue.label(o_m.iri, lang)
        statement = self.writer.relation_fact(relation, s_label, o_label, lang)
        evidence = [self.evidence.triple(s_m.iri, relation.iri, o_m.iri)] if holds else []
        evidence += [] if holds else self.evidence.nearby(s_m.iri, relation.iri)
        label = "yes" if yes else "no"
        return self.compose.answer(
            q,
            lang,
            "yesno",
            self.writer.yes_no(yes, statement, lang, holds),
            [AnswerItem(label=label)],
            score,
            sparql,
            evidence,
            extra_sections=self.evidence.sections_of(s_m.iri, o_m.iri),
        )

    def _universal(self, q: str, lang: str, mentions: list[Mention], cues: Cues) -> Answer | None:
        if cues.universal_at is None or (cues.yes_no and not cues.existence):
            return None
        found = quantified_set(mentions, cues.universal_at)
        if found is None:
            return None
        set_class, qualifier, answer_class = found
        entities = [m for m in mentions if not m.is_class and m.exact]
        (scores,) = self._relation_scores([mask(q, entities)], lang)
        ranked = sorted(
            (
                (s, r)
                for (r, d), s in scores.items()
                if d == "subject" and not self.catalogue.relations[r].literal_valued
            ),
            reverse=True,
        )
        for sim, rel_iri in ranked[:5]:
            if sim < ABSTAIN_BELOW:
                break
            sparql = qb.universal(
                rel_iri, set_class.iri, qualifier.iri if qualifier else None, answer_class.iri if answer_class else None
            )
            answers = sorted({r["answer"].value for r in self.kb.sparql(sparql)})
            if not answers:
                continue
            relation = self.catalogue.relations[rel_iri]
            set_desc = " ".join(self.catalogue.label(m.iri, lang) for m in (qualifier, set_class) if m is not None)
            members_query = qb.set_members(set_class.iri, qualifier.iri if qualifier else None)
            members = [r["answer"].value for r in self.kb.sparql(members_query)]
            evidence = [self.evidence.triple(a, rel_iri, m) for a in answers for m in members]
            return self.compose.answer(
                q,
                lang,
                "universal",
                self.writer.universal(answers, relation, set_desc, lang),
                [AnswerItem(label=self.catalogue.label(a, lang), iri=a) for a in answers],
                min(1.0, sim + 0.1),
                sparql,
                evidence,
            )
        return None

    def _all_yes_no(self, q: str, lang: str, mentions: list[Mention], cues: Cues) -> Answer | None:
        """ "Do all control plane components run on the master node?": whether every member of a class
        the question quantifies over has a relation with a named entity (either way round)."""
        if not cues.yes_no or cues.existence or cues.universal_at is None:
            return None
        set_class = next((m for m in mentions if m.is_class and m.exact and m.start >= cues.universal_at), None)
        entity = next(
            (m for m in mentions if m.exact and not m.is_class and set_class and not overlap(m, set_class)), None
        )
        if set_class is None or entity is None:
            return None
        (scores,) = self._relation_scores([mask(q, [set_class, entity])], lang)
        readings = []
        for (rel_iri, direction), sim in scores.items():
            relation = self.catalogue.relations[rel_iri]
            if relation.literal_valued or rel_iri == RDF_TYPE or direction not in ("object", "subject"):
                continue
            # members as subjects when the entity is an object of the relation, and the reverse
            members_first = entity.iri in self.facts.objects.get(rel_iri, ())
            if members_first or entity.iri in self.facts.subjects.get(rel_iri, ()):
                readings.append((sim, relation, members_first))
        if not readings:
            return None
        sim, relation, members_first = max(readings, key=lambda r: r[0])
        if sim < YES_NO_BELOW:
            return None
        sparql = qb.all_related(set_class.iri, relation.iri, entity.iri, members_first)
        yes = bool(self.kb.sparql(sparql))
        # the members it holds for (evidence) and those it fails for (named in a "no")
        members = [r["answer"].value for r in self.kb.sparql(qb.set_members(set_class.iri, None))]
        pairs = {m: (m, entity.iri) if members_first else (entity.iri, m) for m in members}
        holding = {m for m, (s, o) in pairs.items() if bool(self.kb.sparql(qb.ask(s, relation.iri, o)))}
        every = self.catalogue.label(set_class.iri, lang)
        every = f"모든 {every}" if lang == "ko" else f"every {every}"
        e_label = self.catalogue.label(entity.iri, lang)
        statement = self.writer.relation_fact(
            relation, *((every, e_label) if members_first else (e_label, every)), lang
        )
        missing = [m for m in members if m not in holding]
        return self.compose.answer(
            q,
            lang,
            "yesno",
            self.writer.all_yes_no(yes, statement, [self.catalogue.label(m, lang) for m in missing], lang),
            [AnswerItem(label="yes" if yes else "no")],
            sim,
            sparql,
            [self.evidence.triple(pairs[m][0], relation.iri, pairs[m][1]) for m in members if m in holding],
            extra_sections=self.evidence.sections_of(entity.iri),
        )

    def _compare(self, q: str, lang: str, mentions: list[Mention], cues: Cues) -> Answer | None:
        if not cues.compare:
            return None
        entities: list[str] = []
        for m in mentions:
            if m.exact and not m.is_class and m.iri not in entities:
                entities.append(m.iri)
        if len(entities) < 2:
            return None
        answer = self.compose.comparison(q, lang, entities[:2], 0.9)
        return answer if answer.evidence else None

    # -- answers, evidence, sources ---------------------------------------------------------------


def _is_via(cues: Cues, m: Mention) -> bool:
    """Whether ``m`` is the means a "… through X?" / "X를 통해 …?" question names."""
    return cues.via_region is not None and m.start < cues.via_region[1] and cues.via_region[0] < m.end

"""Question answering over the graph: link, enumerate readings, rank them, query, answer with evidence.

A question is linked to the entities and classes it names; generators enumerate its readings from the
graph around those anchors (:mod:`kubekg.qa.readings`): one- and two-hop relation paths either way
round, with constraints and output forms. Each reading carries raw features (similarity of the
question to the relation's phrasings, link confidence, what it leaves unexplained, whether its answers
are of the kind asked for, which cue words agree …); a learned ranker (:mod:`kubekg.qa.ranker`)
turns them into the probability that the reading answers the question. The best reading above the
ranker's calibrated threshold is run as SPARQL and written as the answer; otherwise the engine
abstains and points to the nearest passages (or, for an attribute the graph does not record, says
what it does know of the entity).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from functools import partial

import numpy as np

from kubekg.answer_models import Answer
from kubekg.graph.catalogue import Catalogue, Relation
from kubekg.qa import followups
from kubekg.qa import query_builder as qb
from kubekg.qa.choices import best_facts
from kubekg.qa.composer import AnswerComposer
from kubekg.qa.descriptions import Descriptions
from kubekg.qa.entity_linker import EntityLinker, Mention
from kubekg.qa.evidence import EvidenceFinder
from kubekg.qa.fact_index import Facts
from kubekg.qa.mentions import (
    Explainer,
    ParticleRoles,
    check_question,
    coordinated,
    described,
    distinct,
    fits,
    fits_both,
    mask,
    only_restricts,
    overlap,
    places,
    quantified_set,
    relations_asked,
    same_words,
)
from kubekg.qa.phrasing import canonical
from kubekg.qa.polarity import asks_opposite
from kubekg.qa.question_shapes import detect
from kubekg.qa.readings import Candidate, LookupSpec, Query, last_hop, matrix, rank_within_kind, relative_features
from kubekg.qa.typed_forms import TypedForms
from kubekg.qa.unknown_names import UnknownNames
from kubekg.qa.vocabulary import Vocabulary, used_relations
from kubekg.search.retrieval import Retriever
from kubekg.search.semantic_index import SemanticIndex, fact_triple, hop_ref
from kubekg.search.text_normalize import detect_language

log = logging.getLogger(__name__)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: The class of the things the ontology says tell how to do something (commands, ways to install): what a
#: "how do I …?" question is answered by
HOW_TO = "https://schema.org/HowTo"
SKOS_DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"
#: How many of a question's best relation readings per anchor each generator expands (a bound on work,
#: not a score: the ranker sees every reading that is generated).
TOP_RELATIONS = 6
#: Mid-points a two-hop reading may pass through.
MAX_VIA = 6


class QAEngine:
    def __init__(self, kb, catalogue: Catalogue, index: SemanticIndex, max_question_chars: int = 1000, ranker=None):
        self.kb = kb
        self.catalogue = catalogue
        self.index = index
        self.facts = Facts.of(kb, catalogue)
        self.linker = EntityLinker(catalogue, index, self.facts.neighbours)
        self.retriever = Retriever(index, catalogue)
        self.max_question_chars = max_question_chars
        self.vocabulary = Vocabulary.of(catalogue, used_relations(kb))
        self.unknown_names = UnknownNames.of(catalogue)
        self.typed_forms = TypedForms(self.unknown_names.words)
        self.evidence = EvidenceFinder(kb, catalogue)
        self.compose = AnswerComposer(kb, catalogue, self.facts, self.evidence, self.retriever)
        self.ranker = ranker
        self.explainer = Explainer(catalogue)
        self.roles = ParticleRoles(catalogue)
        self.descriptions = Descriptions(catalogue, self.linker.vectorizer)
        # how each relation's fact is said, where the statement has words of its own ("{s}: {o}." says
        # nothing of what the fact is): two relations said alike state the same fact
        self.statements = {
            iri: frozenset(
                (lang, text) for lang, text in r.statement.items() if re.search(r"\w", re.sub(r"\{[so]\}", "", text))
            )
            for iri, r in catalogue.relations.items()
        }

    # -- public ---------------------------------------------------------------------------------

    def check(self, question: str) -> str:
        """The cleaned question, or a :class:`QuestionError` a person can act on."""
        return check_question(question, self.max_question_chars)

    def ask(self, question: str, context: object = None) -> Answer:
        """Answer ``question``; ``context`` (a previous answer's) lets a follow-up refer to it."""
        return followups.answer(self, question, context)

    def answer_one(self, q: str, vector: np.ndarray | None = None, mentions: list[Mention] | None = None) -> Answer:
        """The answer to a cleaned question that stands on its own (its vector and mentions, if the
        caller has them already)."""
        query = self.query(q, vector=vector, mentions=mentions)
        if unknown := self.unknown_names.find(query.text, query.mentions):
            # "Who maintains CRI-O?", "crictl vs podman?": about something the graph has never heard of
            return self.compose.abstain(query.text, query.lang, unknown)
        ends = frozenset(m.end for m in query.mentions)
        if self.vocabulary.lacks_asked_kind(query.text, query.lang) or self.vocabulary.lacks_ranking(
            query.text, query.lang, ends
        ):
            return self.compose.abstain(query.text, query.lang)
        # a check asks whether, not why ("Is that why kubelet runs on every node?")
        words = [] if query.cues.yes_no else self.vocabulary.reason_or_time_words(query.text, query.lang)
        return self.decide(query, self.candidates(query), partial(self._answers_words, words))

    def _answers_words(self, words: list[str], c: Candidate) -> bool:
        """Whether a reading answers the question words asked ("why", "when"): a reason (a time) is what the
        ontology asks for with the word; an unrecorded reading abstains all the same."""
        return c.kind == "unrecorded" or all(self.vocabulary.answered_by(w, last_hop(c)) for w in words)

    def query(
        self,
        q: str,
        held_out: frozenset = frozenset(),
        vector: np.ndarray | None = None,
        mentions: list[Mention] | None = None,
    ) -> Query:
        lang = detect_language(q)
        if vector is None:
            vector = self.index.embedder.encode_queries([q])[0]
        if mentions is None:
            mentions = self.linker.link(q, lang, vector)
        cues = detect(q, lang)
        log.debug("question %r lang=%s cues=%s mentions=%s", q, lang, cues, mentions)
        features = {
            "cue_count": float(cues.count),
            "cue_yes_no": float(cues.yes_no),
            "cue_compare": float(cues.compare),
            "cue_universal": float(cues.universal_at is not None),
            "cue_alternative": float(cues.alternative),
            "cue_existence": float(cues.existence),
            "cue_selects": float(cues.selects),
            "cue_asked_kind": float(bool(cues.asked_type_regions)),
            "cue_via": float(cues.via_region is not None),
            "cue_exclude": float(cues.exclude_region is not None or cues.not_named_region is not None),
            "cue_negated": float(cues.negated),
            "cue_only": float(cues.only),
            "cue_bound": float(cues.bound),
            "cue_how_to": float(cues.how_to),
            "n_exact": float(sum(m.exact for m in mentions)),
            "n_fuzzy": float(sum(not m.exact for m in mentions)),
            "lang_ko": float(lang == "ko"),
        }
        listed = self._named_group(mentions)
        # what a "this or that?" question offers to choose from ("ctr or nerdctl — which one …": the two
        # CLIs, not the purpose named beside them)
        alternatives = listed if cues.alternative else frozenset()
        features["offers_choice"] = float(bool(alternatives))
        return Query(
            q,
            lang,
            vector,
            mentions,
            cues,
            held_out,
            features,
            listed=listed,
            alternatives=alternatives,
            described=described(q, lang, mentions, self._types),
        )

    def prefetch(self, queries: list[Query]) -> None:
        """Encode, in one batch, the masked texts the generators will score for these questions (only a
        matter of speed: training runs thousands of questions)."""
        texts = []
        for query in queries:
            anchors = distinct(query.mentions)
            texts += [mask(query.text, [m]) for m in anchors] + ([mask(query.text, anchors)] if anchors else [])
            texts += [query.described.outer, query.described.text] if query.described is not None else []
            texts += [_criterion(query)] if query.alternatives else []
        self.index.embedder.warm(texts)

    def candidates(self, query: Query) -> list[Candidate]:
        """Every reading the generators find for the question, with its features."""
        out: list[Candidate] = []
        for generate in (
            self._lookups,
            self._yes_nos,
            self._universals,
            self._all_yes_nos,
            self._comparisons,
            self._two_hops,
            self._named,
            self._choices,
        ):
            out += generate(query)
        rank_within_kind(out)
        if query.alternatives:
            # a choice is answered by one of the things offered, not by a count, a yes or a third thing, nor
            # by what one of them is or how they differ (a definition or comparison returns the thing itself)
            for c in out:
                chooses = c.kind not in ("definition", "compare") and c.answers and c.answers <= query.alternatives
                c.features["outside_choice"] = float(not chooses)
        if at := [m for m in places(query.text, query.lang, query.mentions) if m.iri not in query.alternatives]:
            # "쿠블렛은 노드에서 컨테이너가지고 뭐함?": the node is where, not what (unless it is offered): an
            # answer that is (of a kind) the question names as a place only echoes the question
            for c in out:
                if c.answers and all(self._is_named(a, at) for a in c.answers):
                    c.features["echo"] = 1.0
        for c in out:
            # learned against cue_how_to: "how do I list pods with crictl?" is answered by a command
            how = sum(1 for a in c.answers if HOW_TO in self._types(a))
            c.features["answers_how_to"] = how / len(c.answers) if c.answers else 0.0
        self._middle_fit(query, [c for c in out if c.kind == "two_hop"])
        if left_out := self._excluded(query):
            for c in out:
                if last_hop(c) is not None and c.key[1] in left_out:
                    c.features["anchor_left_out"] = 1.0
        best = max((c.features.get("sim", 0.0) for c in out), default=0.0)
        query.question_features["best_sim"] = best
        for c in out:
            c.features["sim_gap"] = best - c.features.get("sim", 0.0)
        if query.outer is not None:
            # what the question asks about the thing it describes: the last hop of the reading it means
            (scores,) = self._relation_scores(query, [query.outer])
            query.question_features["outer_best"] = max(scores.values(), default=0.0)
            kind = query.described.kind
            # a description headed by a noun of no kind ("the *thing* that …", "… 끝난 *방식*은"): the things a
            # two-hop reading goes through are the ones described
            first_hops = {c.key[1:4] for c in out if c.kind == "two_hop"} if not kind else set()
            for c in out:
                if (hop := last_hop(c)) is not None:
                    c.features["outer_sim"] = scores.get(hop, 0.0)
                # "what is the purpose of *the CLI that …*?": answers of the described kind are the thing
                # described, seldom what is asked about it
                if kind:
                    described = bool(c.answers) and all(kind in self._types(a) for a in c.answers)
                else:
                    described = c.kind in ("objects", "subjects") and c.key[1:4] in first_hops
                c.features["answers_described"] = float(described)
        relative_features(query, out)
        return out

    def _middle_fit(self, query: Query, hops: list[Candidate]) -> None:
        """Two hops: how well the fact of the first hop fits the words that describe the thing in the middle
        ("the CLI *that comes with containerd*" and "ctr is installed bundled with containerd"), and by how
        much it beats the best fact of any other thing of that kind: which middle the question describes.
        Through one chosen middle: how well any fact of it fits, and by how much more than the others'."""
        if not hops:
            return
        scores, best = self._middle_scores(query)
        for c in hops:
            _, anchor, r1, d1, *_ = c.key
            vias = self.facts.step(r1, anchor, d1)
            if c.key[6:]:
                _, via = c.key[6]
                c.features["middle_sim"] = best.get(via, 0.0)
                c.features["middle_lead"] = best.get(via, 0.0) - max(
                    (best.get(v, 0.0) for v in vias - {via}), default=0.0
                )
                continue
            fit = max(scores.get(hop_ref(anchor, r1, d1, v), 0.0) for v in vias)
            kind = (query.described.kind if query.described else "") or self.facts.most_specific(self._types(min(vias)))
            rivals = self.facts.step(RDF_TYPE, kind, "subject") - vias - {anchor} if kind else set()
            c.features["middle_sim"] = fit
            c.features["middle_lead"] = fit - max((best.get(t, 0.0) for t in rivals), default=0.0)

    def _middle_scores(self, query: Query) -> tuple[dict[str, float], dict[str, float]]:
        """Each verbalised fact's fit with the words that describe the thing in the middle (the whole
        question when it describes none), and each thing's best fit of any fact about it (once a question)."""
        if query.middle_scores is None:
            if query.described is None:
                scores = self._fact_scores(query)
            else:
                scores = self._scored_facts(query.lang, query.described.text)
            best: dict[str, float] = {}
            for ref, score in scores.items():
                s, _, o = fact_triple(ref)
                for thing in (s, o):
                    best[thing] = max(best.get(thing, 0.0), score)
            query.middle_scores = scores, best
        return query.middle_scores

    def decide(self, query: Query, candidates: list[Candidate], answers_asked=lambda c: True) -> Answer:
        """The answer of the reading the ranker trusts most, or an abstention below its threshold or when
        that reading does not answer what the question asks (``answers_asked``: it says what is, asked why)."""
        if not candidates or self.ranker is None:
            return self.compose.abstain(query.text, query.lang)
        probabilities = self.ranker.predict(matrix(query, candidates))
        best = int(np.argmax(probabilities))
        p = float(probabilities[best])
        log.debug("best reading %s p=%.3f (threshold %.3f)", candidates[best].key, p, self.ranker.threshold)
        if p < self.ranker.threshold or not answers_asked(candidates[best]):
            return self.compose.abstain(query.text, query.lang)
        answer = candidates[best].compose(p)
        if answer.abstained:
            return answer
        return answer.model_copy(update={"understood_as": canonical(candidates[best].key, self.catalogue)})

    def search(self, text: str, k: int = 5):
        q = self.check(text)
        return self.retriever.search(q, detect_language(q), k)

    def _named_group(self, mentions: list[Mention]) -> frozenset[str]:
        """The things a question names by name that share their most specific kind (a list it names:
        "ctr, nerdctl and crictl", "kubelet or kube-proxy"); empty when fewer than two do."""
        named = {m.iri for m in mentions if m.exact and not m.is_class}
        groups: dict[str, set[str]] = {}
        for iri in named:
            for t in self._types(iri):
                groups.setdefault(t, set()).add(iri)
        kind = self.facts.most_specific(t for t, g in groups.items() if len(g) >= 2)
        return frozenset(groups[kind]) if kind else frozenset()

    # -- relation scoring -------------------------------------------------------------------------

    def _relation_scores(self, query: Query, texts: list[str]) -> list[dict[tuple[str, str], float]]:
        """For each text: (relation, direction) -> best fused similarity with its phrasings (those the
        query holds out excepted)."""
        missing = [t for t in dict.fromkeys(texts) if t not in query.relation_scores]
        vectors = self.index.embedder.encode_queries(missing) if missing else []
        items = self.index.collections["phrasing"][query.lang].items
        for text, vector in zip(missing, vectors, strict=True):
            best: dict[tuple[str, str], float] = {}
            for item, s in zip(items, self.index.fused("phrasing", query.lang, text, vector), strict=True):
                if query.held_out and (item.ref, item.direction, item.text) in query.held_out:
                    continue
                key = (item.ref, item.direction)
                if s > best.get(key, -1.0):
                    best[key] = float(s)
            query.relation_scores[text] = best
        return [query.relation_scores[t] for t in texts]

    def _fact_sim(self, query: Query, anchor: str, relation: str, direction: str, answers) -> float:
        """How close the whole question is to the best of the facts a reading returns, verbalised
        ("etcd는 클러스터 정보 저장을 담당한다" for "클러스터 정보는 어디에 저장돼?"): tells a reading
        whose anchor is a paraphrase covering the question, where no words are left to match a phrasing."""
        scores = self._fact_scores(query)
        return max((scores.get(hop_ref(anchor, relation, direction, a), 0.0) for a in answers), default=0.0)

    def _fact_scores(self, query: Query) -> dict[str, float]:
        """Verbalised fact ("s p o") -> its similarity with the whole question (computed once a question)."""
        if query.fact_scores is None:
            query.fact_scores = self._scored_facts(query.lang, query.text, query.vector)
        return query.fact_scores

    def _scored_facts(self, lang: str, text: str, vector: np.ndarray | None = None) -> dict[str, float]:
        """Verbalised fact ("s p o") -> its fused similarity with ``text`` (encoded here unless ``vector``)."""
        items = self.index.collections["fact"][lang].items
        scores = self.index.fused("fact", lang, text, vector)
        return {item.ref: float(s) for item, s in zip(items, scores, strict=True)}

    def _choices(self, query: Query) -> list[Candidate]:
        """ "ctr or crictl — which one lists pods?": of each offered thing, the fact that fits the question
        best, as a lookup kept to the offered things (see :mod:`kubekg.qa.choices`)."""
        if len(query.alternatives) < 2:
            return []
        criterion = _criterion(query)
        scores = self._scored_facts(query.lang, criterion)
        scored = [(fact_triple(ref), score) for ref, score in scores.items()]
        # of a fact between two offered things, the end the criterion asks for: the one whose questions
        # the criterion reads more like
        (phrased,) = self._relation_scores(query, [criterion])
        asked_end = {
            r: "object" if phrased.get((r, "object"), 0.0) >= phrased.get((r, "subject"), 0.0) else "subject"
            for r in {r for r, _ in phrased}
        }
        out = []
        for choice in best_facts(query.alternatives, scored, self.facts, asked_end):
            relation = self.catalogue.relations[choice.relation]
            features = {
                "fact_sim": choice.score,
                "choice_lead": choice.lead,
                "chosen": 1.0,
                "n_answers": math.log1p(len(choice.answers)),
                "recorded": 1.0,
            }
            spec = LookupSpec(choice.anchor, relation, choice.direction, among=query.alternatives)
            key = ("choice", choice.anchor, choice.relation, choice.direction, "among")
            compose = partial(self.compose.lookup, query, spec, False)
            out.append(Candidate("choice", key, choice.answers, features, compose))
        return out

    # -- lookups: one hop, with constraints and counts -----------------------------------------------

    def _lookups(self, query: Query) -> list[Candidate]:
        """Objects or subjects of a relation, members of a class, definitions; their counts; the same
        with named things left out, restricted to named alternatives, or complemented; and, where the
        graph holds no value for the anchor, the reading that says so."""
        anchors = distinct(query.mentions)
        if not anchors:
            return []
        out: list[Candidate] = []
        scores = self._relation_scores(query, [mask(query.text, [m]) for m in anchors])
        for anchor, rel_scores in zip(anchors, scores, strict=True):
            usable = [
                (self.catalogue.relations[r], d, sim)
                for (r, d), sim in rel_scores.items()
                if d in ("object", "subject") and r in self.catalogue.relations
            ]
            applicable = [u for u in usable if self._applicable(anchor, u[0], u[1])]
            proper = [u for u in applicable if not u[0].literal_valued and u[0].iri != RDF_TYPE and not anchor.exact]
            ranked = sorted(applicable, key=lambda u: -u[2])[:TOP_RELATIONS]
            for relation, direction, sim in ranked:
                sole = len(proper) == 1 and relation is proper[0][0] and direction == proper[0][1]
                out += self._lookup_readings(query, anchor, relation, direction, sim, sole)
            if anchor.exact and not anchor.is_class:
                out += self._unrecorded(query, anchor, usable, applicable)
        return out

    def _lookup_readings(
        self, query: Query, anchor: Mention, relation: Relation, direction: str, sim: float, sole: bool
    ) -> list[Candidate]:
        answers = self._candidate_answers(anchor.iri, relation, direction, query.lang)
        if not answers:
            return []
        base = {
            "sim": sim,
            "anchor_score": anchor.score,
            "anchor_exact": float(anchor.exact),
            "anchor_is_class": float(anchor.is_class),
            "sole_relation": float(sole),
            "engulfed": _engulfed(query, anchor),
            "recorded": 1.0,
            "role_fit": self.roles.fit(query, anchor, relation.iri, direction),
        }
        key = (anchor.iri, relation.iri, direction)
        if relation.literal_valued:
            if query.cues.who_where_when:
                return []  # a definition says what a thing is, not who, where or when
            kind = "definition"
            features = {**base, "n_answers": math.log1p(len(answers))}
            compose = partial(self.compose.definition, query, anchor.iri, relation, answers[0])
            return [Candidate(kind, (kind, *key), frozenset([anchor.iri]), features, compose)]
        linked_to, kept = self._constrain(query, anchor, answers)
        answer_class = self._answer_class(kept, query, anchor)
        coverage = self._coverage(query, anchor, relation, kept, linked_to)
        members = relation.iri == RDF_TYPE and direction == "subject"
        kind = "members" if members else ("type" if relation.iri == RDF_TYPE else f"{direction}s")
        explained = [m for m in query.mentions if m.iri == anchor.iri or m.is_class]
        described = self.descriptions.best_described(query.text, explained, kept)
        features = {
            **base,
            **coverage,
            "narrowed": float(linked_to is not None),
            "fact_sim": self._fact_sim(query, anchor.iri, relation.iri, direction, kept),
            # how far the question singles out one of the answers by what it says of it (the list that
            # returns them all is then seldom meant: "… nginx web server on port 80 with nerdctl?")
            "singled_out": described[2] if described is not None else 0.0,
        }
        spec = LookupSpec(anchor.iri, relation, direction, answer_class, linked_to)
        # the complement below is of the whole relation; the list and its variants say what narrowed them
        said = (*key, ("narrowed", linked_to)) if linked_to is not None else key
        out = self._lookup_candidates(query, kind, said, kept, features, spec)
        excluded = self._excluded(query, kept) & set(kept)
        out += self._left_out(query, kind, said, kept, excluded, {**features, "echo": 0.0}, spec)
        if query.cues.only and relation.iri != RDF_TYPE:  # a thing's kinds nest: none is its "only" one
            out += self._solely(query, anchor, kind, said, kept, excluded, features, spec)
        if described is not None:
            chosen, score, lead = described
            # a list only: the count of one described answer would always be one
            f = {**features, "described": score, "described_lead": lead, "echo": 0.0, "n_answers": math.log1p(1)}
            spec_one = spec._replace(among=frozenset([chosen]))
            compose = partial(self.compose.lookup, query, spec_one, False)
            out.append(Candidate(kind, (kind, *said, "described"), frozenset([chosen]), f, compose))
        if query.alternatives:
            among = query.alternatives & set(kept)
            if among and len(among) < len(query.alternatives):
                f = {**features, "chosen": 1.0, "echo": 0.0}
                out += self._lookup_candidates(
                    query, kind, (*said, "among"), sorted(among), f, spec._replace(among=among)
                )
        if query.cues.negated and answer_class and not members:
            rest = self._complement(anchor.iri, relation, direction, answer_class)
            if rest:
                f = {**features, "class_agrees": 1.0, "n_answers": math.log1p(len(rest)), "echo": 0.0}
                compose = partial(self.compose.complement, query, spec)
                out.append(Candidate("complement", ("complement", *key), frozenset(rest), f, compose))
        return out

    def _solely(
        self, query: Query, anchor: Mention, kind: str, said: tuple, kept: list[str], excluded, features, spec
    ) -> list[Candidate]:
        """With "only" on the anchor: the answers the relation links to it and to nothing else ("which CLIs
        work *only* with containerd?", "containerd에서만 동작하는 CLI"), and those without the things named to
        leave out ("ctr 말고 …에서만 …")."""
        if only_restricts(query.mentions, query.cues.only_at) != anchor.iri:
            return []  # "which CLIs are meant *only for debugging*?" restricts the purpose, not containerd
        sole = self.facts.solely(spec.relation.iri, anchor.iri, spec.direction, kept)
        if not sole or len(sole) == len(kept):
            return []
        f = {**features, "solely": 1.0, "only_fits": 1.0}
        spec = spec._replace(solely=True)
        said = (*said, "solely")
        return self._lookup_candidates(query, kind, said, sole, f, spec) + self._left_out(
            query, kind, said, sole, excluded, f, spec
        )

    def _left_out(
        self, query: Query, kind: str, said: tuple, answers: list[str], excluded, features, spec: LookupSpec
    ) -> list[Candidate]:
        """A list without the things the question names to leave out, where that leaves some of it."""
        left = excluded & set(answers)
        if not left or len(left) == len(answers):
            return []
        rest = [a for a in answers if a not in left]
        f = {**features, "excluded": float(len(left))}
        return self._lookup_candidates(query, kind, (*said, "without"), rest, f, spec._replace(exclude=left))

    def _lookup_candidates(
        self, query: Query, kind: str, key: tuple, answers: list[str], features: dict, spec: LookupSpec
    ) -> list[Candidate]:
        """A list reading and its count (its own candidate, so the ranker weighs the count cue)."""
        features = {**features, "n_answers": math.log1p(len(answers))}
        return [
            Candidate(
                kind, (kind, *key), frozenset(answers), features, partial(self.compose.lookup, query, spec, False)
            ),
            Candidate(
                "count",
                ("count", *key),
                frozenset([str(len(set(answers)))]),
                dict(features),  # its own: features filled in later differ between a list and its count
                partial(self.compose.lookup, query, spec, True),
            ),
        ]

    def _unrecorded(self, query: Query, anchor: Mention, usable, applicable) -> list[Candidate]:
        """Readings that ask the anchor for something the graph holds no value of ("when was crictl
        released?", "who maintains etcd?"): chosen, they make the engine abstain and say so."""
        have = {(r.iri, d) for r, d, _ in applicable}
        # an attribute said as a relation the anchor has a value of is recorded for it ("{s} is written in
        # {o}." of an added relation and of an unrecorded one)
        said = set().union(*(self.statements.get(r.iri, ()) for r, d, _ in applicable if d == "object"))
        out = []
        ranked = sorted(usable, key=lambda u: -u[2])[:TOP_RELATIONS]
        for relation, direction, sim in ranked:
            if direction != "object" or (relation.iri, direction) in have or relation.iri == RDF_TYPE:
                continue
            if said & self.statements.get(relation.iri, frozenset()):
                continue
            recorded = self.facts.recorded(relation.iri) or relation.iri == SKOS_DEFINITION
            features = {
                "sim": sim,
                "anchor_score": anchor.score,
                "anchor_exact": 1.0,
                "engulfed": _engulfed(query, anchor),
                "recorded": float(recorded),
                "role_fit": self.roles.fit(query, anchor, relation.iri, direction),
            }
            compose = partial(self.compose.unrecorded, query, anchor.iri, relation)
            out.append(
                Candidate(
                    "unrecorded", ("unrecorded", anchor.iri, relation.iri, direction), frozenset(), features, compose
                )
            )
        return out

    def _applicable(self, anchor: Mention, relation: Relation, direction: str) -> bool:
        """Whether the graph can answer this anchor/relation/direction at all (no query needed)."""
        if relation.literal_valued:
            return (
                direction == "object" and not anchor.is_class and anchor.iri in self.facts.texts.get(relation.iri, ())
            )
        if anchor.is_class:
            return relation.iri == RDF_TYPE and direction == "subject"
        if relation.iri == RDF_TYPE:
            return direction == "object"
        side = self.facts.subjects if direction == "object" else self.facts.objects
        return anchor.iri in side.get(relation.iri, ())

    def _candidate_answers(self, anchor: str, relation: Relation, direction: str, lang: str) -> list[str]:
        """The IRIs (or, for a literal relation, the texts, those in ``lang`` first) a reading yields."""
        if relation.literal_valued:
            return [r["answer"].value for r in self.kb.sparql(qb.literal(anchor, relation.iri, lang))]
        return sorted(self.facts.step(relation.iri, anchor, direction))

    def _excluded(self, query: Query, answers: list[str] | None = None) -> set[str]:
        """What the question names to leave out ("besides etcd"); given a reading's answers, also those of
        them it says the answer is not ("… 중 컨테이너가 아닌 것")."""
        named = self._named_in(query, query.cues.exclude_region)
        # Korean names them before the cue, and may list several: "lazy pulling이랑 P2P 말고"
        out = {m.iri for m in (coordinated(query.text, query.mentions, named) if query.lang == "ko" else named)}
        if answers is not None:
            out |= {m.iri for m in self._named_in(query, query.cues.not_named_region)} & set(answers)
        return out

    @staticmethod
    def _named_in(query: Query, region: tuple[int, int] | None) -> list[Mention]:
        if region is None:
            return []
        s, e = region
        return [m for m in query.mentions if m.exact and not m.is_class and m.start < e and s < m.end]

    def _complement(self, anchor: str, relation: Relation, direction: str, answer_class: str) -> list[str]:
        return sorted(
            r["answer"].value for r in self.kb.sparql(qb.complement(anchor, relation.iri, direction, answer_class))
        )

    def _constrain(self, query: Query, anchor: Mention, answers: list[str]) -> tuple[str | None, list[str]]:
        """A second entity the question names, that some of the answers are related to, narrows them
        to those: "which piece *of the control plane* keeps the cluster's data?" asks for what keeps
        the data among the things related to the control plane."""
        if query.cues.alternative:
            return None, answers
        excluded = self._excluded(query)
        for m in query.mentions:
            if not m.exact or m.is_class or m.iri == anchor.iri or m.iri in answers or m.iri in excluded:
                continue
            if self.explainer.explained_by(query.text, m, anchor):
                continue
            kept = [a for a in answers if m.iri in self.facts.neighbours.get(a, ())]
            if kept:
                return m.iri, kept
        return None, answers

    def _coverage(
        self,
        query: Query,
        anchor: Mention,
        relation: Relation,
        answers: list[str],
        linked_to: str | None,
        middles: Sequence[str] = (),
    ) -> dict[str, float]:
        """What the question names that the reading leaves unexplained: entities that are neither the
        anchor, nor what the answers were narrowed by, nor left out, nor (in a "this or that?"
        question) among the answers; classes none of the answers belongs to; answers that only echo
        what the question names; the best-linked paraphrase of a thing the reading does not use, in
        words apart from those it reads ("which component *figures out the right node* to put a container
        on?" describes a responsibility that members of "component" narrowed by "container" ignore)."""
        q, cues = query.text, query.cues
        excluded = self._excluded(query, answers)
        found = set(answers)
        outlinked = {m for m in query.mentions if _outlinked(m, query.mentions)}
        # what the question names, inside a paraphrased anchor's words too: "crictl" of "I need to read
        # a container's logs with crictl. Which command is that?" is no answer to it
        named = {
            m.iri
            for m in query.mentions
            if m.iri != anchor.iri and (m.exact or not (m in outlinked or self.explainer.explained_by(q, m, anchor)))
        }
        # the entity named by the very words that name the anchor class ("worker node": the class and
        # the node) is what the question says, not an answer to it
        namesakes = {m.iri for m in query.mentions if m.span == anchor.span and m.iri != anchor.iri}
        echo = not cues.alternative and found <= named | namesakes
        # a list that also returns a thing the question names by its name ("which *latest containerd features*
        # does nerdctl support?" read as all of nerdctl's features, that one among them)
        names_answer = max(
            (
                m.score
                for m in query.mentions
                if m.iri in found and m.iri not in excluded and not m.is_class and m not in outlinked
            ),
            default=0.0,
        )
        names_answer = names_answer if len(found) > 1 and not cues.alternative else 0.0
        unexplained = {
            m.span
            for m in query.mentions
            if m.exact
            and not m.is_class
            and m.iri not in (anchor.iri, linked_to)
            and m.iri not in excluded
            and not self.explainer.explained_by(q, m, anchor)
            and not (cues.alternative and m.iri in found)
        }
        used = {anchor.iri, linked_to, *found, *excluded, *middles}
        read = [anchor, *(m for m in query.mentions if m.iri == linked_to)]
        ignored = max(
            (
                m.score
                for m in query.mentions
                if not m.exact and not m.is_class and m.iri not in used and not any(overlap(m, r) for r in read)
            ),
            default=0.0,
        )
        typed = self._type_mentions(query, anchor)
        classes: dict[tuple[int, int], bool] = {}
        for m in typed:
            agrees = any(m.iri in self._types(a) for a in [*found, anchor.iri])
            classes[m.span] = classes.get(m.span, False) or agrees
        unexplained -= {span for span, agrees in classes.items() if agrees}
        mismatched = sum(1 for span, agrees in classes.items() if not agrees and span not in unexplained)
        asked = bool(cues.asked_type_regions)
        kinds = {m.iri for m in typed} if asked else set()
        of_kind = sum(1 for a in found if kinds & self._types(a)) / len(found) if kinds and found else 0.0
        # "nerdctl 디버깅용이야?": a thing of the answers' own kind named and left unexplained is a value the
        # question offers to check, not a word a lookup may ignore
        kind_of = self.facts.most_specific
        answer_kinds = {kind_of(self._types(a)) for a in found} - {None}
        rival = any(
            m.span in unexplained and m.iri not in found and kind_of(self._types(m.iri)) in answer_kinds
            for m in query.mentions
        )
        return {
            "names_rival": float(rival),
            "answers_of_kind": of_kind,
            "kind_unmet": float(bool(kinds) and of_kind == 0.0),
            "unexplained": float(len(unexplained)),
            "class_agrees": float(any(classes.values())),
            "class_mismatch": float(mismatched if not asked else 0),
            "asked_class_mismatch": float(mismatched if asked else 0),
            "echo": float(echo),
            "names_answer": names_answer,
            "paraphrase_ignored": ignored,
        }

    def _answer_class(self, answers: list[str], query: Query, anchor: Mention) -> str | None:
        """A class the question names as the kind of answer it wants, that the answers belong to."""
        for m in self._type_mentions(query, anchor):
            if any(m.iri in self._types(a) for a in answers):
                return m.iri
        return None

    def _type_mentions(self, query: Query, anchor: Mention) -> list[Mention]:
        mentions, cues = query.mentions, query.cues
        entity_spans = {m.span for m in mentions if m.exact and not m.is_class}
        classes = [m for m in mentions if m.is_class and m.exact and m.iri != anchor.iri and m.span not in entity_spans]
        if cues.asked_type_regions:
            # the grammar says where the asked-for kind is named; a class elsewhere places the question. A
            # kind's noun inside a name ("node controller") is part of the name, but inside a paraphrase
            # ("which controller brings new nodes in") it is still the kind asked for
            named = [m for m in classes if not (anchor.exact and overlap(m, anchor))]
            return [m for region in cues.asked_type_regions for m in _first_run(named, region, query.text)]
        return [m for m in classes if not overlap(m, anchor)]

    def _is_named(self, answer: str, mentions: list[Mention]) -> bool:
        """Whether one of the mentions names the answer, or a kind it belongs to."""
        return any(m.iri == answer or (m.is_class and m.iri in self._types(answer)) for m in mentions)

    def _types(self, iri: str) -> set[str]:
        term = self.catalogue.terms.get(iri)
        return term.types if term else set()

    def _named(self, query: Query) -> list[Candidate]:
        """The thing the question describes, as its answer: "how do I list images with crictl?" names a
        command by what it does (an alternative label), and "crictl로 이미지 목록 보고 싶은데 명령어
        뭐야?" asks for it by its kind. One reading per linked entity: the members of its kind,
        restricted to it (and narrowed by another thing the question names that it relates to). The
        ranker tells it from the readings that ask about the thing ("클러스터 정보는 어디에 저장돼?"
        describes a responsibility and asks who has it)."""
        members = self.catalogue.relations.get(RDF_TYPE)
        if members is None:
            return []
        out = []
        for m in distinct(query.mentions):
            kinds = () if m.is_class else (t for t in self._types(m.iri) if t in self.catalogue.terms)
            kind = self.facts.most_specific(kinds)
            if kind is None:
                continue
            neighbours = self.facts.neighbours.get(m.iri, ())
            linked_to = next(
                (o.iri for o in query.mentions if o.exact and not o.is_class and o.iri in neighbours), None
            )
            features = {
                "anchor_score": m.score,
                "anchor_exact": float(m.exact),
                "engulfed": _engulfed(query, m),
                "recorded": 1.0,
                "narrowed": float(linked_to is not None),
                "n_answers": math.log1p(1),
                **self._coverage(query, m, members, [m.iri], linked_to),
            }
            spec = LookupSpec(kind, members, "subject", kind, linked_to, among=frozenset([m.iri]))
            compose = partial(self.compose.lookup, query, spec, False)
            out.append(Candidate("named", ("named", m.iri), frozenset([m.iri]), features, compose))
        return out

    # -- yes/no ---------------------------------------------------------------------------------------

    def _yes_nos(self, query: Query) -> list[Candidate]:
        """Does (s, relation, o) hold, for every ordered pair of things the question names; with "only",
        whether o is the one thing s has by the relation, or s the one thing that has o."""
        anchors = distinct(query.mentions)
        if len({m.iri for m in anchors}) < 2 or query.cues.existence:
            return []
        (scores,) = self._relation_scores(query, [mask(query.text, anchors)])
        by_relation, negated = relations_asked(scores, self.catalogue.relations)
        # "ctr, nerdctl, crictl 전부 …?", "do both ctr and nerdctl …?": the things listed are asked about
        # alike, never one of the other
        listed = query.listed if query.cues.universal_at is not None else frozenset()
        readings = []
        for s_m in anchors:
            for o_m in anchors:
                if s_m.iri == o_m.iri or s_m.is_class or same_words(s_m, o_m):
                    continue
                if s_m.iri in listed and o_m.iri in listed:
                    continue
                for rel_iri, sim in by_relation.items():
                    relation = self.catalogue.relations[rel_iri]
                    if not relation.literal_valued and fits(relation, s_m, o_m, self.facts):
                        readings.append((sim, relation, s_m, o_m))
        readings.sort(key=lambda r: -r[0])
        # a value that one relation alone reaches (an install method, a purpose) is checked by it however far
        # its phrasings are from the question: with the names masked a check may keep few words to match
        # ("Is X the only X X?", "X은 별도로 X해야 하나요?"); not a paraphrase made of the names checked
        # ("Docker work with Kubernetes" read as the CRI's aim, "let runtimes other than Docker work …")
        named = [m for m in anchors if m.exact]
        kept = readings[:TOP_RELATIONS]
        kept += [
            r
            for r in readings[TOP_RELATIONS:]
            if self._reached_only_by(r[3].iri, r[1].iri)
            and fits_both(r[1], r[2], r[3], self.facts)
            and not any(overlap(r[3], m) for m in named if m is not r[3])
        ][:TOP_RELATIONS]
        marked = only_restricts(query.mentions, query.cues.only_at)
        out = []
        for sim, relation, s_m, o_m in kept:
            aside = _left_aside(query, s_m, o_m)
            holds = bool(self.kb.sparql(qb.ask(s_m.iri, relation.iri, o_m.iri)))
            # the relation asked the other way round ("can I still use …?"), or the object's name negated
            # where the question's words are not ("Is ctr user-friendly?" of "not user-friendly")
            opposite = (relation.iri in negated) != asks_opposite(query.text, query.lang, o_m, self.catalogue)
            features = {
                "sim": sim,
                "anchor_score": s_m.score,
                "anchor2_score": o_m.score,
                "anchor_exact": float(s_m.exact and o_m.exact),
                "anchor_is_class": float(o_m.is_class),
                "holds": float(holds),
                # how close the question is to the checked fact, where it holds (there is none to compare else)
                "fact_sim": self._fact_sim(query, s_m.iri, relation.iri, "object", [o_m.iri]) if holds else 0.0,
                "partial_fit": float(not fits_both(relation, s_m, o_m, self.facts)),
                # the object is reached by this relation alone ("requires a separate installation")
                "sole_relation": float(self._reached_only_by(o_m.iri, relation.iri)),
                "reversed_order": float(s_m.start > o_m.start),
                "negated_phrasing": float(opposite),
                "via_match": float(_is_via(query, o_m)),
                "recorded": 1.0,
                # other things the question names, by name or in words of their own, that the check ignores
                # ("Is nerdctl a tool *the Kubernetes community* maintains?", "ctr은 *사용자 친화적인* 도구인가요?"
                # read as checks of a kind)
                "unexplained": float(len({m.span for m in aside})),
            }
            key = (s_m.iri, relation.iri, o_m.iri)
            yes = holds != opposite
            compose = partial(self.compose.yes_no, query, s_m.iri, relation, o_m.iri, holds, yes)
            out.append(Candidate("yesno", ("yesno", *key), frozenset(["yes" if yes else "no"]), features, compose))
            for direction in _only_directions(query, relation, o_m):
                sole = bool(self.kb.sparql(qb.only(s_m.iri, relation.iri, o_m.iri, direction)))
                compose = partial(self.compose.only, query, s_m.iri, relation, o_m.iri, direction, sole)
                restricted = o_m if direction == "object" else s_m
                out.append(
                    Candidate(
                        "yesno_only",
                        ("only", *key, direction),
                        frozenset(["yes" if sole else "no"]),
                        dict(features, only_fits=float(restricted.iri == marked)),
                        compose,
                    )
                )
        return out

    # -- quantified readings: universal lists, all-members yes/no -------------------------------------

    def _reached_only_by(self, thing: str, relation: str) -> bool:
        """Whether this relation alone (typing aside) has the thing as its object ("requires a separate
        installation" is reached by k:installation only)."""
        return self.facts.reaching.get(thing, set()) - {RDF_TYPE} == {relation}

    def _universals(self, query: Query) -> list[Candidate]:
        cues, mentions = query.cues, query.mentions
        if cues.universal_at is None:
            return []
        found = quantified_set(mentions, cues.universal_at)
        if found is None:
            return []
        set_class, qualifier, answer_class = found
        entities = [m for m in mentions if not m.is_class and m.exact]
        (scores,) = self._relation_scores(query, [mask(query.text, entities)])
        ranked = sorted(
            (
                (s, r)
                for (r, d), s in scores.items()
                if d == "subject" and r in self.catalogue.relations and not self.catalogue.relations[r].literal_valued
            ),
            reverse=True,
        )
        out = []
        for sim, rel_iri in ranked[:5]:
            sparql = qb.universal(
                rel_iri, set_class.iri, qualifier.iri if qualifier else None, answer_class.iri if answer_class else None
            )
            answers = sorted({r["answer"].value for r in self.kb.sparql(sparql)})
            if not answers:
                continue
            features = {
                "sim": sim,
                "anchor_score": set_class.score,
                "anchor_exact": 1.0,
                "anchor_is_class": 1.0,
                "class_agrees": float(answer_class is not None),
                "n_answers": math.log1p(len(answers)),
                "recorded": 1.0,
            }
            spec = (rel_iri, set_class.iri, qualifier.iri if qualifier else None, sparql)
            compose = partial(self.compose.universal, query, spec, answers)
            out.append(
                Candidate("universal", ("universal", rel_iri, set_class.iri), frozenset(answers), features, compose)
            )
        return out

    def _all_yes_nos(self, query: Query) -> list[Candidate]:
        """ "Do all control plane components run on the master node?", "ctr, nerdctl, crictl 전부
        디버깅용이야?": whether every member of a set the question quantifies over (a class, or the things
        of one kind it lists) has a relation with a named entity (either way round)."""
        cues, mentions = query.cues, query.mentions
        if cues.existence or cues.universal_at is None:
            return []
        group = query.listed
        set_class = next((m for m in mentions if m.is_class and m.exact and m.start >= cues.universal_at), None)
        if group:
            members = sorted(group)
            set_mentions = [m for m in mentions if m.iri in group]
            entity = next((m for m in mentions if m.exact and not m.is_class and m.iri not in group), None)
            set_score, set_id = min(m.score for m in set_mentions), tuple(members)
        elif set_class is not None:
            members = sorted(self.facts.step(RDF_TYPE, set_class.iri, "subject"))
            set_mentions = [set_class]
            entity = next((m for m in mentions if m.exact and not m.is_class and not overlap(m, set_class)), None)
            set_score, set_id = set_class.score, set_class.iri
        else:
            return []
        if entity is None or not members:
            return []
        (scores,) = self._relation_scores(query, [mask(query.text, [*set_mentions, entity])])
        # "do all three CLIs work *only* with containerd?": each with it and with nothing else
        solely = cues.only and only_restricts(mentions, cues.only_at) == entity.iri
        readings = []
        for (rel_iri, direction), sim in scores.items():
            relation = self.catalogue.relations.get(rel_iri)
            if (
                relation is None
                or relation.literal_valued
                or rel_iri == RDF_TYPE
                or direction not in ("object", "subject")
            ):
                continue
            members_first = entity.iri in self.facts.objects.get(rel_iri, ())
            if members_first or entity.iri in self.facts.subjects.get(rel_iri, ()):
                readings.append((sim, relation, members_first))
        out = []
        for sim, relation, members_first in sorted(readings, key=lambda r: -r[0])[:3]:
            sparql = (
                qb.all_listed_related(members, relation.iri, entity.iri, members_first, solely)
                if group
                else qb.all_related(set_class.iri, relation.iri, entity.iri, members_first, solely)
            )
            yes = bool(self.kb.sparql(sparql))
            features = {
                "sim": sim,
                "anchor_score": entity.score,
                "anchor2_score": set_score,
                "anchor_exact": 1.0,
                "anchor_is_class": 1.0,
                "holds": float(yes),
                "recorded": 1.0,
            }
            spec = (set_id, members, relation, entity.iri, members_first, solely, sparql)
            compose = partial(self.compose.all_yes_no, query, spec, yes)
            key = ("all_yesno", set_id, relation.iri, entity.iri)
            out.append(Candidate("all_yesno", key, frozenset(["yes" if yes else "no"]), features, compose))
        return out

    # -- comparisons --------------------------------------------------------------------------------

    def _comparisons(self, query: Query) -> list[Candidate]:
        if not query.cues.compare:
            return []
        entities: list[str] = []
        scores = []
        for m in query.mentions:
            if m.exact and not m.is_class and m.iri not in entities:
                entities.append(m.iri)
                scores.append(m.score)
        if len(entities) < 2:
            return []
        entities = entities[:2]
        features = {"sim": 0.0, "anchor_score": scores[0], "anchor2_score": scores[1], "anchor_exact": 1.0}
        features["unexplained"] = float(
            max(0, len(set(m.iri for m in query.mentions if m.exact and not m.is_class)) - 2)
        )
        compose = partial(self.compose.comparison, query.text, query.lang, entities)
        return [Candidate("compare", ("compare", *entities), frozenset(entities), features, compose)]

    # -- two hops -----------------------------------------------------------------------------------

    def _two_hops(self, query: Query) -> list[Candidate]:
        """anchor -r1-> via -r2-> answers, either direction at each hop: "on which node does *the thing
        that picks nodes for containers* run?" (via the responsibility to kube-scheduler, then runsOn)."""
        anchors = [m for m in distinct(query.mentions) if not m.is_class]
        if not anchors:
            return []
        out, through = [], []
        scores = self._relation_scores(query, [mask(query.text, [m]) for m in anchors])
        for anchor, rel_scores in zip(anchors, scores, strict=True):
            phrased = sorted(
                (
                    (s, r, d)
                    for (r, d), s in rel_scores.items()
                    if d in ("object", "subject")
                    and r in self.catalogue.relations
                    and not self.catalogue.relations[r].literal_valued
                    and r != RDF_TYPE
                ),
                reverse=True,
            )
            firsts = [(s, r, d) for s, r, d in phrased if self.facts.step(r, anchor.iri, d)][:4]
            shared = {
                "anchor_score": anchor.score,
                "anchor_exact": float(anchor.exact),
                "engulfed": _engulfed(query, anchor),
            }
            for sim1, r1, d1 in firsts:
                vias = sorted(self.facts.step(r1, anchor.iri, d1))
                if len(vias) > MAX_VIA:
                    continue
                chosen = self._best_middle(query, vias)
                shared["role_fit"] = self.roles.fit(query, anchor, r1, d1)
                for sim2, r2, d2 in phrased:
                    if (r2, d2) == (r1, d1):
                        continue
                    spec, sims = (anchor.iri, r1, d1, r2, d2), {**shared, "sim": sim2, "sim2": sim1}
                    if (hop := self._two_hop(query, anchor, spec, vias, sims)) is None:
                        continue
                    out.append(hop)
                    # through the one middle the question describes best, where that changes the answers
                    one = self._two_hop(query, anchor, spec, [chosen], sims, through=chosen) if chosen else None
                    if one is not None and one.answers != hop.answers:
                        through.append(one)
                    if len(out) > 30:
                        return out + through
        return out + through

    def _two_hop(
        self, query: Query, anchor: Mention, spec: tuple, vias: list[str], shared: dict, through: str | None = None
    ) -> Candidate | None:
        """anchor -r1-> vias -r2-> answers (``spec``: anchor, r1, d1, r2, d2), with its features; ``through``:
        the one middle of those the first hop reaches that the question is read to describe (``vias`` is
        then that one, and the reading's key and SPARQL say so); None without answers."""
        _, r1, d1, r2, d2 = spec
        answers = {a for v in vias for a in self.facts.step(r2, v, d2)} - {anchor.iri, *vias}
        # "… manages which other *node component*?": the kind the grammar says is asked for narrows the answers
        # and the query (a lookup's query is narrowed by any kind named that some answers are of)
        kind = self._answer_class(sorted(answers), query, anchor) if query.cues.asked_type_regions else None
        answers = {a for a in answers if kind in self._types(a)} if kind else answers
        if not answers:
            return None
        ordered = sorted(answers)
        features = {
            **shared,
            **self._coverage(query, anchor, self.catalogue.relations[r2], ordered, None, vias),
            "fact_sim": max(self._fact_sim(query, v, r2, d2, ordered) for v in vias),
            "n_answers": math.log1p(len(answers)),
            "recorded": 1.0,
            "middle_chosen": float(through is not None),
        }
        key = ("two_hop", *spec) + ((("via", through),) if through else ())
        compose = partial(self.compose.two_hop, query, spec, through=through, answer_class=kind)
        return Candidate("two_hop", key, frozenset(answers), features, compose)

    def _best_middle(self, query: Query, vias: list[str]) -> str | None:
        """Of the things a first hop reaches, the one the question's words describe best by any fact about
        it ("the CLI that gets installed with containerd": of the CLIs that work with containerd, ctr); None
        for a single thing or a tie, or when the question describes no thing."""
        if len(vias) < 2 or query.described is None:
            return None
        _, best = self._middle_scores(query)
        (top, chosen), (second, _) = sorted(((best.get(v, 0.0), v) for v in vias), reverse=True)[:2]
        return chosen if top > second else None


def _first_run(classes: list[Mention], region: tuple[int, int], text: str) -> list[Mention]:
    """The classes named first in an asked-kind region, with those that overlap or directly follow them
    ("which *worker node components* …"); a class named after other words is no longer the kind asked for
    ("which *component* reports node status": a component, not a node)."""
    start, end = region
    inside = sorted((m for m in classes if start <= m.end and m.start <= end), key=lambda m: m.start)
    run: list[Mention] = []
    reach = start
    for m in inside:
        if run and m.start > reach and text[reach : m.start].strip():
            break
        run.append(m)
        reach = max(reach, m.end)
    return run


def _outlinked(mention: Mention, mentions: list[Mention]) -> bool:
    """A paraphrase whose words link better to something else: "stored as key-value" of "what keeps the
    cluster's information stored as key-value pairs?" links to etcd (a key-value database) and better to
    the responsibility of storing data as key-value pairs; it does not name etcd, which is the answer."""
    return any(m.iri != mention.iri and m.score > mention.score and overlap(m, mention) for m in mentions)


def _engulfed(query: Query, anchor: Mention) -> float:
    """1.0 when a longer mention of something else covers the anchor's words ("클러스터" inside the
    paraphrase "클러스터 정보는 어디에 저장돼"): the question names more than the anchor says."""
    width = anchor.end - anchor.start
    return float(
        any(
            m.iri != anchor.iri and m.start <= anchor.start and anchor.end <= m.end and m.end - m.start > width
            for m in query.mentions
        )
    )


def _only_directions(query: Query, relation: Relation, o_m: Mention) -> tuple[str, ...]:
    """The "only" checks a yes/no reading comes with: o the one thing s has by the relation (never a
    kind: a thing has several), and s the one thing that has o."""
    if not query.cues.only:
        return ()
    return ("subject",) if o_m.is_class or relation.iri == RDF_TYPE else ("object", "subject")


def _left_aside(query: Query, *read: Mention) -> list[Mention]:
    """The things the question names (not kinds), or describes, apart from the words a reading reads."""
    iris = {m.iri for m in read}
    return [m for m in query.mentions if not m.is_class and m.iri not in iris and not any(overlap(m, r) for r in read)]


def _is_via(query: Query, m: Mention) -> bool:
    """Whether ``m`` is the means a "… through X?" / "X를 통해 …?" question names."""
    region = query.cues.via_region
    return region is not None and m.start < region[1] and region[0] < m.end


def _criterion(query: Query) -> str:
    """A choice's question without the things it offers: what is left is the criterion to choose by."""
    return mask(query.text, [m for m in query.mentions if m.iri in query.alternatives])

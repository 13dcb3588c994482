"""Training the ranker on questions generated from the graph itself, never on the evaluation sets.

Every relation's question phrasings (``k:askObject``, ``k:askSubject``, ``k:askNegated``) are filled
with the labels and alternative labels of the things the graph relates by it; the gold answer of each
generated question is what the graph says. From those, rules derive counts ("how many …"), yes/no
checks with true and false pairs, "only" checks, quantified questions over a class ("… all container
runtimes?"), comparisons, two-hop questions (a phrasing whose subject is described by another fact:
"where does *the one that schedules containers on nodes* run?") and questions about things the graph
does not record (a relation asked of an entity that has no such fact). Questions are varied by rules
for spacing, case, punctuation and typos in names.

Each generated question runs through the engine's own reading generators with its source phrasing
held out (so its features look like those of a paraphrase, not of the phrasing itself); a reading
whose answers equal the gold is a positive. A held-out fifth of the questions sets the abstention
threshold. Adding a relation in Turtle adds its training questions: no code change.
"""

from __future__ import annotations

import contextlib
import logging
import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kubekg.graph.catalogue import Catalogue, Relation
from kubekg.qa.answer_writer import fill, with_only
from kubekg.qa.fact_index import Facts
from kubekg.qa.phrasing import describe as _describe
from kubekg.qa.question_shapes import detect
from kubekg.qa.ranker import Ranker
from kubekg.qa.readings import matrix
from kubekg.search.semantic_index import mask
from kubekg.search.text_normalize import clean, detect_language, hangul_parts, singular

log = logging.getLogger(__name__)

#: Bumped whenever the generator or the labelling changes (part of the ranker's cache key).
VERSION = "154"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: Parts the questions are split into to choose the abstention threshold: each part is scored by a model
#: fitted on the others.
FOLDS = 3
#: Resamples of the held-out questions the abstention threshold is chosen over (see :func:`_threshold`).
RESAMPLES = 200
#: Questions encoded together (speed only).
CHUNK = 128
#: Share of generated questions scored with the phrasing they were made from hidden. A person rarely
#: asks in the ontology's very words, so most must be told by other phrasings; but some do, and a
#: ranker that never saw an exact phrasing learns to distrust the relations with few phrasings
#: (a definition's "what is X?" lost to "what is X responsible for?").
HELD_OUT_SHARE = 0.5
#: Share of two-hop questions that say first what they describe and then point back at it ("The CLI that
#: supports Compose - who maintains it?"), as people do when the description is long.
FRONTED_SHARE = 0.25
#: Share of list questions also asked with "only" on the anchor ("which CLIs work with *only* containerd?"),
#: where that keeps some of the answers and not all.
SOLELY_SHARE = 0.35
#: Of the generated questions that leave a thing out, the share that leave out one none of the answers is
VACUOUS_EXCLUSION_SHARE = 0.3


@dataclass(frozen=True)
class Example:
    """A generated question and what the graph says its answer is."""

    question: str
    lang: str
    gold: frozenset[str]  # IRIs, "yes"/"no" or a number; empty when the graph cannot answer
    held_out: frozenset[tuple[str, str, str]] = frozenset()  # phrasings it was made from
    unrecorded: tuple | None = None  # for a question the graph cannot answer: the reading that says so
    source: str = "lookup"


# -- generation ------------------------------------------------------------------------------------


class QuestionGenerator:
    def __init__(self, catalogue: Catalogue, facts: Facts, texts: dict[str, set[str]], seed: int = 0):
        self.catalogue = catalogue
        self.facts = facts
        self.texts = texts  # text-valued relation -> the things that have a value of it
        self.seed = seed
        self.rng = random.Random(seed)
        self.entities = sorted(i for i, t in catalogue.terms.items() if not t.is_class)

    def examples(self) -> list[Example]:
        """The questions of every phrasing. Each phrasing draws from its own random stream, so an edit
        to the graph changes the questions of what it touches, not all that come after it (and a retrain
        finds the vectors of the others saved)."""
        out: list[Example] = []
        for iri in sorted(self.catalogue.relations):
            relation = self.catalogue.relations[iri]
            for lang in ("en", "ko"):
                for direction in ("object", "subject"):
                    for phrasing in relation.phrasings(direction, lang):
                        self._reseed(iri, direction, phrasing)
                        out += self._from_phrasing(relation, direction, lang, phrasing)
                for phrasing in relation.ask_negated.get(lang, []):
                    self._reseed(iri, "negated", phrasing)
                    out += self._yes_no(relation, lang, phrasing, "negated", flip=True)
        self._reseed("comparisons")
        out += self._comparisons()
        return out

    def _reseed(self, *where: str) -> None:
        self.rng.seed("|".join((str(self.seed), *where)))  # a str seed is hashed the same in every process

    # one phrasing -> questions
    def _from_phrasing(self, relation: Relation, direction: str, lang: str, phrasing: str) -> list[Example]:
        if "{s}" in phrasing and "{o}" in phrasing:
            out = self._yes_no(relation, lang, phrasing, direction, flip=False)
            if relation.iri != RDF_TYPE and self.rng.random() < 0.4:
                out += self._only(relation, lang, phrasing, direction, self.rng.choice(["object", "subject"]))
            return out
        slot = "{s}" if direction == "object" else "{o}"
        if slot not in phrasing or self._a_check(relation, phrasing, slot, lang):
            return []
        held = frozenset([(relation.iri, direction, mask(phrasing))])
        out = []
        for anchor in self._anchors(relation, direction, 2):
            gold = self._gold(relation, anchor, direction)
            q = self._fill(phrasing, {slot: anchor}, lang)
            # a place named beside an entity ("… on the worker node") is no answer; beside a class the
            # class itself is usually the place, so membership questions are not qualified
            if relation.iri != RDF_TYPE and self.rng.random() < 0.3:
                q, gold = self._qualified(q, anchor, gold, lang)
            out.append(Example(q, lang, gold, held, source="definition" if relation.literal_valued else "lookup"))
            if not relation.literal_valued and relation.iri != RDF_TYPE:
                out += self._constrained(q, anchor, gold, lang, held)
                if self.rng.random() < SOLELY_SHARE:
                    out += self._solely(relation, direction, lang, phrasing, slot, anchor, held)
            # people count sets of several: "how many" over a single answer teaches a reading nobody asks
            if (
                not relation.literal_valued
                and self.rng.random() < 0.2
                and len(gold) > 1
                and (counted := _as_count(phrasing, lang))
            ):
                out.append(
                    Example(
                        self._fill(counted, {slot: anchor}, lang),
                        lang,
                        frozenset([str(len(gold))]),
                        held,
                        source="count",
                    )
                )
        if direction == "subject" and not relation.literal_valued and self.rng.random() < 0.5:
            out += self._universal(relation, lang, phrasing, held)
        recorded = self.facts.recorded(relation.iri) or relation.iri in self.texts
        if direction == "object" and self.rng.random() < (0.6 if not recorded else 0.35):
            out += self._not_recorded(relation, lang, phrasing, held)
        out += self._two_hop(relation, direction, lang, phrasing, held) if self.rng.random() < 0.4 else []
        if direction == "subject" and self.rng.random() < 0.3:
            out += self._complement(relation, lang, held)
        return out

    def _a_check(self, relation: Relation, phrasing: str, slot: str, lang: str) -> bool:
        """A phrasing with one slot said as a check ("does {s} need a separate install?", "{s}는 따로
        설치해야 해?"): it tells which relation a check is about, but as a question for the other end of a
        recorded fact it would teach that such a check is answered with a thing. (Of an unrecorded relation
        it still teaches to abstain.)"""
        if not self.facts.recorded(relation.iri):
            return False
        cues = detect(phrasing.replace(slot, "crictl"), lang)
        return cues.yes_no and not cues.existence

    def _anchors(self, relation: Relation, direction: str, n: int) -> list[str]:
        if relation.literal_valued:
            pool = sorted(self.texts.get(relation.iri, ())) if direction == "object" else []
        elif relation.iri == RDF_TYPE and direction == "subject":
            pool = sorted(
                i for i, t in self.catalogue.terms.items() if t.is_class and self.facts.by_object.get((RDF_TYPE, i))
            )
        else:
            side = self.facts.subjects if direction == "object" else self.facts.objects
            pool = sorted(side.get(relation.iri, ()))
        return self.rng.sample(pool, min(n, len(pool)))

    def _gold(self, relation: Relation, anchor: str, direction: str) -> frozenset[str]:
        if relation.literal_valued:
            return frozenset([anchor])
        return frozenset(self.facts.step(relation.iri, anchor, direction))

    def _yes_no(self, relation: Relation, lang: str, phrasing: str, direction: str, flip: bool) -> list[Example]:
        pairs = [(s, o) for (r, s), objs in self.facts.by_subject.items() if r == relation.iri for o in objs]
        if not pairs:
            return []
        held = frozenset([(relation.iri, direction, mask(phrasing))])
        s, o = self.rng.choice(sorted(pairs))
        out = [
            Example(
                self._fill(phrasing, {"{s}": s, "{o}": o}, lang),
                lang,
                frozenset(["no" if flip else "yes"]),
                held,
                source="yesno",
            )
        ]
        objects = sorted(self.facts.objects.get(relation.iri, ()) - self.facts.step(relation.iri, s, "object"))
        if objects:
            wrong = self.rng.choice(objects)
            q = self._fill(phrasing, {"{s}": s, "{o}": wrong}, lang)
            out.append(Example(q, lang, frozenset(["yes" if flip else "no"]), held, source="yesno"))
        if self.rng.random() < 0.3 and (listed := self._listed(relation, lang, phrasing, s, o, flip)):
            out.append(Example(listed[0], lang, listed[1], held, source="all_listed"))
        return out

    def _listed(self, relation: Relation, lang: str, phrasing: str, s: str, o: str, flip: bool):
        """The yes/no asked of several things of one kind at once ("do both ctr and nerdctl …?", "ctr,
        crictl 전부 …?"): yes when the fact holds for every one of them."""
        kind = self.facts.most_specific(self.catalogue.terms[s].types if s in self.catalogue.terms else ())
        if kind is None:
            return None
        peers = sorted(self.facts.step(RDF_TYPE, kind, "subject") - {s, o})
        holding = [p for p in peers if o in self.facts.step(relation.iri, p, "object")]
        if holding and self.rng.random() < 0.5:
            peers = holding  # as often a list it holds for as one it fails for
        if not peers:
            return None
        group = [s, *self.rng.sample(peers, min(len(peers), self.rng.choice([1, 2])))]
        self.rng.shuffle(group)
        names = [self._name(m, lang) for m in group]
        if lang == "ko":
            said = self.rng.choice([f"{', '.join(names)} 전부", f"{', '.join(names)} 모두", f"{'랑 '.join(names)} 다"])
        elif len(names) == 2:
            said = f"both {names[0]} and {names[1]}"
        else:
            said = f"all of {', '.join(names[:-1])} and {names[-1]}"
        held_all = all(o in self.facts.step(relation.iri, m, "object") for m in group)
        gold = "yes" if held_all != flip else "no"
        q = _tidy(phrasing.replace("{o}", self._name(o, lang)).replace("{s}", said), lang)
        return self._vary(q, lang), frozenset([gold])

    def _only(self, relation: Relation, lang: str, phrasing: str, direction: str, restricted: str) -> list[Example]:
        """ "does nerdctl work with *only* containerd?" (``restricted`` "object"): yes when o is the one
        object s has; "does *only* crictl …?", "Is crictl *the only one* …?", "crictl*만* …?" ("subject"):
        yes when s is the one subject o has."""
        slot = "{o}" if restricted == "object" else "{s}"
        only = with_only(phrasing, slot, lang)
        if lang == "en" and restricted == "subject" and (is_s := re.match(r"(?i)is \{s\} ", phrasing)):
            if self.rng.random() < 0.5:
                only = phrasing[: is_s.end()] + "the only one " + phrasing[is_s.end() :]
        pairs = sorted((s, o) for (r, s), objs in self.facts.by_subject.items() if r == relation.iri for o in objs)
        # as often a pair where the one named is the only one as a pair where it is not, where the graph
        # has both: otherwise the plain check (which says yes whenever the fact holds) is right as often
        side = 0 if restricted == "object" else 1

        def sole(pair: tuple[str, str]) -> bool:
            return len(self.facts.step(relation.iri, pair[side], restricted)) == 1

        wanted = self.rng.random() < 0.5
        pairs = [pair for pair in pairs if sole(pair) == wanted] or pairs
        if not pairs:
            return []
        s, o = self.rng.choice(pairs)
        gold = "yes" if sole((s, o)) else "no"
        held = frozenset([(relation.iri, direction, mask(phrasing))])
        return [Example(self._fill(only, {"{s}": s, "{o}": o}, lang), lang, frozenset([gold]), held, source="only")]

    def _solely(
        self, relation: Relation, direction: str, lang: str, phrasing: str, slot: str, anchor: str, held
    ) -> list[Example]:
        """ "which CLIs work with *only* containerd?", "containerd*에서만* 동작하는 CLI는?": the answers the
        relation links to the anchor and to nothing else; asked where that keeps some and not all."""
        gold = self._gold(relation, anchor, direction)
        sole = frozenset(self.facts.solely(relation.iri, anchor, direction, gold))
        if not sole or sole == gold:
            return []
        q = self._fill(with_only(phrasing, slot, lang), {slot: anchor}, lang)
        return [Example(q, lang, sole, held, source="solely")]

    def _universal(self, relation: Relation, lang: str, phrasing: str, held) -> list[Example]:
        """ "which tools work with {o}?" asked of *all* the members of a class."""
        classes = sorted(
            c
            for c, t in self.catalogue.terms.items()
            if t.is_class and len(self.facts.step(RDF_TYPE, c, "subject")) >= 2
        )
        if not classes:
            return []
        self.rng.shuffle(classes)
        for c in classes:
            members = self.facts.step(RDF_TYPE, c, "subject")
            gold = frozenset(set.intersection(*(self.facts.step(relation.iri, m, "subject") for m in members)))
            if gold:
                break
        else:
            return []
        word = "all" if lang == "en" else "모든"
        q = self._fill(phrasing.replace("{o}", f"{word} {{o}}"), {"{o}": c}, lang)
        return [Example(q, lang, gold, held, source="universal")]

    def _not_recorded(self, relation: Relation, lang: str, phrasing: str, held) -> list[Example]:
        """The phrasing asked of an entity the graph holds no such fact of: nothing to answer."""
        if relation.iri == RDF_TYPE:
            return []
        if relation.literal_valued:
            pool = (
                [e for e in self.entities if not self.catalogue.terms[e].definition]
                if self.facts.recorded(relation.iri)
                else self.entities
            )
            if relation.iri.endswith("#definition"):
                return []
        else:
            pool = [e for e in self.entities if not self.facts.step(relation.iri, e, "object")]
        if not pool:
            return []
        e = self.rng.choice(pool)
        key = ("unrecorded", e, relation.iri, "object")
        return [Example(self._fill(phrasing, {"{s}": e}, lang), lang, frozenset(), held, key, source="unrecorded")]

    def _two_hop(self, relation: Relation, direction: str, lang: str, phrasing: str, held) -> list[Example]:
        """The phrasing's slot filled with a description of the thing by another fact."""
        if relation.literal_valued or relation.iri == RDF_TYPE:
            return []
        side = self.facts.subjects if direction == "object" else self.facts.objects
        vias = sorted(side.get(relation.iri, ()))
        self.rng.shuffle(vias)
        for via in vias[:5]:
            for first_iri in sorted(self.catalogue.relations):
                first = self.catalogue.relations[first_iri]
                if first.literal_valued or first_iri in (RDF_TYPE, relation.iri):
                    continue
                for first_direction in ("subject", "object"):
                    # the anchor is what ``via`` relates to by ``first``
                    anchors = sorted(
                        self.facts.step(first_iri, via, "object" if first_direction == "subject" else "subject")
                    )
                    if len(anchors) != 1:
                        continue
                    anchor = anchors[0]
                    if len(self.facts.step(first_iri, anchor, first_direction)) != 1:
                        continue  # the description must pick out ``via`` alone
                    # people usually say what kind of thing they describe: "the CLI that …", "… 컴포넌트"
                    noun = self._kind_noun(via, lang) if self.rng.random() < 0.7 else None
                    description = _describe(first, first_direction, self._name(anchor, lang), lang, noun)
                    if description is None:
                        continue
                    gold = self.facts.step(relation.iri, via, direction) - {anchor, via}
                    if not gold:
                        continue
                    if self.rng.random() < FRONTED_SHARE:
                        q = _fronted(phrasing, description, lang)
                    else:
                        q = _tidy(fill(phrasing, description, description), lang)
                    return [Example(self._vary(q, lang), lang, frozenset(gold), held, source="two_hop")]
        return []

    def _kind(self, iri: str) -> str | None:
        """The most specific class of ``iri`` the catalogue knows, or None."""
        term = self.catalogue.terms.get(iri)
        return self.facts.most_specific(t for t in term.types if t in self.catalogue.terms) if term else None

    def _siblings(self, iri: str) -> set[str]:
        """The other things of ``iri``'s most specific kind."""
        kind = self._kind(iri)
        return set(self.facts.step(RDF_TYPE, kind, "subject")) - {iri} if kind else set()

    def _kind_noun(self, iri: str, lang: str) -> str | None:
        """What kind of thing ``iri`` is, as a noun ("CLI", "컴포넌트"): its most specific class's label."""
        kind = self._kind(iri)
        return self.catalogue.terms[kind].display(lang) if kind else None

    def _comparisons(self) -> list[Example]:
        templates = {
            "en": [
                "what is the difference between {a} and {b}?",
                "{a} vs {b}",
                "compare {a} and {b}",
                "how does {a} differ from {b}?",
            ],
            "ko": ["{a}와 {b}의 차이는?", "{a}랑 {b} 차이가 뭐야?", "{a} vs {b} 비교해줘", "{a}와 {b}는 어떻게 달라?"],
        }
        by_class: dict[str, list[str]] = {}
        for e in self.entities:
            for t in sorted(self.catalogue.terms[e].types):
                by_class.setdefault(t, []).append(e)
        groups = [sorted(v) for _, v in sorted(by_class.items()) if len(v) >= 2]
        out = []
        for lang, forms in templates.items():
            for form in forms:
                for _ in range(3):
                    a, b = self.rng.sample(self.rng.choice(groups), 2)
                    q = form.replace("{a}", self._name(a, lang)).replace("{b}", self._name(b, lang))
                    out.append(Example(self._vary(q, lang), lang, frozenset([a, b]), source="compare"))
        return out

    def _constrained(self, question: str, anchor: str, gold: frozenset[str], lang: str, held) -> list[Example]:
        """The same question leaving one answer out ("besides X, …"), or choosing between one answer and
        a thing of the same kind that is not one ("ctr or nerdctl — …")."""
        out = []
        if len(gold) >= 2 and self.rng.random() < 0.3:
            left = self.rng.choice(sorted(gold))
            if self.rng.random() < VACUOUS_EXCLUSION_SHARE and (others := self._siblings(left) - gold - {anchor}):
                # people also leave out a thing of the answers' kind that is none of them ("nerdctl 빼고
                # 디버깅용 CLI는?"): the answers stay, and nothing is read about the thing left out
                left = self.rng.choice(sorted(others))
            name = self._name(left, lang)
            bare = question.rstrip("?. ")
            if lang == "ko":
                q = self.rng.choice(
                    [
                        f"{name} 말고 {question}",
                        f"{name} 빼고 {question}",
                        f"{name} 제외하고 {question}",
                        f"{name} 빼면 {question}",
                    ]
                )
            else:
                q = self.rng.choice(
                    [f"{bare} besides {name}?", f"Apart from {name}, {bare}?", f"{bare}, other than {name}?"]
                )
            out.append(Example(q, lang, gold - {left}, held, source="exclusion"))
        if len(gold) >= 2 and self.rng.random() < 0.3 and (q := self._described(question, gold, lang)):
            out.append(Example(q[0], lang, frozenset([q[1]]), held, source="described"))
        if len(gold) >= 2 and self.rng.random() < 0.5 and (q := self._task(anchor, gold, lang)):
            out.append(Example(q[0], lang, frozenset([q[1]]), held, source="task"))
        if (q := self._task_by_name(anchor, gold, lang)) is not None:
            out.append(Example(q[0], lang, frozenset([q[1]]), held, source="task"))
        if self.rng.random() < 0.12:
            right = self.rng.choice(sorted(gold))
            kinds = self.catalogue.terms[right].types if right in self.catalogue.terms else set()
            others = sorted(
                e for e in self.entities if e not in gold and e != anchor and self.catalogue.terms[e].types & kinds
            )
            if others:
                pair = [right, self.rng.choice(others)]
                self.rng.shuffle(pair)
                a, b = (self._name(x, lang) for x in pair)
                bare = question.rstrip("?. ")
                if lang == "ko":
                    forms = [f"{a}하고 {b} 중에 {question}", f"{a}랑 {b} 중 {question}", f"{a} 아니면 {b}, {question}"]
                    versus = f"{a} vs {b}, {question}"
                else:
                    forms = [f"{a} or {b}: {bare}?", f"Between {a} and {b}, {bare}?", f"{bare} — {a} or {b}?"]
                    forms.append(f"Among {a} and {b}, {bare[:1].lower() + bare[1:]}?")
                    versus = f"{a} vs {b}: {bare}?"
                # "A vs B" offers a choice only when a "which" follows; else it asks for a comparison
                q = self.rng.choice(forms + [versus] if detect(versus, lang).alternative else forms)
                out.append(Example(q, lang, frozenset([right]), held, source="choice"))
        return out

    def _described(self, question: str, gold: frozenset[str], lang: str) -> tuple[str, str] | None:
        """The question narrowed to one of its answers by what that answer does, in other words than
        its name ("… — the one that pulls the busybox image?"), and that answer."""
        pick = self.rng.choice(sorted(gold))
        term = self.catalogue.terms.get(pick)
        definition = term.definition.get(lang, "").rstrip(". ") if term else ""
        if not definition:
            return None
        bare = question.rstrip("?. ")
        if lang == "ko":
            forms = [f"{bare}, {definition}는 거?", f"{definition}는 건데, {question}", f"{question} ({definition})"]
        else:
            said = definition[0].lower() + definition[1:]
            forms = [
                f"{bare} — the one that {said}?",
                f"{bare}, to be exact the one that {said}?",
                f"{question} ({said})",
            ]
        return self.rng.choice(forms), pick

    def _task(self, anchor: str, gold: frozenset[str], lang: str) -> tuple[str, str] | None:
        """One of the answers asked for by what the asker wants to do with it, in the words of its
        definition, and by its kind, with or without the thing asked about ("I want to pull the busybox
        image with crictl. Which command do I use?", "ctr로 이미지에서 새 컨테이너를 실행하려면 어떤
        명령어 써?"), and that answer."""
        pick = self.rng.choice(sorted(gold))
        term = self.catalogue.terms.get(pick)
        noun = self._kind_noun(pick, lang)
        definition = term.definition.get(lang, "").strip().rstrip(".") if term else ""
        if not noun or not definition or any(n in definition for n in term.all_names()):
            return None  # no definition, or one that names the thing ("nerdctl은 …"): not what a task says
        named = (t := self.catalogue.terms.get(anchor)) and any(n in definition for n in t.all_names())
        name = self._name(anchor, lang) if self.rng.random() < 0.6 and not named else None
        if lang == "ko":
            stem = _ko_stem(definition)
            if stem is None:
                return None
            by = fill("{s}로 ", name, "") if name else ""
            forms = [
                f"{by}{stem}는 {noun}는?",
                f"{by}{_ko_want(stem)} 어떤 {noun} 써?",
                f"{by}{stem}고 싶은데 {noun} 뭐야?",
                f"{by}{_ko_want(stem)} 뭐 쓰면 돼?",
            ]
        else:
            first, _, rest = definition.partition(" ")
            if not re.fullmatch(r"[A-Z][a-z]+[^s]s", first) or first in ("Was", "Has"):
                return None  # not a sentence that starts with what the thing does ("Lists the images …")
            said = f"{first.lower()} {rest}".strip()
            do = f"{singular(first.lower())} {rest}".strip() + (f" with {name}" if name else "")
            which = f"{name} {noun}" if name else noun
            forms = [f"which {which} {said}?", f"I want to {do}. Which {noun} should I use?", f"how do I {do}?"]
        return self._vary(_tidy(self.rng.choice(forms), lang), lang), pick

    def _task_by_name(self, anchor: str, gold: frozenset[str], lang: str) -> tuple[str, str] | None:
        """One of the answers asked for by what the asker wants to do, in the words of a name of it that
        says what is done with the thing asked about ("pull an image with crictl": "how do I pull an image
        with crictl?", "crictl로 이미지 받기": "crictl로 이미지 받으려면 뭐 쓰면 돼?"), and that answer."""
        pick = self.rng.choice(sorted(gold))
        term = self.catalogue.terms.get(pick)
        noun = self._kind_noun(pick, lang)
        actions = _action_names(term, self.catalogue.terms.get(anchor), lang)
        if not noun or not actions:
            return None
        action = self.rng.choice(actions)
        if lang == "ko":
            stem = action[:-1]
            forms = [
                f"{_ko_want(stem)} 어떤 {noun} 써?",
                f"{stem}고 싶은데 {noun} 뭐야?",
                f"{_ko_want(stem)} 뭐 쓰면 돼?",
                f"{action} {noun} 알려줘",
            ]
        else:
            forms = [
                f"I want to {action}. Which {noun} should I use?",
                f"how do I {action}?",
                f"which {noun} do I use to {action}?",
                f"what's the {noun} to {action}?",
            ]
        return self._vary(_tidy(self.rng.choice(forms), lang), lang), pick

    def _complement(self, relation: Relation, lang: str, held) -> list[Example]:
        """ "which CLIs are *not* meant for debugging?": the members of a kind the fact does not hold of."""
        objects = sorted(self.facts.objects.get(relation.iri, ()))
        if not objects:
            return []
        o = self.rng.choice(objects)
        holders = self.facts.step(relation.iri, o, "subject")
        if not holders or any(h not in self.catalogue.terms for h in holders):
            return []
        kinds = [
            c
            for c in sorted(
                set.intersection(*(self.catalogue.terms[h].types for h in holders if h in self.catalogue.terms))
                or set()
            )
            if c in self.catalogue.terms and self.facts.step(RDF_TYPE, c, "subject") - holders
        ]
        if not kinds:
            return []
        kind = self.facts.most_specific(kinds)
        text = _negated(relation, self.catalogue.terms[kind].display(lang), lang)
        if text is None:
            return []
        gold = frozenset(self.facts.step(RDF_TYPE, kind, "subject") - holders - {o})
        q = self._vary(_tidy(text.replace("{o}", self._name(o, lang)), lang), lang)
        return [Example(q, lang, gold, held, source="complement")]

    def _qualified(self, question: str, anchor: str, gold: frozenset[str], lang: str) -> tuple[str, frozenset[str]]:
        """The question placed by something else the graph relates to the anchor or its answers ("… on
        the worker node?", "워커 노드에서 …"). Unrelated to every answer, it is no answer and narrows
        nothing; related to some of them only, it narrows the answers to those."""
        narrowing = sorted(
            n
            for a in gold
            for n in self.facts.neighbours.get(a, ())
            if n not in gold
            and n != anchor
            and n in self.catalogue.terms
            and not self.catalogue.terms[n].is_class
            and 0 < len(self.facts.neighbours.get(n, set()) & gold) < len(gold)
        )
        unrelated = sorted(
            n
            for n in self.facts.neighbours.get(anchor, ())
            if n not in gold and n in self.catalogue.terms and not (self.facts.neighbours.get(n, set()) & gold)
        )
        if (grouping := self._groupings(anchor, gold)) and self.rng.random() < 0.5:
            return self._grouped(question, gold, self.rng.choice(grouping), lang)
        if narrowing and (not unrelated or self.rng.random() < 0.5):
            place = self.rng.choice(narrowing)
            gold = frozenset(a for a in gold if place in self.facts.neighbours.get(a, ()))
        elif unrelated:
            place = self.rng.choice(unrelated)
        else:
            return question, gold
        name = self._name(place, lang)
        if lang == "ko":
            return self.rng.choice(
                [f"{name}에서 {question}", f"{name} 관련해서 {question}", f"{name} 기준으로 {question}"]
            ), gold
        bare = question.rstrip("?. ")
        forms = [f"{bare} in {name}?", f"{bare} on the {name}?", f"In {name}, {bare[0].lower() + bare[1:]}?"]
        return self.rng.choice(forms), gold

    def _groupings(self, anchor: str, gold: frozenset[str]) -> list[str]:
        """Things of the answers' own kind that the graph relates to several of them but not all: a group
        among them ("the latest containerd features" of nerdctl's features: three of its eight)."""
        out = []
        for n in sorted({n for a in gold for n in self.facts.neighbours.get(a, ())} - {anchor}):
            term = self.catalogue.terms.get(n)
            rest = gold - {n}
            shared = self.facts.neighbours.get(n, set()) & rest
            if term and not term.is_class and 2 <= len(shared) < len(rest) and self._kinds_shared(n, shared):
                out.append(n)
        return out

    def _kinds_shared(self, iri: str, others: set[str]) -> set[str]:
        """The classes ``iri`` shares with each of ``others``."""
        kinds = set(self.catalogue.terms[iri].types)
        for o in others:
            kinds &= self.catalogue.terms[o].types if o in self.catalogue.terms else set()
        return kinds

    def _grouped(self, question: str, gold: frozenset[str], group: str, lang: str) -> tuple[str, frozenset[str]]:
        """The question asked of a group among its answers: the group named where the question names the
        answers' kind ("what features does nerdctl support?" -> "what latest containerd features does
        nerdctl support?"), or set before it ("containerd 최신 기능 중에 …")."""
        gold = frozenset(a for a in gold - {group} if group in self.facts.neighbours.get(a, ()))
        name = self._name(group, lang)
        for kind in sorted(self._kinds_shared(group, set(gold))):
            names = self.catalogue.terms[kind].names.get(lang, ()) if kind in self.catalogue.terms else ()
            for noun in sorted(names, key=lambda n: (-len(n), n)):  # longest first; a set: ties by spelling
                found = re.search(
                    rf"(?<![\w-]){re.escape(noun)}(?:e?s)?(?![\w-])" if lang == "en" else re.escape(noun),
                    question,
                    re.I,
                )
                if found:
                    return question[: found.start()] + name + question[found.end() :], gold
        if lang == "ko":
            return self.rng.choice(
                [f"{name} 중에 {question}", f"{name} 가운데 {question}", f"{name} 중에서 {question}"]
            ), gold
        bare = question.rstrip("?. ")
        forms = [f"Among the {name}, {bare[0].lower() + bare[1:]}?", f"{bare}, of the {name}?"]
        return self.rng.choice(forms), gold

    # filling and varying
    def _name(self, iri: str, lang: str) -> str:
        term = self.catalogue.terms.get(iri)
        if term is None:
            return iri.rsplit("/", 1)[-1]
        other = "en" if lang == "ko" else "ko"
        pool = sorted(term.names.get(lang) or term.names.get(other) or {term.display(lang)})
        if self.rng.random() < 0.1 and term.names.get(other):
            pool = sorted(term.names[other])
        name = self.rng.choice(pool)
        if self.rng.random() < 0.08:
            name = _typo(name, self.rng)
        return name

    def _fill(self, phrasing: str, slots: dict[str, str], lang: str) -> str:
        text = phrasing
        for slot, iri in slots.items():
            text = text.replace(slot, self._name(iri, lang))
        return self._vary(_tidy(text, lang), lang)

    def _vary(self, text: str, lang: str) -> str:
        r = self.rng.random()
        if lang == "en":
            if r < 0.2:
                text = text.lower()
            if self.rng.random() < 0.2:
                text = text.rstrip("?. ")
        else:
            if r < 0.12:
                text = text.replace(" ", "")
            elif r < 0.25:
                text = text.rstrip("?")
        return text


def _as_count(phrasing: str, lang: str) -> str | None:
    """The phrasing turned into "how many …?" ("which tools …" -> "how many tools …")."""
    if lang == "en":
        m = re.match(r"^(which|what)\s+(?=\w+s\b)", phrasing, re.I)
        return "how many " + phrasing[m.end() :] if m else None
    m = re.search(r"(은|는|이|가)\?$", phrasing)
    return phrasing[: m.start() + 1] + " 몇 개야?" if m else None


def _negated(relation: Relation, kind: str, lang: str) -> str | None:
    """A question for the members of ``kind`` that the relation's statement does not hold of:
    "{s} is meant for {o}." -> "which CLIs are not meant for {o}?"; "{s}는 {o}를 지원한다." ->
    "{o}를 지원하지 않는 CLI는?"."""
    statement = relation.statement.get(lang, "")
    if lang == "en":
        m = re.match(r"^\{s\} (is|are) (.*)\.$", statement)
        if m:
            return f"which {kind}s are not {m.group(2)}?"
        m = re.match(r"^\{s\} (\w+?)(e?s) (.*)\.$", statement)
        if m and not m.group(1).endswith("s"):
            verb = m.group(1) + ("e" if m.group(2) == "es" and not m.group(1).endswith(("sh", "ch", "x")) else "")
            return f"which {kind}s do not {verb} {m.group(3)}?"
        return None
    m = re.match(r"^\{s\}(은|는|이|가)\s+(.*?)(한다|된다|이다)\.$", statement)
    if not m:
        return None
    negative = {"한다": "하지 않는", "된다": "되지 않는", "이다": "이 아닌"}[m.group(3)]
    return f"{m.group(2)}{negative} {kind}는?"


def _ko_stem(sentence: str) -> str | None:
    """The verb stem of a Korean sentence in the plain present ("…실행한다" → "…실행하", "…받는다" →
    "…받"), or None for any other ending."""
    if sentence.endswith("는다"):
        return sentence[:-2]
    if sentence.endswith("다") and len(sentence) > 1:
        last = ord(sentence[-2]) - 0xAC00
        if 0 <= last < 11172 and last % 28 == 4:  # the syllable ends in ㄴ: 한다, 준다
            return sentence[:-2] + chr(0xAC00 + last - 4)
    return None


def _ko_want(stem: str) -> str:
    """ "…하려면", "…받으려면": the stem as the condition of wanting to do it."""
    parts = hangul_parts(stem[-1])
    closed = parts is not None and parts[2] not in (0, 8)  # a final consonant other than ㄹ
    return stem + ("으려면" if closed else "려면")


def _action_names(term, anchor, lang: str) -> list[str]:
    """The names of a thing that say what one does with the thing asked about ("pull an image with
    crictl", "crictl로 이미지 받기" of a crictl command): a verb phrase in English (a lowercase first word
    that is not the anchor's name), a nominalised verb (…기) in Korean, naming the anchor either way."""
    if term is None or anchor is None:
        return []
    anchor_names = {n.lower() for n in anchor.all_names()}
    out = []
    for name in sorted(term.names.get(lang, ())):
        words = name.split()
        if len(words) < 3 or not any(n in name.lower() for n in anchor_names):
            continue
        if lang == "ko" and name.endswith("기"):
            out.append(name)
        elif lang == "en" and words[0].isalpha() and words[0].islower() and words[0] not in anchor_names:
            out.append(name)
    return out


def _fronted(phrasing: str, description: str, lang: str) -> str:
    """A question that says first what it describes, then asks about it pointing back: "The CLI that supports
    Compose - who maintains it?", "Compose를 지원하는 CLI 있잖아, 그거 누가 관리해?"."""
    if lang == "ko":
        return _tidy(f"{description} 있잖아, " + fill(phrasing, "그거", "그거"), lang)
    asked = fill(re.sub(r"\{[so]\}'s?", "its", phrasing), "it", "it")
    return _tidy(f"{description[:1].upper()}{description[1:]} - {asked}", lang)


def _tidy(text: str, lang: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _typo(name: str, rng: random.Random) -> str:
    """A plausible slip in a Latin name: two neighbouring letters swapped, or one dropped."""
    letters = [i for i, ch in enumerate(name) if ch.isascii() and ch.isalpha()]
    if len(letters) < 5:
        return name
    i = rng.choice(letters[1:-1])
    if rng.random() < 0.5 and i + 1 < len(name):
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + name[i + 1 :]


# -- training --------------------------------------------------------------------------------------


#: The questions whose answer may be the very thing they name: a thing asked for by what it does ("how do
#: I list images with crictl?"), not a definition's "what is etcd?" (whose gold is the thing defined) nor
#: a choice between things named (where naming one is no reason to pick it).
NAMED_SOURCES = ("lookup", "task", "described")


def label(candidate_key: tuple, candidate_answers: frozenset[str], example: Example) -> int:
    if example.unrecorded is not None:
        return int(candidate_key == example.unrecorded)
    if candidate_key[0] == "named" and example.source not in NAMED_SOURCES:
        return 0
    return int(bool(example.gold) and candidate_answers == example.gold)


def train(engine, seed: int = 0, limit: int | None = None, vectors: Path | None = None) -> Ranker:
    """Generate questions from the engine's graph, label the readings its generators find, fit the
    ranker, and choose the abstention threshold on questions each scored by a model fitted without them.
    Deterministic for a seed.
    ``vectors``: a file keeping the questions' vectors between trainings (only new ones are encoded)."""
    started = time.perf_counter()
    with engine.index.embedder.remembering(vectors) if vectors else contextlib.nullcontext():
        rows, labels, groups, abstains, examples = _label_all(engine, seed, limit)
    X = np.concatenate(rows) if rows else np.zeros((0, 1))

    y = np.array(labels, dtype=np.int8)
    owner = np.concatenate([np.full(k, n) for n, k in groups if k]) if rows else np.zeros(0, int)
    # every question is scored by a model fitted without it (cross-fitting), so the threshold is chosen
    # over all of them; the ranker kept is fitted on all
    fold = owner % FOLDS
    held_out = np.zeros(len(y))
    for k in range(FOLDS):
        if (fold == k).any() and (fold != k).any():
            held_out[fold == k] = Ranker.fit(X[fold != k], y[fold != k], seed=seed).predict(X[fold == k])
    ranker = Ranker.fit(X, y, seed=seed)
    abstaining = np.array(abstains, dtype=bool)
    ranker.threshold, dev_score = _threshold(held_out, y, abstaining, owner, examples)
    ranker.report = {
        "questions": len(examples),
        "readings": int(len(y)),
        "positives": int(y.sum()),
        "dev_questions": len(examples),
        "dev_score": round(dev_score, 4),
        "threshold": round(ranker.threshold, 4),
        "seconds": round(time.perf_counter() - started, 1),
        "seed": seed,
    }
    log.info("ranker trained: %s", ranker.report)
    return ranker


def _label_all(engine, seed: int, limit: int | None):
    """The generated questions, and their readings as labelled rows (with each question's row count
    and which readings abstain)."""
    examples = QuestionGenerator(engine.catalogue, engine.facts, engine.facts.texts, seed).examples()
    random.Random(seed).shuffle(examples)
    if limit is not None:
        examples = examples[:limit]
    rows, labels, groups, abstains = [], [], [], []
    queries = {}
    hide = random.Random(seed + 1)

    def typed(question: str) -> str:  # as the engine reads what is asked
        q = clean(question)
        return engine.typed_forms.standard(q, detect_language(q))

    held = [ex.held_out if hide.random() < HELD_OUT_SHARE else frozenset() for ex in examples]
    for start in range(0, len(examples), CHUNK):
        chunk = [(n, typed(ex.question)) for n, ex in enumerate(examples[start : start + CHUNK], start)]
        engine.index.embedder.warm([q for _, q in chunk if q])
        vectors = engine.index.embedder.encode_queries([q for _, q in chunk if q])
        it = iter(vectors)
        batch = {n: engine.query(q, held_out=held[n], vector=next(it)) for n, q in chunk if q}
        engine.prefetch(list(batch.values()))
        queries.update(batch)
        for n, _ in chunk:
            _label_example(engine, n, examples[n], queries.pop(n, None), rows, labels, groups, abstains)
    return rows, labels, groups, abstains, examples


def _label_example(engine, n: int, ex: Example, query, rows, labels, groups, abstains) -> None:
    """Add one generated question's readings, labelled, to the training rows."""
    candidates = engine.candidates(query) if query is not None else []
    marks = [label(c.key, c.answers, ex) for c in candidates]
    mismatched = [
        c.features.get("asked_class_mismatch", 0) or c.features.get("class_mismatch", 0)
        for c, m in zip(candidates, marks, strict=True)
        if m
    ]
    if not candidates or (mismatched and all(mismatched)):
        # nothing to learn from; or a phrasing made for other anchors, naming a kind its answers are not of
        groups.append((n, 0))
        return
    rows.append(matrix(query, candidates))
    labels += marks
    abstains += [c.kind == "unrecorded" for c in candidates]
    groups.append((n, len(candidates)))


def _threshold(
    p: np.ndarray, y: np.ndarray, abstaining: np.ndarray, owner: np.ndarray, examples: list[Example]
) -> tuple[float, float]:
    """The probability below which abstaining scores best on the held-out questions, and that score. A
    question scores 1 when its best reading is trusted and right, or when it cannot be answered and the
    engine abstains (below the threshold, or because the best reading says the graph does not record the
    answer). The best threshold of a few hundred questions is a step function's edge, which one question
    moves far; the threshold taken is the mean of the best ones over resamples of those questions (bagged)."""
    best_p = np.zeros(len(examples))
    best_right = np.zeros(len(examples), dtype=bool)
    best_abstains = np.zeros(len(examples), dtype=bool)
    if len(p):
        order = np.lexsort((-p, owner))  # by question, its most probable reading first
        first = order[np.r_[True, owner[order][1:] != owner[order][:-1]]]
        n = owner[first]
        best_p[n], best_right[n], best_abstains[n] = p[first], y[first].astype(bool), abstaining[first]
    answerable = np.array([bool(ex.gold) for ex in examples])
    candidates = np.unique(np.concatenate([[0.0, 1.0], best_p]))
    answers = (best_p[None, :] >= candidates[:, None]) & ~best_abstains[None, :]
    right = np.where(answers, best_right & answerable, ~answerable)  # thresholds x questions
    samples = np.random.default_rng(0).integers(0, len(examples), (RESAMPLES, len(examples)))
    # how often each resample draws each question; a threshold's right answers in a resample are then one
    # product (whole counts, exact in float32), not a copy of the thresholds x questions table per resample
    drawn = np.stack([np.bincount(sample, minlength=len(examples)) for sample in samples]).astype(np.float32)
    counts = right.astype(np.float32) @ drawn.T  # thresholds x resamples
    chosen = np.mean([_middle_of_best(counts[:, r] / len(examples), candidates) for r in range(RESAMPLES)])
    # a threshold answers what the smallest candidate at or above it answers
    at = min(int(np.searchsorted(candidates, chosen, side="left")), len(candidates) - 1)
    return float(chosen), float(right[at].mean())


def _middle_of_best(scores: np.ndarray, candidates: np.ndarray) -> float:
    """Every threshold from just above the probability before the first best one up to the last best one
    scores the same; the middle of that range, not its edge: a range that starts at 0 (generated questions
    seldom need a threshold to abstain) must not mean "never abstain"."""
    i = int(np.argmax(scores))
    j = i
    while j + 1 < len(scores) and scores[j + 1] == scores[i]:
        j += 1
    low = float(candidates[i - 1]) if i > 0 else 0.0
    return (low + float(candidates[j])) / 2

"""The words the graph names things and relations with: labels, question phrasings, statements.

It tells whether the kind of thing a question asks for is one the graph has names for ("colour" is
not: no entity, class or relation is about colours; prose such as definitions does not count), in
either language, and whether the attribute a question ranks things by is ("faster" is not); the QA
cores abstain on such questions before reading them. A relation the graph holds no value of (an
attribute the ontology declares so that questions about it are recognised, such as a default port)
lends it no words: the graph cannot answer with things of that kind. It also tells which relations
the ontology asks for with "why" or "when" (their facts are reasons, or times), so that a question
asking why or when is answered by those alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import product

from kubekg.graph.catalogue import Catalogue
from kubekg.qa.question_shapes import (
    GENERIC_KINDS,
    asked_about_head,
    asked_kind_head,
    asked_kind_words,
    compared_words,
)
from kubekg.search.text_normalize import singular

_EN_WORD = re.compile(r"[a-z][a-z0-9]*")
DIRECTIONS = ("object", "subject")
#: Question words the ontology's own phrasings tell the answering relations of: a reason ("*why* was the CRI
#: introduced?", "*왜*", "생겨난 *이유*는?") and a time or occasion ("*when* was dockershim removed?", "*언제*
#: 나왔어?", "{s}는 *언제* 써?"; not "when a node dies, …": an English "when" asks only before a verb)
_ASKING = {
    "why": {"en": re.compile(r"\bwhy\b|\bhow\s+come\b", re.I), "ko": re.compile(r"왜|이유|어째서")},
    "when": {
        "en": re.compile(r"^\W*when\s+(?:is|are|was|were|did|does|do|will|has|have|had)\b", re.I),
        "ko": re.compile(r"언제(?!나|든)"),  # not 언제나 (always), 언제든 (any time)
    },
}
#: "When" asking the occasion of using a thing ("{s}는 *언제 써*?", "*when do I use* {s}?"), which its purpose
#: answers, not the time something happened ("crictl 처음 나온 게 *언제*야?"): a word apart
_OCCASION = {
    "en": re.compile(r"\bwhen\s+(?:should|would|do|does|can|could|to)\s+(?:\w+\s+)?use\b", re.I),
    "ko": re.compile(r"언제\s*(?:써|쓰|사용)"),
}


@dataclass(frozen=True)
class Vocabulary:
    english: frozenset[str]  # lower-cased words and their singulars
    korean: str  # all Korean text, to find a stem in (Korean words carry particles and endings)
    # question word ("why", "when") -> the (relation, direction) the ontology asks for with it ("why do we
    # need {s}?": what {s} is responsible for)
    answering: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, catalogue: Catalogue, used: set[str] | None = None) -> Vocabulary:
        """``used``: the relations the graph states values of (default: all of them)."""
        blob = "\n".join(catalogue_texts(catalogue, used)).lower()
        words = set(_EN_WORD.findall(blob))
        answering: dict[str, set[tuple[str, str]]] = {}
        for (word, patterns), r, direction in product(_ASKING.items(), catalogue.relations.values(), DIRECTIONS):
            for lang, pattern in patterns.items():
                for p in filter(pattern.search, r.phrasings(direction, lang)):
                    answering.setdefault(_asks(p, lang, word), set()).add((r.iri, direction))
        return cls(
            english=frozenset(words | {singular(w) for w in words}),
            korean=blob,
            answering={word: frozenset(hops) for word, hops in answering.items()},
        )

    @staticmethod
    def reason_or_time_words(question: str, lang: str) -> list[str]:
        """The question words of ``_ASKING`` the question asks with ("why", "when"; "when to use" for the
        occasion of using a thing)."""
        lang = "ko" if lang == "ko" else "en"
        return [_asks(question, lang, word) for word, patterns in _ASKING.items() if patterns[lang].search(question)]

    def answered_by(self, word: str, hop: tuple[str, str] | None) -> bool:
        """Whether what a reading answers by (its last relation and direction) is what the ontology asks
        for with the question word ("why was the CRI introduced?": what it is responsible for); a fact of
        another relation says what is, never why ("Why was containerd split out of Docker?": it was part
        of Docker) nor when."""
        return hop in self.answering.get(word, ())

    def knows(self, word: str) -> bool:
        word = word.lower()
        if re.search(r"[\uac00-\ud7a3]", word):
            return word in self.korean
        if "-" in word.strip("-"):
            return all(self.knows(part) for part in word.split("-") if part)  # "user-friendly": both words
        return word in self.english or singular(word) in self.english

    def lacks_asked_kind(self, question: str, lang: str) -> bool:
        """ "What *port* does etcd listen on?", "어느 *회사*가 만들었어?": the kind of thing asked for (or asked
        about: "where is the kubelet's config *file*?") is a word the graph never names anything with, so any
        answer it gives would be of another kind. Generic heads ("which *piece* …") do not count."""
        # "which scheduling *algorithm* …", "where is the kubelet config *file*?": of the kind the head noun
        # names, whatever the word before it names
        about = asked_about_head(question, lang)
        if about is not None and not self._names_a_kind(about):
            return True
        head = asked_kind_head(question, lang)
        words = [head] if head is not None else asked_kind_words(question, lang)
        return bool(words) and not any(self._names_a_kind(w) for w in words)

    def _names_a_kind(self, word: str) -> bool:
        """A word the graph names things with, or one that names no particular kind ("piece", "도구")."""
        return word in GENERIC_KINDS or singular(word) in GENERIC_KINDS or self.knows(word)

    def lacks_ranking(self, question: str, lang: str, name_ends: frozenset[int]) -> bool:
        """ "Is nerdctl *faster* than the docker CLI?", "도커보다 더 *가벼워*?", "the *most popular* runtime":
        things ranked by an attribute the graph has no word for (a speed, a popularity), which no fact of
        it can settle (``name_ends``: where the question's names end, see ``compared_words``)."""
        return any(not any(self.knows(form) for form in forms) for forms in compared_words(question, lang, name_ends))


def _asks(text: str, lang: str, word: str) -> str:
    """``word``, or "when to use" where a "when" asks the occasion of using a thing."""
    return "when to use" if word == "when" and _OCCASION["ko" if lang == "ko" else "en"].search(text) else word


def catalogue_texts(catalogue: Catalogue, used: set[str] | None = None, definitions: bool = False) -> list[str]:
    """The texts the graph names things and relations with: every term's names (and, with
    ``definitions``, its definitions), and the labels, statements and question phrasings of the
    relations in ``used`` (default: all of them)."""
    texts: list[str] = []
    for t in catalogue.terms.values():
        texts += t.all_names()
        if definitions:
            texts += t.definition.values()
    for r in catalogue.relations.values():
        if used is not None and r.iri not in used:
            continue
        texts += [*r.label.values(), *r.statement.values()]
        for phrasings in (r.ask_object, r.ask_subject, r.ask_negated):
            texts += [p for ps in phrasings.values() for p in ps]
    return texts


def used_relations(kb) -> set[str]:
    """The properties the graph states at least one value of."""
    return {row["p"].value for row in kb.select("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")}

"""The words the graph names things and relations with: labels, question phrasings, statements.

It tells whether the kind of thing a question asks for is one the graph has names for ("colour" is
not: no entity, class or relation is about colours; prose such as definitions does not count), in
either language, and whether the attribute a question ranks things by is ("faster" is not); the QA
cores abstain on such questions before reading them. A relation the graph holds no value of (an
attribute the ontology declares so that questions about it are recognised, such as a default port)
lends it no words: the graph cannot answer with things of that kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kubekg.graph.catalogue import Catalogue
from kubekg.qa.question_shapes import GENERIC_KINDS, asked_kind_words, compared_words
from kubekg.search.text_normalize import singular

_EN_WORD = re.compile(r"[a-z][a-z0-9]*")


@dataclass(frozen=True)
class Vocabulary:
    english: frozenset[str]  # lower-cased words and their singulars
    korean: str  # all Korean text, to find a stem in (Korean words carry particles and endings)

    @classmethod
    def of(cls, catalogue: Catalogue, used: set[str] | None = None) -> Vocabulary:
        """``used``: the relations the graph states values of (default: all of them)."""
        blob = "\n".join(catalogue_texts(catalogue, used)).lower()
        words = set(_EN_WORD.findall(blob))
        return cls(english=frozenset(words | {singular(w) for w in words}), korean=blob)

    def knows(self, word: str) -> bool:
        word = word.lower()
        if re.search(r"[\uac00-\ud7a3]", word):
            return word in self.korean
        if "-" in word.strip("-"):
            return all(self.knows(part) for part in word.split("-") if part)  # "user-friendly": both words
        return word in self.english or singular(word) in self.english

    def lacks_asked_kind(self, question: str, lang: str) -> bool:
        """ "What *port* does etcd listen on?", "어느 *회사*가 만들었어?": the kind of thing asked for is a
        word the graph never names anything with, so any answer it gives would be of another kind.
        Generic heads ("which *piece* …") do not count."""
        words = asked_kind_words(question, lang)
        if not words:
            return False
        return not any(w in GENERIC_KINDS or singular(w) in GENERIC_KINDS or self.knows(w) for w in words)

    def lacks_ranking(self, question: str, lang: str, name_ends: frozenset[int]) -> bool:
        """ "Is nerdctl *faster* than the docker CLI?", "도커보다 더 *가벼워*?", "the *most popular* runtime":
        things ranked by an attribute the graph has no word for (a speed, a popularity), which no fact of
        it can settle (``name_ends``: where the question's names end, see ``compared_words``)."""
        return any(not any(self.knows(form) for form in forms) for forms in compared_words(question, lang, name_ends))


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

"""What the rest of a question says about the answers: "the crictl command *to grab the busybox image*".

A list reading may return several things (crictl's six example commands) where the question describes
one of them. Every entity's names and definitions, in both languages, are indexed by character
n-grams; the words of the question that no exact label took are scored against them, and a reading
may narrow its answers to the one described best. Whether that narrowing is right is the ranker's to
learn: it sees how well the chosen answer is described and by how much more than the others.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from kubekg.graph.catalogue import Catalogue
from kubekg.qa.entity_linker import Mention
from kubekg.qa.mentions import mask
from kubekg.search.lexical import LexicalIndex, NgramVectorizer


class Descriptions:
    def __init__(self, catalogue: Catalogue, vectorizer: NgramVectorizer):
        self._owners: list[str] = []
        texts: list[str] = []
        for term in sorted(catalogue.terms.values(), key=lambda t: t.iri):
            if term.is_class:
                continue
            for text in sorted({*term.all_names(), *term.definition.values()}):
                self._owners.append(term.iri)
                texts.append(text)
        self._index = LexicalIndex(texts, vectorizer)
        self._scores = lru_cache(maxsize=256)(self._best_by_owner)

    def best_described(
        self, question: str, mentions: list[Mention], answers: list[str]
    ) -> tuple[str, float, float] | None:
        """The one answer the question's other words describe best, its score and its lead over the next
        answer; None when fewer than two answers, or no answer is described better than another.
        ``mentions`` are what the reading already explains (its anchor, the kind asked for): left out of
        the description; other things the question names may describe the answer ("*파드* 목록")."""
        if len(answers) < 2:
            return None
        best = self._scores(mask(question, [m for m in mentions if m.exact]))
        ranked = sorted(((best.get(a, 0.0), a) for a in answers), reverse=True)
        (top, chosen), (second, _) = ranked[0], ranked[1]
        if top <= second:
            return None
        return chosen, top, top - second

    def _best_by_owner(self, leftover: str) -> dict[str, float]:
        """Each entity's best score against the leftover words (cached: the readings of one anchor
        share their leftover)."""
        best: dict[str, float] = defaultdict(float)
        for owner, score in zip(self._owners, self._index.scores(leftover).tolist(), strict=True):
            if score > best[owner]:
                best[owner] = score
        return dict(best)

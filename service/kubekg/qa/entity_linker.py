"""Find the entities and classes a question mentions, by any of their labels in either language.

Two passes. Exact: every label, compared with case, spacing, hyphens and punctuation ignored, found
as a substring of the question (Latin labels must stand on word boundaries; Korean particles may
follow a label, as in "etcd는"). Fuzzy: descriptive labels ("store cluster information", "클러스터 정보
저장") scored against the whole question by character n-grams fused with the embedding model, so
"where is cluster data kept?" still finds the responsibility it paraphrases.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from kubekg.graph.catalogue import Catalogue
from kubekg.search.lexical import LexicalIndex, NgramVectorizer
from kubekg.search.semantic_index import SemanticIndex
from kubekg.search.text_normalize import char_ngrams, is_word_char, keyed_with_offsets, label_key

#: Fuzzy candidates below this fused score are ignored.
FUZZY_THRESHOLD = 0.5
#: A label must have at least this many characters (after normalising) to be matched exactly.
MIN_KEY_LENGTH = 2
#: Labels shorter than this (normalised) are only matched exactly.
MIN_FUZZY_KEY_LENGTH = 6
#: Share of a paraphrase's lexical score that must come from words no exact label explains.
RESIDUAL_WEIGHT = 0.5
#: At most this many paraphrase links per question (each costs an embedding when interpreting).
MAX_FUZZY = 3


@dataclass(frozen=True)
class Mention:
    iri: str
    is_class: bool
    start: int  # character span in the question; fuzzy mentions cover the words they matched
    end: int
    score: float  # 1.0 for an exact label match
    exact: bool

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


class EntityLinker:
    def __init__(self, catalogue: Catalogue, index: SemanticIndex | None):
        self.catalogue = catalogue
        self.index = index
        self.lexicon: dict[str, set[str]] = defaultdict(set)
        for term in catalogue.terms.values():
            for name in term.all_names():
                key = label_key(name)
                if len(key) >= MIN_KEY_LENGTH:
                    self.lexicon[key].add(term.iri)
        # longest keys first, so "container runtime engine" wins over "container"
        self._keys = sorted(self.lexicon, key=len, reverse=True)
        self.vectorizer = (
            index.vectorizer if index else NgramVectorizer(n for t in catalogue.terms.values() for n in t.all_names())
        )
        # descriptive labels of entities, long enough to be paraphrased
        self._fuzzy_labels = [
            (t.iri, lang, name)
            for t in sorted(catalogue.terms.values(), key=lambda t: t.iri)
            for lang, names in sorted(t.names.items())
            for name in sorted(names)
            if not t.is_class and len(label_key(name)) >= MIN_FUZZY_KEY_LENGTH
        ]
        self._fuzzy_keys = [label_key(name) for _, _, name in self._fuzzy_labels]
        self._fuzzy_index = LexicalIndex([name for _, _, name in self._fuzzy_labels], self.vectorizer)

    def link(self, question: str, lang: str, query_vector: np.ndarray | None = None) -> list[Mention]:
        exact = self._exact(question)
        covered = [m.span for m in exact]
        fuzzy = self._fuzzy(question, lang, query_vector, {m.iri for m in exact}, covered)
        return exact + fuzzy

    # -- exact ------------------------------------------------------------------------------------

    def _exact(self, question: str) -> list[Mention]:
        qkey, offsets = keyed_with_offsets(question)
        found: list[tuple[int, int, str]] = []
        for key in self._keys:
            pos = qkey.find(key)
            while pos != -1:
                start, end = offsets[pos], offsets[pos + len(key) - 1] + 1
                end = _plural_end(question, end)
                if _on_boundaries(question, start, end):
                    found.append((start, end, key))
                pos = qkey.find(key, pos + 1)
        taken: list[tuple[int, int]] = []
        mentions: list[Mention] = []
        for start, end, key in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            for iri in sorted(self.lexicon[key]):
                term = self.catalogue.terms[iri]
                mentions.append(Mention(iri, term.is_class, start, end, 1.0, True))
        return sorted(mentions, key=lambda m: (m.start, m.iri))

    # -- fuzzy ------------------------------------------------------------------------------------

    def _fuzzy(
        self,
        question: str,
        lang: str,
        query_vector: np.ndarray | None,
        exclude: set[str],
        covered: list[tuple[int, int]],
    ) -> list[Mention]:
        lexical: dict[str, tuple[float, str]] = {}
        contained = self._fuzzy_index.containment(question)
        if covered:
            # a paraphrase is told by the words exact labels leave unexplained: "kube scheduler" names an
            # entity and is only half the evidence for "schedule containers"; a label that takes the
            # named word in whole ("파드 목록 조회" after "파드") keeps its full score
            residual = "".join(" " if any(s <= i < e for s, e in covered) else ch for i, ch in enumerate(question))
            blended = (1 - RESIDUAL_WEIGHT) * contained + RESIDUAL_WEIGHT * self._fuzzy_index.containment(residual)
            named = [label_key(question[s:e]) for s, e in covered]
            whole = np.array([any(k in self._fuzzy_keys[i] for k in named) for i in range(len(contained))])
            contained = np.where(whole, contained, blended)
        for (iri, label_lang, name), score in zip(self._fuzzy_labels, contained.tolist(), strict=True):
            if iri in exclude:
                continue
            if label_lang != lang:
                score *= 0.8
            if score > lexical.get(iri, (0.0, ""))[0]:
                lexical[iri] = (score, name)
        dense: dict[str, float] = {}
        if self.index is not None and query_vector is not None:
            col = self.index.collections["label"][lang]
            for item, s in zip(col.items, col.dense_scores(query_vector), strict=True):
                if s > dense.get(item.ref, 0.0):
                    dense[item.ref] = float(s)
        w = 0.35 if lang == "en" else 0.15
        mentions = []
        for iri, (lex, name) in lexical.items():
            score = (1 - w) * lex + w * dense.get(iri, 0.0)
            if score >= FUZZY_THRESHOLD:
                start, end = self._matched_span(question, name)
                # a paraphrase must reach beyond what exact labels already explain ("kube" in "kube scheduler")
                if end <= start or any(s <= start and end <= e for s, e in covered):
                    continue
                mentions.append(Mention(iri, False, start, end, round(score, 4), False))
        return sorted(mentions, key=lambda m: -m.score)[:MAX_FUZZY]

    def _matched_span(self, question: str, label: str) -> tuple[int, int]:
        """The stretch of question words that share most of their n-grams with the label."""
        grams = set(char_ngrams(label))
        hits = []
        pos = 0
        for word in question.split():
            start = question.index(word, pos)
            pos = start + len(word)
            bare = word.strip("?？!.,;:~'\"()")
            wg = char_ngrams(bare)
            if wg and sum(g in grams for g in wg) / len(wg) >= 0.34:
                lead = word.index(bare)
                hits.append((start + lead, start + lead + len(bare)))
        if not hits:
            return 0, 0
        return hits[0][0], hits[-1][1]


def _plural_end(text: str, end: int) -> int:
    """Let an English label match its plural: "component" in "components", "process" in "processes"."""
    for suffix in ("s", "es"):
        stop = end + len(suffix)
        if (
            text[end:stop].lower() == suffix
            and is_word_char(text[end - 1])
            and (stop == len(text) or not is_word_char(text[stop]))
        ):
            return stop
    return end


def _on_boundaries(text: str, start: int, end: int) -> bool:
    if is_word_char(text[start]) and start > 0 and is_word_char(text[start - 1]):
        return False
    if is_word_char(text[end - 1]) and end < len(text) and is_word_char(text[end]):
        return False
    return True

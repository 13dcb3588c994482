"""A small TF-IDF model over character n-grams: lexical similarity that works for Korean and English."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

from kubekg.search.text_normalize import char_ngrams, one_particle_form


def _grams(text: str) -> list[str]:
    return char_ngrams(one_particle_form(text))


class NgramVectorizer:
    """Fitted on a corpus; turns texts into L2-normalised sparse vectors (dict n-gram -> weight)."""

    def __init__(self, corpus: Iterable[str]):
        docs = [set(_grams(t)) for t in corpus]
        df = Counter(g for d in docs for g in d)
        n = max(len(docs), 1)
        self.idf = {g: math.log((1 + n) / (1 + c)) + 1.0 for g, c in df.items()}
        self._unknown = math.log(1 + n) + 1.0

    def vector(self, text: str) -> dict[str, float]:
        counts = Counter(_grams(text))
        v = {g: (1 + math.log(c)) * self.idf.get(g, self._unknown) for g, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        return {g: w / norm for g, w in v.items()}


class LexicalIndex:
    """Documents as n-gram vectors in one sparse matrix; scores every document against a query at once."""

    def __init__(self, texts: Sequence[str], vectorizer: NgramVectorizer):
        self.vectorizer = vectorizer
        self.vectors = [vectorizer.vector(t) for t in texts]
        self._columns: dict[str, int] = {}
        rows, cols, values = [], [], []
        for r, vec in enumerate(self.vectors):
            for gram, weight in vec.items():
                rows.append(r)
                cols.append(self._columns.setdefault(gram, len(self._columns)))
                values.append(weight)
        self._matrix = sparse.csr_matrix(
            (np.asarray(values, dtype=np.float32), (rows, cols)), shape=(len(self.vectors), max(len(self._columns), 1))
        )

        self._row_sums = np.asarray(self._matrix.sum(axis=1), dtype=np.float32).ravel()

    def scores(self, query: str) -> np.ndarray:
        """Cosine of the query with every document, in document order."""
        return self._product(self.vectorizer.vector(query))

    def containment(self, query: str) -> np.ndarray:
        """For every document, how much of its weight lies in n-grams the query has (1.0: all of them)."""
        present = self._product(dict.fromkeys(_grams(query), 1.0))
        return present / np.maximum(self._row_sums, 1e-9)

    def _product(self, query: dict[str, float]) -> np.ndarray:
        column = np.zeros(self._matrix.shape[1], dtype=np.float32)
        for gram, weight in query.items():
            if (c := self._columns.get(gram)) is not None:
                column[c] = weight
        return np.asarray(self._matrix @ column, dtype=np.float32).ravel()

"""The embedding model: the fast path for questions gives the batch path's vectors; precision is keyed."""

from __future__ import annotations

import numpy as np
import pytest

from kubekg.search.embeddings import Embedder

TEXTS = ["What does etcd do?", "컨테이너를 어느 노드에 올릴지 정하는 건 누구야?", "crictl"]


@pytest.fixture(scope="module")
def float32() -> Embedder:
    return Embedder(precision="float32")


def test_query_vectors_are_the_batch_vectors(float32):
    batch = float32.encode(TEXTS)
    queries = float32.encode_queries(TEXTS)
    assert queries.dtype == np.float32 and queries.shape == (3, float32.dimension)
    assert np.allclose(batch, queries, atol=1e-5)
    assert np.allclose(np.linalg.norm(queries, axis=1), 1.0, atol=1e-5)


def test_bfloat16_stays_close_to_float32(float32):
    half = Embedder(precision="bfloat16")
    assert half.precision == "bfloat16" and half.fingerprint != float32.fingerprint
    cosines = (half.encode_queries(TEXTS) * float32.encode_queries(TEXTS)).sum(axis=1)
    assert cosines.min() > 0.99, cosines


def test_auto_precision_resolves_to_a_format():
    assert Embedder(precision="auto").precision in {"float32", "bfloat16"}


def test_the_bundled_model_runs_traced(float32):
    # tracing is checked against the eager model at start-up; the bundled model must pass that check
    assert float32._traced is not None
    texts = ["kubelet", "어떤 CLI가 모든 CRI 런타임과 동작해?"]
    assert np.allclose(float32._encode_short(texts, None), float32._encode_short(texts), atol=1e-5)

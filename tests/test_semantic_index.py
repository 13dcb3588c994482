"""The semantic index cache: keyed by content and model, rebuilt when stale or corrupt."""

from __future__ import annotations

import numpy as np
import pytest

from kubekg.search.semantic_index import SemanticIndex


@pytest.fixture(scope="module")
def parts(kb):
    qa = kb.prepare()._qa
    items = [i for kind in qa.index.collections.values() for col in kind.values() for i in col.items]
    return items[:40], qa.index.embedder


def test_second_load_comes_from_the_cache(parts, tmp_path):
    items, embedder = parts
    first = SemanticIndex.load_or_build(items, embedder, tmp_path, "content-a")
    second = SemanticIndex.load_or_build(items, embedder, tmp_path, "content-a")
    assert first.built and not second.built
    assert first.cache_path == second.cache_path


def test_changed_content_is_never_served_stale(parts, tmp_path):
    items, embedder = parts
    a = SemanticIndex.load_or_build(items, embedder, tmp_path, "content-a")
    b = SemanticIndex.load_or_build(items, embedder, tmp_path, "content-b")
    assert a.cache_path != b.cache_path and b.built
    fewer = SemanticIndex.load_or_build(items[:-1], embedder, tmp_path, "content-a")
    assert fewer.cache_path != a.cache_path and fewer.built


@pytest.mark.parametrize("damage", [b"not a numpy file", b""])
def test_corrupt_cache_is_rebuilt(parts, tmp_path, damage):
    items, embedder = parts
    built = SemanticIndex.load_or_build(items, embedder, tmp_path, "content-a")
    built.cache_path.write_bytes(damage)
    again = SemanticIndex.load_or_build(items, embedder, tmp_path, "content-a")
    assert again.built
    assert np.load(again.cache_path).shape == (len(items), embedder.dimension)


def test_wrong_shape_cache_is_rebuilt(parts, tmp_path):
    items, embedder = parts
    built = SemanticIndex.load_or_build(items, embedder, tmp_path, "content-a")
    np.save(built.cache_path, np.zeros((3, 7), dtype=np.float32))
    assert SemanticIndex.load_or_build(items, embedder, tmp_path, "content-a").built


def test_an_index_of_an_edited_graph_encodes_only_its_new_texts(parts, tmp_path):
    items, embedder = parts
    first = SemanticIndex.load_or_build(items[:-1], embedder, tmp_path, "content-a")
    assert first.encoded == len({i.text for i in items[:-1]})
    edited = SemanticIndex.load_or_build(items, embedder, tmp_path, "content-b")  # one text more
    assert edited.built and edited.encoded == int(items[-1].text not in {i.text for i in items[:-1]})
    scratch = SemanticIndex.load_or_build(items, embedder, tmp_path / "empty", "content-b")
    assert scratch.encoded == len({i.text for i in items})
    for kind, by_lang in edited.collections.items():  # the same vectors as encoding every text again
        for lang, col in by_lang.items():
            assert np.array_equal(col.vectors, scratch.collections[kind][lang].vectors)

"""The lexical channel: character n-grams, with a Korean particle after a Latin name in one form."""

from __future__ import annotations

import pytest

from kubekg.search.lexical import LexicalIndex, NgramVectorizer
from kubekg.search.text_normalize import hangul_parts, one_particle_form


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("crictl은 뭐야", "crictl는 뭐야"),
        ("X이 뭐야?", "X가 뭐야?"),
        ("etcd을 써", "etcd를 써"),
        ("ctr과 nerdctl", "ctr와 nerdctl"),
        ("kubelet으로 해", "kubelet로 해"),
        ("etcd이야?", "etcd야?"),
        ("crictl이랑 ctr", "crictl랑 ctr"),
        ("API 서버이에요", "API 서버이에요"),  # after Hangul the particle already fits the word: unchanged
        ("etcd이다", "etcd다"),
    ],
)
def test_a_particle_after_a_latin_name_takes_one_form(text, form):
    assert one_particle_form(text) == form


@pytest.mark.parametrize("text", ["crictl은행", "X이름은 뭐야", "kubelet을지로"])
def test_a_syllable_that_begins_a_word_is_not_a_particle(text):
    assert one_particle_form(text) == text


def test_either_particle_form_scores_the_same_against_every_text():
    corpus = ["X는 뭐야?", "X는 뭐가 부족해?", "X가 하는 일은?"]
    index = LexicalIndex(corpus, NgramVectorizer(corpus))
    assert list(index.scores("crictl은 뭐야")) == list(index.scores("crictl는 뭐야"))
    assert list(index.containment("crictl은 뭐야")) == list(index.containment("crictl는 뭐야"))


@pytest.mark.parametrize(
    ("ch", "parts"),
    [("가", (0, 0, 0)), ("려", (5, 6, 0)), ("든", (3, 18, 4)), ("쓸", (10, 18, 8)), ("힣", (18, 20, 27)), ("a", None)],
)
def test_a_hangul_syllable_comes_apart_into_initial_vowel_and_final(ch, parts):
    assert hangul_parts(ch) == parts

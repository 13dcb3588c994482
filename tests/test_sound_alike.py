"""The sound keys and spellings behind linking misspelt and Hangul-spelt names."""

from __future__ import annotations

import pytest

from kubekg.search.sound_alike import jamo, letter_spelling, similarity, sounds_like


@pytest.mark.parametrize(
    ("hangul", "latin"),
    [("쿠블렛", "kubelet"), ("컨테이너디", "containerd"), ("도커심", "dockershim"), ("큐브 프록시", "kube-proxy"),
     ("엣시디", "etcd"), ("크라이씨티엘", "crictl"), ("쿠버네티스", "Kubernetes")],
)  # fmt: skip
def test_hangul_spellings_sound_like_their_names(hangul, latin):
    assert sounds_like(hangul, latin)


@pytest.mark.parametrize(
    ("hangul", "latin"), [("노드 에이전트", "kubelet"), ("컨테이너 런타임", "etcd"), ("설치", "crictl")]
)
def test_translations_and_other_words_do_not(hangul, latin):
    assert not sounds_like(hangul, latin)


def test_short_names_are_read_out_letter_by_letter():
    assert letter_spelling("rkt") == "알케이티"
    assert letter_spelling("OCI") == "오씨아이"
    assert letter_spelling("kubelet") is None  # a word, said as one
    assert letter_spelling("k8s") is None


def test_a_swap_is_one_slip_for_typing_but_two_for_hearing():
    assert similarity("crcitl", "crictl") == pytest.approx(1 - 1 / 6)
    assert similarity("crcitl", "crictl", swaps=False) == pytest.approx(1 - 2 / 6)


def test_jamo_tell_one_vowel_apart():
    assert similarity(jamo("쿠블릿"), jamo("쿠블렛")) == pytest.approx(1 - 1 / 8)
    assert jamo("도커 심") == jamo("도커심")

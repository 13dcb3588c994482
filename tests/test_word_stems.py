"""Stems of English words: a label's content words are found in a question in any form and order."""

from __future__ import annotations

from kubekg.search.word_stems import find_bag, same_stem, stem_bag, stemmed_words


def test_a_label_is_found_in_other_word_forms_and_order():
    question = "Which CLI is aware of pods?"
    span = find_bag(stem_bag("pod-aware"), stemmed_words(question))
    assert span is not None and question[span[0] : span[1]] == "aware of pods"


def test_function_words_are_not_part_of_a_label():
    assert stem_bag("the separation of the images") == stem_bag("images separated")


def test_every_content_word_must_be_there():
    assert find_bag(stem_bag("image signing"), stemmed_words("Can ctr sign containers?")) is None


def test_words_far_apart_are_no_label():
    words = stemmed_words("images are pulled by kubelet when containers start and later a signature is checked sign")
    assert find_bag(stem_bag("image signing"), words) is None
    assert find_bag(stem_bag("image signing"), stemmed_words("sign the images")) is not None
    assert (
        find_bag(stem_bag("containerd project"), stemmed_words("containerd used to live inside which project?")) is None
    )
    assert find_bag(stem_bag("lazy pulling"), stemmed_words("can it pull images lazily")) is not None


def test_a_stem_matches_a_short_extension_of_itself_never_a_name_inside_a_longer_one():
    assert same_stem("verif", "verifi") and same_stem("lazi", "lazili")
    assert not same_stem("contain", "containerd")

"""Entity linking: exact labels in both languages, paraphrases told by the words labels leave over."""

from __future__ import annotations

import pytest

from kubekg.search.text_normalize import detect_language

KR = "https://w3id.org/kubekg/resource/"


@pytest.fixture(scope="module")
def link(kb):
    engine = kb.prepare()._qa

    def run(question: str):
        lang = detect_language(question)
        vector = engine.index.embedder.encode_queries([question])[0]
        return engine.linker.link(question, lang, vector)

    return run


def names(mentions, exact=None):
    return {m.iri.removeprefix(KR) for m in mentions if exact is None or m.exact is exact}


@pytest.mark.parametrize(
    ("question", "entity"),
    [("kube apiserver", "kube-apiserver"), ("API 서버는?", "kube-apiserver"), ("스케줄러가 뭐야", "kube-scheduler")],
)
def test_labels_match_whatever_the_spacing_case_or_script(link, question, entity):
    assert entity in names(link(question), exact=True)


def test_a_name_the_question_already_gives_is_no_evidence_for_a_paraphrase(link):
    # "kube scheduler" shares "schedule" with the responsibility "schedule containers", but it names
    # the scheduler itself; nothing else in the question speaks of scheduling containers
    assert "resp-schedule-containers" not in names(link("Tell me about the kube scheduler: what jobs does it do?"))


def test_a_paraphrase_may_contain_a_named_word_whole(link):
    assert "feature-pod-awareness" in names(link("파드 목록을 볼 수 있는 CLI는?"))


@pytest.mark.parametrize("question", ["Why was the CRI introduced in Kubernetes?", "쿠버네티스는?"])
def test_punctuation_does_not_stretch_a_paraphrase_past_a_name(link, question):
    mentions = link(question)
    spans = [(m.start, m.end) for m in mentions if m.exact]
    for m in mentions:
        if not m.exact:
            outside = "".join(
                ch for i, ch in enumerate(question[m.start : m.end], m.start) if not any(s <= i < e for s, e in spans)
            )
            assert outside.strip(" ?.!"), f"{m.iri} links on a name alone"

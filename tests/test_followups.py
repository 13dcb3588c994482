"""Follow-up questions: each answer's `context`, sent back with the next question, resolves it; the
server keeps no state; a question that stands on its own ignores the context; bad context is a 400."""

from __future__ import annotations

import pytest

from kubekg.errors import QuestionError

KR = "https://w3id.org/kubekg/resource/"


def iris(answer) -> set[str]:
    return {a.iri.removeprefix(KR) for a in answer.answers if a.iri}


def test_every_answer_carries_a_small_context(kb):
    answer = kb.ask("Who maintains crictl?")
    assert answer.context["question"] == "Who maintains crictl?"
    assert answer.context["anchor"] == KR + "crictl" and answer.context["anchor_text"] == "crictl"
    assert answer.context["answers"] == [KR + "kubernetes-community"]
    assert len(str(answer.context)) < 1000
    assert kb.ask("What is the capital of France?").context["question"]


@pytest.mark.parametrize(
    ("first", "follow_up", "expected"),
    [
        ("Who maintains crictl?", "What about nerdctl?", {"containerd-community"}),
        ("ctr은 누가 관리해?", "그럼 crictl은?", {"kubernetes-community"}),
        ("Which CLI works with all CRI runtimes?", "Who maintains it?", {"kubernetes-community"}),
        ("containerd 설치하면 기본으로 깔리는 CLI는?", "그거 따로 설치해야 돼?", set()),
        # articles around the new name; a definition's anchor is its own answer
        (
            "What is the node controller responsible for?",
            "And the replication controller?",
            {"resp-maintain-desired-replicas"},
        ),
        ("OCI runtime spec은 뭘 정의해요?", "imagespec은요?", {"resp-define-image-format"}),
    ],
)
def test_a_follow_up_is_resolved_against_the_previous_answer(kb, first, follow_up, expected):
    previous = kb.ask(first)
    assert not previous.abstained, previous.answer
    answer = kb.ask(follow_up, context=previous.context)
    assert not answer.abstained, (follow_up, answer.answer)
    assert answer.question == follow_up
    if expected:
        assert iris(answer) == expected
    else:  # 그거 = ctr, installed with containerd: no separate installation
        assert [a.label for a in answer.answers] == ["no"] or iris(answer) == {"install-bundled-with-containerd"}


@pytest.mark.parametrize(
    ("first", "follow_up", "expected"),
    [
        # the new name stands in for the one of its kind (the CLI, not the feature)
        ("이미지 서명과 검증 기능은 crictl이 지원하나요?", "nerdctl은요?", "yes"),
        # "there": where the single previous answer is
        ("Where does kube-proxy run?", "How many components run there?", "3"),
        ("kube-proxy는 어디서 돌아가?", "거기서 실행되는 컴포넌트는 몇 개야?", "3"),
        # the topic left out, as Korean does: asked about the previous answer
        ("쿠버네티스 네임스페이스를 지원하는 CLI는 뭐야?", "도커 컴포즈도 돼?", "yes"),
    ],
)
def test_a_follow_up_answered_by_yes_no_or_a_count(kb, first, follow_up, expected):
    previous = kb.ask(first)
    answer = kb.ask(follow_up, context=previous.context)
    assert [a.label for a in answer.answers] == [expected], (follow_up, answer.answer, answer.context)


def test_without_the_context_the_follow_up_is_not_understood_the_same_way(kb):
    alone = kb.ask("What about nerdctl?")
    with_context = kb.ask("What about nerdctl?", context=kb.ask("Who maintains crictl?").context)
    assert iris(alone) != iris(with_context)


def test_a_question_that_stands_on_its_own_ignores_the_context(kb):
    context = kb.ask("Who maintains crictl?").context
    assert iris(kb.ask("Where does kube-proxy run?", context=context)) == {"worker-node"}


@pytest.mark.parametrize(
    ("context", "says"),
    [
        ("not an object", "JSON object"),
        ({"question": "x", "lang": "en", "anchor": "https://example.org/nope"}, "does not have"),
        ({"question": "x", "lang": "fr"}, "lang"),
        ({"question": "x", "lang": "en", "answers": ["y" * 100] * 50}, "larger than"),
        ({"question": "x", "lang": "en", "extra": 1}, "extra"),
    ],
)
def test_bad_context_is_refused_with_its_reason(kb, context, says):
    with pytest.raises(QuestionError, match=says):
        kb.ask("What about nerdctl?", context=context)


def test_follow_ups_over_http_and_bad_context_is_a_400(http):
    first = http.post("/ask", json={"question": "Who maintains crictl?"}).json()
    second = http.post("/ask", json={"question": "What about nerdctl?", "context": first["context"]})
    assert second.status_code == 200
    assert [a["iri"].removeprefix(KR) for a in second.json()["answers"]] == ["containerd-community"]
    for bad in ("a string", [1, 2], {"question": "x", "lang": "en", "anchor": "urn:unknown"}):
        r = http.post("/ask", json={"question": "What about nerdctl?", "context": bad})
        assert r.status_code == 400, (bad, r.text)
        assert "context" in r.json()["error"]["message"]

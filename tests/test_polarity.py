"""A yes/no question may name the object of a fact without the negation the graph's name of it has
("Is ctr user-friendly?" of ctr's limitation "not user-friendly"): the answer is then the opposite of
whether the fact holds, in both QA cores and both languages; another name without negation ("hard to
use") or a question that negates the name itself ask the fact as it is."""

from __future__ import annotations

import pytest

from kubekg.qa.entity_linker import Mention
from kubekg.qa.polarity import asks_opposite, negated

KR = "https://w3id.org/kubekg/resource/"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("not user-friendly", "en", True),
        ("isn't", "en", True),
        ("user-friendly", "en", False),
        ("hard to use", "en", False),
        ("사용자 친화적이지 않음", "ko", True),
        ("운영 환경용 아님", "ko", True),
        ("사용하기 어려움", "ko", False),
        ("without Docker", "en", False),
        ("도커 없이", "ko", False),
    ],
)
def test_negation_in_a_name(text, lang, expected):
    assert negated(text, lang) is expected


def _mention(question: str, words: str, iri: str) -> Mention:
    start = question.index(words)
    return Mention(KR + iri, False, start, start + len(words), 0.8, False)


UNFRIENDLY, NO_CREATING = "limitation-not-user-friendly", "limitation-not-for-creating-containers"


@pytest.mark.parametrize(
    ("question", "words", "iri", "opposite"),
    [
        ("Is ctr user-friendly?", "user-friendly", UNFRIENDLY, True),
        ("Is ctr not user-friendly?", "user-friendly", UNFRIENDLY, False),
        ("Isn't ctr user-friendly?", "user-friendly", UNFRIENDLY, True),
        ("Is ctr hard to use?", "hard to use", UNFRIENDLY, False),
        ("ctr은 사용자 친화적이야?", "사용자 친화적", UNFRIENDLY, True),
        ("ctr은 사용자 친화적이지 않아?", "사용자 친화적", UNFRIENDLY, False),
        # a name that says a quality by its opposite ("hard to create containers", "컨테이너 생성 불편") is
        # asked the other way by the quality itself, the same way by the opposite
        ("crictl로 컨테이너를 생성하는 게 쉬운 편인가요?", "컨테이너를 생성하는", NO_CREATING, True),
        ("crictl로 컨테이너 만들기 어려워?", "컨테이너 만들기", NO_CREATING, False),
        ("Is it easy to create containers with crictl?", "create containers", NO_CREATING, True),
        ("Is it hard to create containers with crictl?", "create containers", NO_CREATING, False),
    ],
)
def test_the_question_asks_the_opposite_of_a_negated_name(kb, question, words, iri, opposite):
    catalogue = kb.prepare()._qa.catalogue
    lang = "en" if question.isascii() else "ko"
    assert asks_opposite(question, lang, _mention(question, words, iri), catalogue) is opposite


@pytest.mark.parametrize("core", ["kb", "learned_kb"])
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Is ctr user-friendly?", "no"),
        ("Is ctr hard to use?", "yes"),
        ("ctr은 사용자 친화적이야?", "no"),
    ],
)
def test_both_cores_answer_by_the_name_the_question_used(request, core, question, expected):
    answer = request.getfixturevalue(core).ask(question)
    assert [a.label for a in answer.answers] == [expected], answer.answer
    assert ("not user-friendly" in answer.answer) or ("친화적이지 않음" in answer.answer), answer.answer

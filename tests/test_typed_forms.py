"""Chat spellings are read in their standard form; the graph's own words and real names are left alone."""

from __future__ import annotations

import pytest

from kubekg.qa.typed_forms import TypedForms

GRAPH_WORDS = frozenset(
    {"crictl", "ctr", "dockershim", "kubelet", "containerd", "docker", "k8s", "etcd", "onboard", "run", "images"}
)


@pytest.fixture(scope="module")
def forms():
    return TypedForms(GRAPH_WORDS)


@pytest.mark.parametrize(
    ("typed", "standard"),
    [
        ("wat was dockershim even for", "what was dockershim even for"),  # a question word one letter off
        ("wich cli is for debugging", "which cli is for debugging"),
        ("whcih one is for debugging", "which one is for debugging"),  # two letters swapped
        ("hw many clis r there", "how many clis are there"),
        ("whats kubelet for", "what's kubelet for"),  # a contraction without its apostrophe
        ("runtimes that arent docker", "runtimes that aren't docker"),
        ("it doesnt come w/ containerd", "it doesn't come with containerd"),  # chat abbreviations
        ("how do u get crictl", "how do you get crictl"),
        ("whats the diff between ctr and crictl", "what's the difference between ctr and crictl"),
        ("contianerd used to be part of what", "containerd used to be part of what"),  # a slip of a graph word
        ("how are container imgaes built", "how are container images built"),
        ("is crictl installed seperately", "is crictl installed separately"),  # of one common English word
        ("etcd is like what kinda db", "etcd is like what kind of db"),
        ("do i gotta install crictl myself lol", "do i have to install crictl myself"),  # a filler goes
        ("whats the crictl cmd to list pods", "what's the crictl command to list pods"),  # the graph's word
    ],
)
def test_english_chat_spellings_are_read_in_standard_form(forms, typed, standard):
    assert forms.standard(typed, "en") == standard


@pytest.mark.parametrize(
    "typed",
    [
        "Is it U?",  # a capital letter may be a name
        "hwo maintains ctr",  # one letter from both "how" and "who": no guess
        "Its scheduler picks nodes",  # "its" is a word of its own
        "what does etcd store",  # a graph word and the question words themselves stay
        "what was the want",  # a common English word is no slip
        "which controller onboards nodes",  # another form of a graph word is no slip
        "does runc work with helm",  # a short name one letter from a word ("run") is a name
        "is podman like docker",
    ],
)
def test_what_is_no_slip_or_is_ambiguous_stays_as_typed(forms, typed):
    assert forms.standard(typed, "en") == typed


@pytest.mark.parametrize(
    ("typed", "standard"),
    [
        ("crictl 어케 설치해", "crictl 어떻게 설치해"),
        ("컨테이너디 모야", "컨테이너디 뭐야"),
        ("젤 기본적인 도구가 머임", "제일 기본적인 도구가 뭐임"),
        ("쿠버 스케쥴러는 머하는 애임", "쿠버 스케쥴러는 뭐하는 애임"),
        ("kubelet 모해", "kubelet 뭐해"),
        ("씨티알 단점 머있음", "씨티알 단점 뭐있음"),
        ("ctr이랑 nerdctl 머가 달라?", "ctr이랑 nerdctl 뭐가 달라?"),
        ("etcd에 저장되는 거 머?", "etcd에 저장되는 거 뭐?"),
        ("컨테이너디 깔면 같이 깔리는 cli", "컨테이너디 설치하면 같이 설치되는 cli"),
        ("crictl은 따로 깔아야 돼?", "crictl은 따로 설치해야 돼?"),
        ("containerd 깔 때 이미 깔려 있는 거", "containerd 설치할 때 이미 설치돼 있는 거"),
        ("crictl 깔려면 뭐 해야 돼? 따로 깔까?", "crictl 설치하려면 뭐 해야 돼? 따로 설치할까?"),
    ],
)
def test_korean_chat_spellings_are_read_in_standard_form(forms, typed, standard):
    assert forms.standard(typed, "ko") == standard


def test_korean_words_that_only_contain_a_chat_spelling_stay(forms):
    assert forms.standard("모니터링은 누가 해?", "ko") == "모니터링은 누가 해?"
    assert forms.standard("모든 노드", "ko") == "모든 노드"
    assert forms.standard("색깔이 깔끔한 화면", "ko") == "색깔이 깔끔한 화면"
    assert forms.standard("머신 러닝이랑 머리 쓰는 일", "ko") == "머신 러닝이랑 머리 쓰는 일"


def test_the_answer_quotes_the_question_as_typed(kb):
    answer = kb.ask("wat does etcd do")
    assert answer.question == "wat does etcd do"
    assert not answer.abstained and "etcd" in answer.answer


@pytest.mark.parametrize(
    ("typed", "lang", "read"),
    [
        (
            "crictl 예시에 나오는 하위 명령(pull, ps 같은 것)은 모두 몇 가지야?",
            "ko",
            "crictl 예시에 나오는 하위 명령은 모두 몇 가지야?",
        ),
        (
            "How many crictl subcommands (e.g. pull or ps) does the note show?",
            "en",
            "How many crictl subcommands does the note show?",
        ),
        ("which commands (like ps) list things", "en", "which commands list things"),
        # an aside that gives no example names something: it stays
        (
            "What does the Container Runtime Interface (CRI) define?",
            "en",
            "What does the Container Runtime Interface (CRI) define?",
        ),
        ("(pull 같은 것)", "ko", "(pull 같은 것)"),  # nothing but the aside: read as typed
    ],
)
def test_an_aside_that_gives_examples_is_read_without(forms, typed, lang, read):
    assert forms.standard(typed, lang) == read

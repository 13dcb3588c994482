"""Names the graph does not know ("podman", "CRI-O"): recognised, and the question abstains saying so."""

from __future__ import annotations

import pytest

from kubekg import KnowledgeBase
from kubekg.graph.catalogue import Catalogue
from kubekg.qa.unknown_names import UnknownNames


@pytest.fixture(scope="module")
def names(kb: KnowledgeBase) -> UnknownNames:
    return UnknownNames.of(Catalogue.build(kb))


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("How does crictl compare to podman?", ["podman"]),
        ("CRI-O는 누가 관리하는 런타임인가요?", ["CRI-O"]),  # "CRI" is known; "CRI-O" is not
        ("containerd가 CNCF 졸업 프로젝트가 된 게 언제임?", ["CNCF"]),
        ("Was dockershim deprecated in v1.20?", ["v1.20"]),  # one digit from v1.24 is another version
        ("Is etcd written in Golang?", ["Golang"]),
        ("AWS EKS 요금은?", ["AWS", "EKS"]),
        # a capitalised word inside a sentence is a name, even one that is also an English word
        ("Does nerdctl work on Windows?", ["Windows"]),
        ("How do I install crictl on Ubuntu?", ["Ubuntu"]),
        ("Docker Desktop 유료 플랜은 얼마야?", ["Desktop"]),
    ],
)
def test_names_the_graph_does_not_know(names, question, unknown):
    assert names.find(question, []) == unknown


@pytest.mark.parametrize(
    "question",
    [
        "whats teh point of the replication controler",  # slips of English words and of the graph's
        "gimme a rundown of kubelet pls",
        "Is kube-shceduler on the master?",
        "does the kubelet run on the workernode",  # two of the graph's words run together
        "What was the workaround to keep Docker supported?",  # an English compound
        "How many crictl subcommands are shown?",  # an English prefix
        "Which CLI is CRI-compatible and docker-like?",
        "k8s v1.24에서 dockershim 빠졌어?",  # the graph's own names, digits and all
        "crictl vs ctr: who maintains each one?",
        "nerdctl로 redis랑 nginx 띄우는 명령 알려줘",
        "What does the Container Runtime Interface do?",  # capitalised words of the graph
        "Which CLI Works With Containers On Every Runtime?",  # title case says nothing of names
        "Windows aside, which CLI is for debugging?",  # a sentence's first word is capitalised anyway
        "Which CLI has a Docker-style syntax?",
    ],
)
def test_words_people_type_are_not_names(names, question):
    assert names.find(question, []) == []


def test_a_linked_mention_covers_its_words(names):
    from kubekg.qa.entity_linker import Mention

    question = "Does podman run pods?"
    start = question.index("podman")
    mention = Mention("https://example.org/podman", False, start, start + len("podman"), 0.9, False)
    assert names.find(question, [mention]) == []
    # a paraphrase linked over several words does not vouch for a name among them
    question = "How does crictl compare to podman?"
    start = question.index("crictl")
    paraphrase = Mention("https://example.org/cmd", False, start, len(question) - 1, 0.7, False)
    assert names.find(question, [paraphrase]) == ["podman"]


def test_a_name_added_in_turtle_is_known(tmp_path, bundled_files, names):
    extra = tmp_path / "podman.trig"
    extra.write_text(
        """@prefix k: <https://w3id.org/kubekg/ontology#> .
@prefix kr: <https://w3id.org/kubekg/resource/> .
@prefix kg: <https://w3id.org/kubekg/graph/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
kg:crictl { kr:podman a k:CLI ; rdfs:label "Podman"@en , "Podman"@ko ; prov:wasDerivedFrom kg:crictl . }
"""
    )
    kb = KnowledgeBase.load([*bundled_files, extra], index=False)
    assert names.find("Is podman a CLI?", []) == ["podman"]
    assert UnknownNames.of(Catalogue.build(kb)).find("Is podman a CLI?", []) == []


@pytest.mark.parametrize(
    ("question", "name"),
    [("Who maintains CRI-O?", "CRI-O"), ("CRI-O는 누가 관리해?", "CRI-O"), ("crictl이랑 podman 뭐가 달라?", "podman")],
)
def test_a_question_about_an_unknown_thing_abstains_and_says_which(kb, question, name):
    answer = kb.ask(question)
    assert answer.abstained and answer.answers == []
    assert name in answer.answer
    assert answer.sources  # the nearest passages instead of a guess

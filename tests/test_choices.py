"""Choices by a criterion: of the things a question offers, the one whose fact fits its other words best;
every offered thing sharing that fact is an answer ("which of ctr or nerdctl comes from containerd?")."""

from __future__ import annotations

from collections import defaultdict

import pytest

from kubekg.qa.choices import best_facts
from kubekg.qa.entity_linker import Mention
from kubekg.qa.fact_index import Facts
from kubekg.qa.mentions import places

MAINTAINED_BY, WORKS_WITH, REPORTS_TO = "k:maintainedBy", "k:worksWith", "k:reportsStatusTo"


def facts_of(triples: list[tuple[str, str, str]]) -> Facts:
    by_subject, by_object = defaultdict(set), defaultdict(set)
    for s, p, o in triples:
        by_subject[(p, s)].add(o)
        by_object[(p, o)].add(s)
    return Facts({}, {}, {}, dict(by_subject), dict(by_object), {}, {})


TRIPLES = [
    ("crictl", MAINTAINED_BY, "kubernetes-community"),
    ("ctr", MAINTAINED_BY, "containerd-community"),
    ("nerdctl", MAINTAINED_BY, "containerd-community"),
    ("nerdctl", WORKS_WITH, "containerd"),
    ("ctr", WORKS_WITH, "containerd"),
]


def test_each_offered_thing_is_read_by_its_best_fact_and_the_best_fits_by_a_lead():
    scores = {
        ("crictl", MAINTAINED_BY, "kubernetes-community"): 0.6,
        ("ctr", MAINTAINED_BY, "containerd-community"): 0.3,
    }
    scored = [(t, scores.get(t, 0.1)) for t in TRIPLES]
    choices = {c.offered: c for c in best_facts(frozenset({"ctr", "crictl"}), scored, facts_of(TRIPLES))}
    assert set(choices) == {"ctr", "crictl"}
    crictl, ctr = choices["crictl"], choices["ctr"]
    assert (crictl.anchor, crictl.relation, crictl.direction) == ("kubernetes-community", MAINTAINED_BY, "subject")
    assert crictl.answers == {"crictl"} and crictl.lead == pytest.approx(0.3)
    assert ctr.answers == {"ctr"} and ctr.lead == pytest.approx(-0.3)


def test_offered_things_that_share_the_best_fact_are_all_answers():
    scored = [(t, 0.5 if t[1] == WORKS_WITH else 0.2) for t in TRIPLES]
    choices = best_facts(frozenset({"ctr", "nerdctl"}), scored, facts_of(TRIPLES))
    assert {c.answers for c in choices} == {frozenset({"ctr", "nerdctl"})}
    assert all(c.lead == 0.5 for c in choices)  # no offered thing lacks the fact: nothing to beat


def test_a_fact_between_two_offered_things_chooses_neither_unless_the_criterion_asks_for_an_end():
    triples = [("kubelet", REPORTS_TO, "kube-apiserver")]
    offered = frozenset({"kubelet", "kube-apiserver"})
    assert best_facts(offered, [(triples[0], 0.9)], facts_of(triples)) == []
    # "kube-apiserver와 kubelet 중 상태 보고서를 가져가는 쪽은?" reads like a question for the object
    (taker,) = best_facts(offered, [(triples[0], 0.9)], facts_of(triples), {REPORTS_TO: "object"})
    assert (taker.answers, taker.anchor, taker.direction) == (frozenset({"kube-apiserver"}), "kubelet", "object")
    # "… 중 상태를 보고하는 쪽은?" like one for the subject
    (reporter,) = best_facts(offered, [(triples[0], 0.9)], facts_of(triples), {REPORTS_TO: "subject"})
    assert reporter.answers == frozenset({"kubelet"})


def _mention(q: str, word: str, iri: str, is_class: bool = False) -> Mention:
    start = q.index(word)
    return Mention(iri=iri, start=start, end=start + len(word), score=1.0, exact=True, is_class=is_class)


@pytest.mark.parametrize(
    ("question", "lang", "word", "place"),
    [
        ("쿠블렛은 노드에서 컨테이너가지고 뭐함?", "ko", "노드", True),
        ("큐브 프록시가 노드마다 챙겨주는게 뭐냐", "ko", "노드", True),
        ("노드에 있는 이미지 목록 보려면?", "ko", "노드", True),
        ("노드가 뭐야?", "ko", "노드", False),
        ("kubelet에 대해 알려줘", "ko", "kubelet", False),
        ("What runs on each node?", "en", "node", True),
        ("Which node does etcd run on?", "en", "node", False),
    ],
)
def test_a_name_used_as_a_place_is_told_apart(question, lang, word, place):
    m = _mention(question, word, "x", is_class=True)
    assert (places(question, lang, [m]) == [m]) is place

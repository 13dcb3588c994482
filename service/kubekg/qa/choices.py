"""Readings of a choice by a criterion: "ctr or crictl — which one does the Kubernetes community maintain?",
"kube-scheduler와 kube-controller-manager 중 컨테이너를 놓을 노드를 고르는 건?".

The criterion need not name anything the linker finds ("the one that picks nodes for containers"), so
these readings start from the things offered rather than from an anchor: each offered thing's facts
(either way round, by any phrased relation) are scored against the question as verbalised statements,
and the best fact of each offered thing becomes a lookup restricted to the offered things: every one of
them that has the same relation to the same other thing is an answer, so the answer comes from a query
like any other lookup, and "which of ctr or nerdctl comes from the containerd community" answers both.
A fact between two offered things ("kube-apiserver와 kubelet 중 상태 보고서를 가져가는 쪽은?": kubelet
reports its status to kube-apiserver) offers the end the criterion asks for: the object when the
criterion reads like a question for the relation's object ("who pulls status reports from …?"), else
the subject.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kubekg.qa.fact_index import Facts


@dataclass(frozen=True)
class Choice:
    """The best fact of one offered thing: ``anchor`` is the other end, ``direction`` where the offered
    things stand ("subject": they are the fact's subjects), ``answers`` the offered things sharing it."""

    offered: str
    relation: str
    anchor: str
    direction: str
    score: float
    answers: frozenset[str]
    lead: float  # score minus the best fact score of an offered thing that does not share it


def best_facts(
    alternatives: frozenset[str],
    facts: Iterable[tuple[tuple[str, str, str], float]],
    index: Facts,
    asked_end: Mapping[str, str] | None = None,
) -> list[Choice]:
    """For each offered thing with a fact scored in ``facts`` (((s, p, o), score) pairs), its best one.
    ``asked_end``: for a relation, which end of a fact between two offered things the criterion asks for
    ("object" or "subject"); such facts are left out for relations it does not give."""
    best: dict[str, tuple[float, str, str, str]] = {}
    for (s, p, o), score in facts:
        ends = ((s, o, "subject"), (o, s, "object"))
        if s in alternatives and o in alternatives:
            ends = tuple(e for e in ends if (asked_end or {}).get(p) == e[2])
        for offered, other, direction in ends:
            if offered in alternatives and score > best.get(offered, (-1.0,))[0]:
                best[offered] = (score, p, other, direction)
    out = []
    for offered, (score, relation, anchor, direction) in sorted(best.items()):
        sharing = frozenset(alternatives & index.step(relation, anchor, direction))
        rivals = [best[b][0] for b in best if b not in sharing]
        out.append(Choice(offered, relation, anchor, direction, score, sharing, score - max(rivals, default=0.0)))
    return out

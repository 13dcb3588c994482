"""QALD-style evaluation of the QA engine on a JSON-lines question set.

Each line: ``{"id", "lang", "question", "answers": [...], "out_of_scope"?: true}``, or for a conversation
``{"id", "lang", "turns": [{"q", "type", "gold"}, …]}`` (each turn asked with the previous answer's
``context``); answers are
CURIEs (``kr:etcd``), ``"yes"``/``"no"``, or a number. Per question, precision and recall over the
answer set give F1; an out-of-scope question scores 1 only when the engine abstains. Macro F1 is the
mean per language and overall; abstention precision and recall are reported too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kubekg.answer_models import Answer
from kubekg.errors import KubekgError
from kubekg.graph.rdf_terms import curie
from kubekg.settings import PROJECT_ROOT

DEFAULT_SET = PROJECT_ROOT / "data" / "eval" / "questions.jsonl"


@dataclass
class Outcome:
    id: str
    lang: str
    question: str
    expected: set[str]
    predicted: set[str]
    abstained: bool
    out_of_scope: bool
    f1: float


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def macro_f1(self, lang: str | None = None) -> float:
        scores = [o.f1 for o in self.outcomes if lang is None or o.lang == lang]
        return sum(scores) / len(scores) if scores else 0.0

    def abstention(self) -> tuple[float, float]:
        abstained = [o for o in self.outcomes if o.abstained]
        oos = [o for o in self.outcomes if o.out_of_scope]
        correct = sum(1 for o in abstained if o.out_of_scope)
        precision = correct / len(abstained) if abstained else 1.0
        recall = correct / len(oos) if oos else 1.0
        return precision, recall

    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.f1 < 1.0]

    def summary(self) -> dict:
        precision, recall = self.abstention()
        langs = sorted({o.lang for o in self.outcomes})
        return {
            "questions": len(self.outcomes),
            "macro_f1": {**{lang: round(self.macro_f1(lang), 4) for lang in langs}, "all": round(self.macro_f1(), 4)},
            "questions_per_language": {lang: sum(o.lang == lang for o in self.outcomes) for lang in langs},
            "abstention_precision": round(precision, 4),
            "abstention_recall": round(recall, 4),
            "misses": len(self.misses()),
        }

    def text(self) -> str:
        s = self.summary()
        lines = [f"{'language':<10}{'questions':>10}{'macro F1':>10}"]
        for lang, n in s["questions_per_language"].items():
            lines.append(f"{lang:<10}{n:>10}{s['macro_f1'][lang]:>10.3f}")
        lines.append(f"{'all':<10}{s['questions']:>10}{s['macro_f1']['all']:>10.3f}")
        lines.append(f"abstention precision {s['abstention_precision']:.3f}, recall {s['abstention_recall']:.3f}")
        misses = self.misses()
        lines.append(f"misses: {len(misses)}")
        for o in misses:
            got = "(abstained)" if o.abstained else ", ".join(sorted(o.predicted))
            want = "(abstain)" if o.out_of_scope else ", ".join(sorted(o.expected))
            lines.append(f"  {o.id} F1={o.f1:.2f}  {o.question}\n      want: {want}\n      got:  {got}")
        return "\n".join(lines)


def load_questions(path: Path | str = DEFAULT_SET) -> list[dict]:
    questions = []
    with Path(path).open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    questions.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise KubekgError(f"{path}:{n}: not valid JSON: {e.msg}") from None
    return questions


def answer_keys(answer: Answer) -> set[str]:
    return {curie(a.iri) if a.iri else a.label.strip().lower() for a in answer.answers}


def score(expected: set[str], predicted: set[str], abstained: bool, out_of_scope: bool) -> float:
    if out_of_scope or not expected:
        return 1.0 if abstained else 0.0
    if abstained or not predicted:
        return 0.0
    hit = len(expected & predicted)
    if not hit:
        return 0.0
    p, r = hit / len(predicted), hit / len(expected)
    return 2 * p * r / (p + r)


def _outcome(qid: str, lang: str, question: str, gold: list, out_of_scope: bool, answer: Answer) -> Outcome:
    expected = {str(a).strip().lower() if not str(a).startswith("kr:") else str(a) for a in gold}
    oos = out_of_scope or not expected
    predicted = answer_keys(answer)
    return Outcome(
        qid,
        lang,
        question,
        expected,
        predicted,
        answer.abstained,
        oos,
        score(expected, predicted, answer.abstained, oos),
    )


def evaluate(kb, questions: list[dict]) -> Report:
    """Score a question set, or a conversation set (lines with ``turns``): each turn is asked with the
    previous answer's ``context``, as a client would send it."""
    report = Report()
    for q in questions:
        if "turns" in q:
            context = None
            for n, turn in enumerate(q["turns"], 1):
                answer = kb.ask(turn["q"], context=context)
                context = answer.context
                report.outcomes.append(
                    _outcome(
                        f"{q.get('id', '')}#{n}",
                        q.get("lang", answer.lang),
                        turn["q"],
                        turn.get("gold", []),
                        False,
                        answer,
                    )
                )
            continue
        answer = kb.ask(q["question"])
        report.outcomes.append(
            _outcome(
                q.get("id", ""),
                q.get("lang", answer.lang),
                q["question"],
                q.get("answers", []),
                bool(q.get("out_of_scope")),
                answer,
            )
        )
    return report

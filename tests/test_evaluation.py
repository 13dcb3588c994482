"""`kubekg eval`: QALD-style scoring, the floors the bundled sets must meet, the command's exit codes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kubekg.cli import app
from kubekg.qa.evaluation import DEFAULT_SET, evaluate, load_questions

#: Written by a helper who saw neither the engine nor the main set; scored 0.875/0.875 on first run.
BLIND_SET = DEFAULT_SET.with_name("questions_blind.jsonl")

SMALL = [
    {"id": "t1", "lang": "en", "question": "What does etcd do?",
     "answers": ["kr:resp-store-cluster-information", "kr:resp-store-key-value-data"]},
    {"id": "t2", "lang": "en", "question": "What does etcd do?", "answers": ["kr:resp-store-cluster-information"]},
    {"id": "t3", "lang": "ko", "question": "오늘 날씨 어때?", "answers": [], "out_of_scope": True},
    {"id": "t4", "lang": "ko", "question": "etcd는 무슨 일을 해?", "answers": [], "out_of_scope": True},
]  # fmt: skip


@pytest.fixture()
def small_set(tmp_path):
    path = tmp_path / "small.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in SMALL) + "\n", encoding="utf-8")
    return path


def test_scoring_is_per_question_f1_and_abstention(kb, small_set):
    report = evaluate(kb, load_questions(small_set))
    assert {o.id: round(o.f1, 3) for o in report.outcomes} == {"t1": 1.0, "t2": 0.667, "t3": 1.0, "t4": 0.0}
    summary = report.summary()
    assert summary["macro_f1"] == {"en": 0.8333, "ko": 0.5, "all": 0.6667}
    assert (summary["abstention_precision"], summary["abstention_recall"]) == (1.0, 0.5)
    assert [o.id for o in report.misses()] == ["t2", "t4"]


#: Sets written from the note alone by authors who never saw the engine (docs/asking.md, "Evaluation").
FRESH_SETS = sorted(DEFAULT_SET.parent.glob("questions_blind_*.jsonl"))


@pytest.mark.parametrize(
    ("core", "path", "floor"),
    [
        # the learned core (the default): measured 0.886 / 0.923 and 0.895 / 0.963 (en / ko)
        ("kb", DEFAULT_SET, 0.85),
        ("kb", BLIND_SET, 0.85),
        # the rules core, tuned to these two sets
        ("rules_kb", DEFAULT_SET, 0.95),
        ("rules_kb", BLIND_SET, 0.9),
    ],
    ids=["learned-main", "learned-blind", "rules-main", "rules-blind"],
)
def test_the_bundled_sets_meet_their_floor_in_each_language(request, core, path, floor):
    if (core, path) == ("kb", DEFAULT_SET):
        summary = request.getfixturevalue("main_set_report").summary()  # scored once a session
    else:
        summary = evaluate(request.getfixturevalue(core), load_questions(path)).summary()
    per_language = {lang: f1 for lang, f1 in summary["macro_f1"].items() if lang != "all"}
    assert set(per_language) == {"en", "ko"}
    assert min(per_language.values()) >= floor, per_language


def test_the_default_core_holds_its_ground_on_every_set_written_without_sight_of_it(kb):
    """Every fourth question of each fresh set (a quarter of the time of them all; a set grows the suite
    by 30 questions' cost): each set, and all those questions together. Measured on every fourth: each set
    0.72 or more, 0.86 together (0.87 over every question). Their figures, and their first runs before any
    miss was read, are in docs/asking.md (`kubekg eval` scores the whole set)."""
    assert len(FRESH_SETS) >= 6
    reports = {path.stem: evaluate(kb, load_questions(path)[::4]) for path in FRESH_SETS}
    scores = {name: report.summary()["macro_f1"]["all"] for name, report in reports.items()}
    assert min(scores.values()) >= 0.6, scores
    pooled = [outcome.f1 for report in reports.values() for outcome in report.outcomes]
    assert sum(pooled) / len(pooled) >= 0.8, (sum(pooled) / len(pooled), scores)


def test_eval_command_prints_json_and_fails_below_min_f1(small_set, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["eval", str(small_set), "--json", "--min-f1", "0.4"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output[ok.output.index("{") :])["questions"] == 4
    assert runner.invoke(app, ["eval", str(small_set), "--min-f1", "0.9"]).exit_code == 1
    missing = runner.invoke(app, ["eval", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2 and "nope.jsonl" in missing.output

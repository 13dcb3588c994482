"""A yes/no answer never contradicts its own evidence: for every yes/no reading the generated questions
produce (true and false facts, "only", questions asked the other way round), the sentence's first word,
the answer label and the ASK query's result agree."""

from __future__ import annotations

import pytest

from kubekg.qa import training

WORDS = {("en", "yes"): "Yes.", ("en", "no"): "No.", ("ko", "yes"): "네.", ("ko", "no"): "아니요."}


@pytest.fixture(scope="module")
def yes_no_readings(learned_kb):
    engine = learned_kb.prepare()._qa
    examples = training.QuestionGenerator(engine.catalogue, engine.facts, engine.facts.texts, seed=0).examples()
    chosen = [ex for ex in examples if ex.source in ("yesno", "only", "all_listed")]
    readings = []
    for ex in chosen:
        query = engine.query(engine.check(ex.question))
        readings += [(query, c) for c in engine.candidates(query) if c.kind in ("yesno", "yesno_only", "all_yesno")]
    return readings


def test_there_are_readings_of_both_polarities(yes_no_readings):
    labels = {next(iter(c.answers)) for _, c in yes_no_readings}
    assert labels == {"yes", "no"}
    assert any(c.features.get("negated_phrasing") for _, c in yes_no_readings)


def test_every_yes_no_sentence_agrees_with_its_ask_result(learned_kb, yes_no_readings):
    kb = learned_kb
    for query, c in yes_no_readings:
        answer = c.compose(0.9)
        label = answer.answers[0].label
        holds = bool(kb.sparql(answer.sparql))
        expected = holds != bool(c.features.get("negated_phrasing")) if c.kind == "yesno" else holds
        assert label == ("yes" if expected else "no"), (query.text, c.key, answer.answer)
        assert answer.answer.startswith(WORDS[(query.lang, label)]), (query.text, answer.answer)
        assert {label} == set(c.answers), (query.text, c.key)

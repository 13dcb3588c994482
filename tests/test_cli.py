"""`kubekg sparql` and `kubekg stats` as a user runs them."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from kubekg.cli import app

runner = CliRunner()
CLIS = "PREFIX k: <https://w3id.org/kubekg/ontology#> SELECT ?cli WHERE { ?cli a k:CLI } ORDER BY ?cli"


def test_sparql_table_by_default():
    result = runner.invoke(app, ["sparql", CLIS])
    assert result.exit_code == 0, result.output
    assert "kr:crictl" in result.output and "(3 rows)" in result.output


def test_sparql_json_and_csv():
    as_json = runner.invoke(app, ["sparql", CLIS, "--format", "json"])
    bindings = json.loads(as_json.output)["results"]["bindings"]
    assert [b["cli"]["value"].rsplit("/", 1)[1] for b in bindings] == ["crictl", "ctr", "nerdctl"]
    as_csv = runner.invoke(app, ["sparql", CLIS, "-f", "csv"])
    assert list(csv.reader(io.StringIO(as_csv.output)))[0] == ["cli"]


def test_sparql_turtle_for_construct():
    q = "CONSTRUCT { ?s ?p ?o } WHERE { BIND(<https://w3id.org/kubekg/resource/crictl> AS ?s) ?s ?p ?o }"
    result = runner.invoke(app, ["sparql", q, "--format", "turtle"])
    assert result.exit_code == 0, result.output
    assert "crictl" in result.output


def test_sparql_errors_are_readable():
    result = runner.invoke(app, ["sparql", "SELEC nothing"])
    assert result.exit_code == 1
    assert "malformed query" in result.output
    wrong = runner.invoke(app, ["sparql", CLIS, "--format", "turtle"])
    assert wrong.exit_code == 1 and "SELECT/ASK" in wrong.output


def test_stats_counts_labels_per_language():
    result = runner.invoke(app, ["stats", "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["labels_by_language"]["en"] > 100 and stats["labels_by_language"]["ko"] > 100
    assert stats["entities"] > 60 and stats["facts"] > 200

"""SHACL: the bundled graph conforms; a missing label is reported and fails `kubekg validate`."""

from __future__ import annotations

from typer.testing import CliRunner

from kubekg.cli import app
from tests.conftest import ONTOLOGY_FILE

runner = CliRunner()

ENTITY_WITHOUT_KOREAN_LABEL = """\
@prefix k: <https://w3id.org/kubekg/ontology#> .
@prefix kr: <https://w3id.org/kubekg/resource/> .
@prefix kg: <https://w3id.org/kubekg/graph/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
kg:s a k:SourceSection .
kr:podman a k:ContainerRuntime ;
    rdfs:label "Podman"@en ;
    skos:definition "A daemonless container engine."@en , "데몬 없는 컨테이너 엔진."@ko ;
    prov:wasDerivedFrom kg:s .
"""


def test_bundled_graph_conforms(kb):
    report = kb.validate()
    assert report.conforms, report.text()
    assert report.focus_nodes_checked > 50


def test_validate_command_passes_on_bundled_data():
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_validate_command_fails_on_missing_label(tmp_path):
    fixture = tmp_path / "missing-label.ttl"
    fixture.write_text(ENTITY_WITHOUT_KOREAN_LABEL)
    result = runner.invoke(app, ["validate", "--data", str(ONTOLOGY_FILE), "--data", str(fixture)])
    assert result.exit_code == 1
    assert "kr:podman" in result.output
    assert "Korean rdfs:label" in result.output

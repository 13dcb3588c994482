"""SHACL validation of the graph against ``ontology/shapes.ttl``, with a report a person can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Namespace

from kubekg.graph.rdf_loader import parse_file
from kubekg.graph.rdf_terms import curie, graph_of

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        return f"{self.severity}: {curie(self.focus)} {curie(self.path)}: {self.message}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    focus_nodes_checked: int = 0

    def text(self) -> str:
        if self.conforms:
            return f"The graph conforms to the shapes ({self.focus_nodes_checked} focus nodes checked)."
        lines = [f"{len(self.violations)} violation(s):"]
        lines += [f"  {v}" for v in sorted(self.violations, key=lambda v: (v.focus, v.path, v.message))]
        return "\n".join(lines)


def validate_store(store: ox.Store, shapes_file: Path) -> ValidationReport:
    """Validate the union of all graphs in ``store`` (inferred triples included) against the shapes."""
    shapes = graph_of(parse_file(shapes_file))
    data = graph_of(store.quads_for_pattern(None, None, None, None))
    conforms, results, _ = shacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return ValidationReport(
        conforms=bool(conforms), violations=_violations(results), focus_nodes_checked=_count_focus_nodes(data, shapes)
    )


def _violations(results: Graph) -> list[Violation]:
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        out.append(
            Violation(
                focus=str(results.value(r, SH.focusNode)),
                path=str(results.value(r, SH.resultPath) or ""),
                message=str(results.value(r, SH.resultMessage) or "constraint not met"),
                severity=str(results.value(r, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1],
            )
        )
    return out


def _count_focus_nodes(data: Graph, shapes: Graph) -> int:
    focus = set()
    for cls in shapes.objects(None, SH.targetClass):
        focus.update(data.subjects(RDF.type, cls))
    return len(focus)

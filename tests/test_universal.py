"""'crictl works with all CRI-compatible runtimes' is knowledge about a class, not a list."""

from __future__ import annotations

from kubekg import KnowledgeBase
from tests.conftest import PREFIXES

KR = "https://w3id.org/kubekg/resource/"

#: CLIs that work with every runtime implementing CRI (the runtimes are quantified, never listed).
UNIVERSAL = (
    PREFIXES
    + """
SELECT ?cli WHERE {
  ?cli a k:CLI .
  FILTER NOT EXISTS {
    ?runtime a k:ContainerRuntime ; k:implements kr:cri .
    FILTER NOT EXISTS { ?cli k:worksWith ?runtime }
  }
}"""
)

NEW_RUNTIME = """\
@prefix k: <https://w3id.org/kubekg/ontology#> .
@prefix kr: <https://w3id.org/kubekg/resource/> .
@prefix kg: <https://w3id.org/kubekg/graph/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
kg:cri {
  kr:cri-o a k:ContainerRuntime ; k:implements kr:cri ;
      rdfs:label "CRI-O"@en , "CRI-O"@ko ;
      skos:definition "A lightweight runtime built for the Kubernetes CRI."@en , "쿠버네티스 CRI 전용 경량 런타임."@ko ;
      prov:wasDerivedFrom kg:cri .
}
"""


def universal_clis(kb: KnowledgeBase) -> set[str]:
    return {row["cli"].value for row in kb.sparql(UNIVERSAL)}


def test_only_crictl_works_with_every_cri_runtime(kb):
    assert universal_clis(kb) == {KR + "crictl"}


def test_a_new_cri_runtime_is_covered_without_touching_crictl(tmp_path, bundled_files):
    extra = tmp_path / "cri-o.trig"
    extra.write_text(NEW_RUNTIME)
    kb = KnowledgeBase.load([*bundled_files, extra])
    assert universal_clis(kb) == {KR + "crictl"}
    assert bool(kb.sparql(PREFIXES + "ASK { kr:crictl k:worksWith kr:cri-o }"))
    assert not bool(kb.sparql(PREFIXES + "ASK { kr:nerdctl k:worksWith kr:cri-o }"))
    # crictl's own asserted facts do not mention the new runtime: it is inferred
    assert not bool(kb.sparql(PREFIXES + "ASK { GRAPH ?g { kr:crictl ?p kr:cri-o } FILTER(?g != kg:inferred) }"))

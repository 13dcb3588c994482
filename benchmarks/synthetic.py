"""Deterministic synthetic graphs in kubekg's vocabulary, so the benchmark's queries mean the same on them.

``write_graph(path, triples)`` writes N-Triples with about ``triples`` triples (the exact count is
returned). The same ``triples`` always gives the same bytes (a seeded generator, no clock, no hash
order). The shape, per entity ``kr:e{i}``:

- a class: ``k:CLI`` (1 in 200), ``k:ContainerRuntime`` (1 in 250), otherwise ``k:Component``;
- ``rdfs:label`` in English and in Korean (1 in 100 Korean labels contain 노드: the label FILTER);
- ``k:partOf`` another entity, ``k:maintainedBy`` one of 50 communities, a ``skos:definition``;
- a runtime ``k:implements`` ``kr:cri`` (3 in 4) or ``kr:oci``; a CLI ``k:worksWith`` two runtimes
  (the 2-hop join CLI -> runtime -> specification);
- ``kr:crictl`` works with every runtime that implements CRI (the universal query's one answer),
  and has its own labels and definition (the DESCRIBE).

No OWL axioms: kubekg's inference adds nothing, so every server holds exactly these triples.
"""

from __future__ import annotations

import random
from pathlib import Path

K = "https://w3id.org/kubekg/ontology#"
KR = "https://w3id.org/kubekg/resource/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
DEFINITION = "<http://www.w3.org/2004/02/skos/core#definition>"

#: Triples per ordinary entity (type, two labels, partOf, maintainedBy, definition), for sizing.
_PER_ENTITY = 6.0 + 2 / 200 + 1 / 250 + 0.75 / 250
_COMMUNITIES = 50


def _r(name: str) -> str:
    return f"<{KR}{name}>"


def _k(name: str) -> str:
    return f"<{K}{name}>"


def write_graph(path: Path, triples: int, seed: int = 6) -> int:
    """Write about ``triples`` triples as N-Triples to ``path``; return the exact number written."""
    rng = random.Random(seed)
    entities = max(1000, int(triples / _PER_ENTITY))
    runtimes = [i for i in range(entities) if i % 250 == 1]
    cri = [i for i in runtimes if (i // 250) % 4 != 3]
    is_runtime, is_cri = frozenset(runtimes), frozenset(cri)
    lines: list[str] = []
    out = lines.append
    cli, runtime, component = _k("CLI"), _k("ContainerRuntime"), _k("Component")
    part_of, maintained_by, implements, works_with = _k("partOf"), _k("maintainedBy"), _k("implements"), _k("worksWith")
    for i in range(entities):
        s = f"<{KR}e{i}>"
        if i % 200 == 0:
            cls = cli
        elif i in is_runtime:
            cls = runtime
        else:
            cls = component
        out(f"{s} {RDF_TYPE} {cls} .")
        out(f'{s} {LABEL} "entity {i}"@en .')
        ko = f"노드 {i}" if i % 100 == 7 else f"구성 요소 {i}"
        out(f'{s} {LABEL} "{ko}"@ko .')
        out(f"{s} {part_of} <{KR}e{rng.randrange(entities)}> .")
        out(f"{s} {maintained_by} <{KR}community{i % _COMMUNITIES}> .")
        out(f'{s} {DEFINITION} "Synthetic entity number {i}, part of a generated cluster."@en .')
        if cls is runtime:
            spec = "cri" if i in is_cri else "oci"
            out(f"{s} {implements} {_r(spec)} .")
        elif cls is cli:
            for j in rng.sample(runtimes, 2):
                out(f"{s} {works_with} <{KR}e{j}> .")
    crictl = _r("crictl")
    out(f"{crictl} {RDF_TYPE} {cli} .")
    out(f'{crictl} {LABEL} "crictl"@en .')
    out(f'{crictl} {LABEL} "crictl"@ko .')
    out(f"{crictl} {maintained_by} {_r('kubernetes-community')} .")
    out(f'{crictl} {DEFINITION} "crictl inspects and debugs any CRI-compatible container runtime."@en .')
    for j in cri:
        out(f"{crictl} {works_with} <{KR}e{j}> .")
    for spec in ("cri", "oci"):
        out(f"{_r(spec)} {RDF_TYPE} {_k('Specification')} .")
        out(f'{_r(spec)} {LABEL} "{spec.upper()}"@en .')
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)

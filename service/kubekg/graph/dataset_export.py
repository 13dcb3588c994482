"""What a SPARQL store must load to serve kubekg's graph, and the version of that content.

The dataset version is a content hash: the sha256 of the store's quads (default graph and named graphs,
after inference) in sorted N-Quads, so the same data gives the same version on any machine, whatever
order the files were read in. Blank nodes (the ontology's lists) get new labels at every load, so they
all count as one label ``_:b``: a change that only rewires blank nodes is not seen.

:func:`export` writes the quads with one more graph, :data:`DESCRIPTION_GRAPH`, holding that version,
so a store that loaded the file says which data it holds, and which of its named graphs are the data's.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pyoxigraph as ox

from kubekg.graph.namespaces import GRAPH, PREFIXES, SD

#: The named graph of an export that describes the dataset itself (its version).
DESCRIPTION_GRAPH = GRAPH + "service-description"
DATASET = GRAPH + "dataset"
HAS_VERSION = PREFIXES["dcterms"] + "hasVersion"
EXPORT_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


def _content(store: ox.Store) -> list[ox.Quad]:
    described = ox.NamedNode(DESCRIPTION_GRAPH)
    return [q for q in store if q.graph_name != described]


_BLANK = re.compile(r"_:[A-Za-z0-9_.-]+")


def dataset_version(store: ox.Store) -> str:
    """The first 16 hex digits of the sha256 of the store's quads in sorted N-Quads (its description
    graph left out, blank node labels made one)."""
    return _version_of(_content(store))


def _version_of(quads: list[ox.Quad]) -> str:
    digest = hashlib.sha256()
    for line in sorted(_BLANK.sub("_:b", str(q)) for q in quads):
        digest.update(line.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()[:16]


def description_quads(version: str, quads: list[ox.Quad]) -> list[ox.Quad]:
    """The description graph: the version, and each named graph of the data (``sd:namedGraph``, the graph
    its own ``sd:name``), so a store that shows other graphs too can be asked for these alone."""
    dataset, described = ox.NamedNode(DATASET), ox.NamedNode(DESCRIPTION_GRAPH)
    out = [ox.Quad(dataset, ox.NamedNode(HAS_VERSION), ox.Literal(version), described)]
    for graph in sorted({q.graph_name for q in quads if isinstance(q.graph_name, ox.NamedNode)}, key=str):
        out.append(ox.Quad(dataset, ox.NamedNode(SD + "namedGraph"), graph, described))
        out.append(ox.Quad(graph, ox.NamedNode(SD + "name"), graph, described))
    return out


def export(store: ox.Store, out: Path, fmt: str = "nquads") -> tuple[str, int]:
    """Write the store's quads and its version quad to ``out``; returns (version, quads written)."""
    quads = _content(store)
    version = _version_of(quads)  # of the quads just read, not of a second pass over the store
    quads += description_quads(version, quads)
    with open(out, "wb") as f:
        ox.serialize(quads, f, format=EXPORT_FORMATS[fmt], prefixes=PREFIXES if fmt == "trig" else None)
    return version, len(quads)

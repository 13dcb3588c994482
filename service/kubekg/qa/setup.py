"""Assembles the QA engine from a loaded knowledge base: catalogue, embedder, semantic index."""

from __future__ import annotations

import hashlib

from kubekg.graph.catalogue import Catalogue
from kubekg.qa.engine import QAEngine
from kubekg.search.embeddings import Embedder
from kubekg.search.semantic_index import SemanticIndex, build_items


def content_key(kb) -> str:
    """A hash of every loaded file's bytes: the index cache is keyed by it (plus the model)."""
    h = hashlib.sha256()
    for path in kb.files:
        h.update(str(path.name).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def build_qa_engine(kb) -> QAEngine:
    catalogue = Catalogue.build(kb)
    facts = [
        (r["s"].value, r["p"].value, r["o"].value, r["g"].value)
        for r in kb.select(
            """SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } ?g a k:SourceSection
                 FILTER(isIRI(?o) && ?p != rdf:type && ?p != prov:wasDerivedFrom) }"""
        )
    ]
    embedder = Embedder(kb.settings.model, precision=kb.settings.model_precision)
    index = SemanticIndex.load_or_build(
        build_items(catalogue, facts), embedder, kb.settings.index_cache_dir, content_key(kb)
    )
    return QAEngine(kb, catalogue, index, max_question_chars=kb.settings.max_question_chars)

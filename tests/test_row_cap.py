"""The row cap counts rows exactly in every format, whatever the values contain, and cuts cleanly."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from kubekg.sparql.content_negotiation import graph_format, solution_format
from kubekg.sparql.row_cap import count_solutions, write_capped

F = ox.QueryResultsFormat
TRICKY = ['},{"x', '[{"a', "{}", 'quote " and , comma', "line\nbreak\r\n", "<result>", "tab\tand\\", "plain"]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    for i, text in enumerate(TRICKY * 5):
        s.add(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(text)))
    return s


@pytest.mark.parametrize("fmt", [F.JSON, F.XML, F.CSV, F.TSV])
@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s ?o WHERE { ?s ?p ?o }",
        "SELECT ?o WHERE { ?s ?p ?o }",
        "SELECT ?x WHERE { VALUES ?x { UNDEF 1 UNDEF } }",
        "SELECT ?x WHERE { FILTER(false) }",
    ],
)
def test_counts_are_exact_or_unknown(store, fmt, query):
    body = store.query(query).serialize(format=fmt)
    rows = len(list(store.query(query)))
    assert count_solutions(body, fmt) in (rows, None)
    body_all, got, truncated = write_capped(store.query(query), fmt, 1000, lambda: store.query(query))
    assert not truncated and body_all == body


@pytest.mark.parametrize("fmt", [F.JSON, F.XML, F.CSV, F.TSV])
def test_over_the_cap_rows_are_cut_to_a_valid_document(store, fmt):
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    body, rows, truncated = write_capped(store.query(query), fmt, 7, lambda: store.query(query))
    assert truncated and rows == 7
    if fmt == F.CSV:  # lossy, so pyoxigraph does not read it back
        assert len(list(csv.reader(io.StringIO(body.decode(), newline="")))) == 8
    else:
        assert len(list(ox.parse_query_results(body, format=fmt))) == 7
    if fmt == F.JSON:
        assert len(json.loads(body)["results"]["bindings"]) == 7


def test_negotiation_prefers_our_default_on_ties_and_honours_q_values():
    assert solution_format(None).name == "json"
    assert solution_format("*/*").name == "json"
    assert solution_format("text/*").name == "csv"
    assert solution_format("application/json;q=0.2, text/csv;q=0.8").name == "csv"
    assert solution_format("text/turtle") is None
    assert graph_format("*/*").name == "turtle"
    assert graph_format("application/rdf+xml, text/turtle;q=0.5").name == "rdfxml"
    assert graph_format("not a media type") is not None  # an unreadable header counts as none

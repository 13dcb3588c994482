"""Loading: all or nothing, and errors that name the broken file and line."""

from __future__ import annotations

import pytest

from kubekg import DataLoadError, KnowledgeBase
from kubekg.graph.namespaces import INFERRED_GRAPH


def test_bundled_graph_loads_with_every_section_as_a_named_graph(kb):
    graphs = {g.value for g in kb.store.named_graphs()}
    assert INFERRED_GRAPH in graphs
    assert len(graphs - {INFERRED_GRAPH}) >= 10
    assert kb.inferred_triples > 0


def test_broken_turtle_names_file_and_line(tmp_path, bundled_files):
    bad = tmp_path / "broken.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n')
    with pytest.raises(DataLoadError) as err:
        KnowledgeBase.load([*bundled_files, bad])
    message = str(err.value)
    assert "broken.ttl:3" in message
    assert "syntax error" in message


def test_missing_file_is_named(tmp_path):
    with pytest.raises(DataLoadError, match="nothing-here.ttl: no such data file"):
        KnowledgeBase.load([tmp_path / "nothing-here.ttl"])


def test_unknown_file_type_is_refused(tmp_path):
    odd = tmp_path / "facts.xlsx"
    odd.write_text("x")
    with pytest.raises(DataLoadError, match="unknown RDF file type"):
        KnowledgeBase.load([odd])


def test_other_files_replace_the_bundled_graph(tmp_path):
    f = tmp_path / "d.nq"
    f.write_text("<http://ex/a> <http://ex/b> <http://ex/c> <http://ex/g> .\n")
    kb = KnowledgeBase.load([f])
    assert not kb.bundled
    assert [r["s"].value for r in kb.sparql("SELECT ?s WHERE { GRAPH <http://ex/g> { ?s ?p ?o } }")] == ["http://ex/a"]


def test_update_is_not_a_query(kb):
    from kubekg import QueryError

    before = len(kb.store)
    with pytest.raises(QueryError, match="malformed query"):
        kb.sparql("DROP ALL")
    with pytest.raises(QueryError):
        kb.sparql("INSERT DATA { <http://ex/a> <http://ex/b> <http://ex/c> }")
    assert len(kb.store) == before


def test_a_fact_stated_in_two_sections_counts_once(kb):
    """The default graph is the RDF merge of the sections: set semantics, no duplicate rows."""
    from tests.conftest import PREFIXES

    in_graphs = kb.sparql(PREFIXES + "SELECT (COUNT(?g) AS ?n) WHERE { GRAPH ?g { kr:ctr k:purpose ?p } }")
    assert int(next(in_graphs)["n"].value) >= 2  # the table section and ctr's own section both say it
    merged = kb.sparql(PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { kr:ctr k:purpose ?p }")
    assert int(next(merged)["n"].value) == 1

"""Bilingual labels on every entity, and provenance on every fact."""

from __future__ import annotations

from tests.conftest import PREFIXES, iris


def test_every_entity_has_one_label_in_each_language(kb):
    missing = iris(
        kb,
        """SELECT ?x WHERE {
             ?x a ?c . FILTER(STRSTARTS(STR(?x), STR(kr:)))
             FILTER(NOT EXISTS { ?x rdfs:label ?en FILTER(LANG(?en) = "en") }
                 || NOT EXISTS { ?x rdfs:label ?ko FILTER(LANG(?ko) = "ko") }) }""",
    )
    assert not missing


def test_every_class_and_property_is_bilingual_with_phrasings(kb):
    missing = iris(
        kb,
        """SELECT ?x WHERE {
             { ?x a owl:Class } UNION { ?x a owl:ObjectProperty } FILTER(STRSTARTS(STR(?x), STR(k:)))
             FILTER(NOT EXISTS { ?x rdfs:label ?en FILTER(LANG(?en) = "en") }
                 || NOT EXISTS { ?x rdfs:label ?ko FILTER(LANG(?ko) = "ko") }
                 || NOT EXISTS { ?x skos:definition ?d }) }""",
    )
    assert not missing
    unphrased = iris(
        kb,
        """SELECT ?x WHERE { ?x a owl:ObjectProperty
             FILTER(NOT EXISTS { ?x k:askObject ?a FILTER(LANG(?a) = "ko") }
                 || NOT EXISTS { ?x k:askSubject ?b FILTER(LANG(?b) = "en") }) }""",
    )
    assert not unphrased


def test_every_fact_about_an_entity_comes_from_a_source_section(kb):
    """Each asserted triple about a kr: entity sits in a named graph that is a section with PROV metadata."""
    unsourced = kb.sparql(
        PREFIXES
        + """SELECT ?s ?p ?o WHERE {
               ?s ?p ?o . FILTER(STRSTARTS(STR(?s), STR(kr:)) && ?s != kr:note)
               FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } ?g a k:SourceSection ; prov:wasDerivedFrom kr:note }
               FILTER NOT EXISTS { GRAPH kg:inferred { ?s ?p ?o } } } LIMIT 20"""
    )
    rows = [(r["s"].value, r["p"].value, str(r["o"])) for r in unsourced]
    assert rows == []


def test_sections_have_passages_in_both_languages(kb):
    rows = list(
        kb.sparql(
            PREFIXES
            + """SELECT ?g (COUNT(?en) AS ?ne) (COUNT(?ko) AS ?nk) WHERE {
                   GRAPH ?g { ?s ?p ?o } ?g a k:SourceSection .
                   OPTIONAL { ?g k:passage ?en FILTER(LANG(?en) = "en") }
                   OPTIONAL { ?g k:passage ?ko FILTER(LANG(?ko) = "ko") } } GROUP BY ?g"""
        )
    )
    assert len(rows) >= 10
    assert all(int(r["ne"].value) > 0 and int(r["nk"].value) > 0 for r in rows)

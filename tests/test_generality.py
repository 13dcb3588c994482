"""A relation added in Turtle alone (phrasings + one fact) is answerable in both languages."""

from __future__ import annotations

from kubekg import KnowledgeBase
from kubekg.settings import Settings

NEW_RELATION = """\
@prefix k: <https://w3id.org/kubekg/ontology#> .
@prefix kr: <https://w3id.org/kubekg/resource/> .
@prefix kg: <https://w3id.org/kubekg/graph/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .

k:writtenIn a owl:ObjectProperty ;
    rdfs:label "written in"@en , "구현 언어"@ko ;
    skos:definition "The programming language the tool is written in."@en , "도구를 작성한 프로그래밍 언어."@ko ;
    k:statement "{s} is written in {o}."@en , "{s}는 {o}로 작성되었다."@ko ;
    k:askObject "which programming language is {s} written in?"@en , "what language is {s} implemented in?"@en ,
        "{s}는 어떤 프로그래밍 언어로 작성됐어?"@ko , "{s}의 구현 언어는?"@ko ;
    k:askSubject "which tools are written in {o}?"@en , "{o}로 작성된 도구는?"@ko .

kg:crictl {
    kr:go a k:Concept ;
        rdfs:label "Go"@en , "Go 언어"@ko ; skos:altLabel "golang"@en , "고랭"@ko ;
        skos:definition "A programming language."@en , "프로그래밍 언어."@ko ;
        prov:wasDerivedFrom kg:crictl .
    kr:crictl k:writtenIn kr:go .
}
"""


def test_a_new_relation_is_answered_with_no_code_change(tmp_path, bundled_files, trained_cache):
    extra = tmp_path / "written-in.trig"
    extra.write_text(NEW_RELATION)
    # the ranker is trained again, on fewer generated questions than the service's (quicker, and the new
    # relation is answered by what it learns of phrasings in general); only new texts are encoded
    settings = Settings(cache_dir=trained_cache, ranker_questions=400)
    kb = KnowledgeBase.load([*bundled_files, extra], settings=settings, index=True)
    for question in ("What programming language is crictl written in?", "crictl은 어떤 언어로 작성됐어?"):
        answer = kb.ask(question)
        assert not answer.abstained, (question, answer.answer)
        assert [a.iri for a in answer.answers] == ["https://w3id.org/kubekg/resource/go"], question
        assert "writtenIn" in answer.sparql
    inverse = kb.ask("Which tools are written in golang?")
    assert [a.iri for a in inverse.answers] == ["https://w3id.org/kubekg/resource/crictl"]
    # the ontology's unrecorded k:programmingLanguage is said as the added relation is ("{s} is written in
    # {o}."): for crictl, which now has a value, the graph no longer claims not to know
    engine = kb._qa
    unrecorded = [
        c.key[2]
        for c in engine.candidates(engine.query("crictl은 어떤 언어로 작성됐어?"))
        if c.kind == "unrecorded" and c.key[1].endswith("/crictl")
    ]
    assert not [r for r in unrecorded if r.endswith("#programmingLanguage")]


def test_a_new_relation_composes_into_two_hop_readings(tmp_path, bundled_files, trained_cache):
    # go <-writtenIn- crictl -maintainedBy-> Kubernetes community: a path through the new relation
    extra = tmp_path / "written-in.trig"
    extra.write_text(NEW_RELATION)
    settings = Settings(cache_dir=trained_cache, qa_engine="learned", ranker_questions=200)
    kb = KnowledgeBase.load([*bundled_files, extra], settings=settings, index=True)
    engine = kb._qa
    query = engine.query("Which community maintains the tool written in golang?")
    paths = [
        c
        for c in engine.candidates(query)
        if c.kind == "two_hop" and c.key[2].endswith("#writtenIn") and c.key[4].endswith("#maintainedBy")
    ]
    assert paths, "the new relation takes part in two-hop readings"
    answer = paths[0].compose(0.9)
    assert [a.iri for a in answer.answers] == ["https://w3id.org/kubekg/resource/kubernetes-community"]
    assert "writtenIn" in answer.sparql and "maintainedBy" in answer.sparql

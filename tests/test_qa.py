"""Question answering through the general pipeline: every shape, both languages, the answer contract."""

from __future__ import annotations

import pytest

from kubekg import KnowledgeBase
from kubekg.answer_models import Answer
from kubekg.errors import QuestionError
from kubekg.qa.entity_linker import Mention
from kubekg.qa.mentions import coordinated

KR = "https://w3id.org/kubekg/resource/"


def iris_of(answer: Answer) -> set[str]:
    return {a.iri.removeprefix(KR) for a in answer.answers if a.iri}


CASES = [
    # (question, shape, expected answers: entity names, or a label for yes/no and counts)
    ("Which CLI works with all CRI runtimes?", "universal", {"crictl"}),
    ("모든 CRI 런타임과 호환되는 CLI는?", "universal", {"crictl"}),
    ("What does etcd do?", "objects", {"resp-store-cluster-information", "resp-store-key-value-data"}),
    ("etcd는 무슨 일을 해?", "objects", {"resp-store-cluster-information", "resp-store-key-value-data"}),
    ("Which component stores cluster data?", "subjects", {"etcd"}),
    ("클러스터 정보는 어디에 저장돼?", "subjects", {"etcd"}),
    (
        "Which components run on the master node?",
        None,
        {"kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager"},
    ),
    ("What are the CLIs?", "members", {"ctr", "nerdctl", "crictl"}),
    ("Who maintains crictl?", "objects", {"kubernetes-community"}),
    ("crictl은 누가 관리해?", "objects", {"kubernetes-community"}),
    ("In which version was dockershim removed?", "objects", {"k8s-v1-24"}),
    ("What is CRI?", "definition", {"cri"}),
    ("CRI란?", "definition", {"cri"}),
]


@pytest.mark.parametrize("core", ["kb", "rules_kb"], ids=["learned", "rules"])
@pytest.mark.parametrize(("question", "shape", "expected"), CASES, ids=[c[0] for c in CASES])
def test_answers(request, core, question, shape, expected):
    answer = request.getfixturevalue(core).ask(question)
    assert not answer.abstained, answer.answer
    assert iris_of(answer) == expected
    # the shape is how the rules core reads the question; the learned core may read it another right way
    # ("which CLI works with all CRI runtimes?": the CLIs that work with CRI's implementations)
    if shape and core == "rules_kb":
        assert answer.shape == shape


@pytest.mark.parametrize(
    ("question", "label"),
    [
        ("Does nerdctl support lazy pulling?", "yes"),
        ("nerdctl은 lazy pulling을 지원해?", "yes"),
        ("Does ctr support lazy pulling?", "no"),
        ("Is containerd CRI-compatible?", "yes"),
        ("Is Docker CRI-compatible?", "no"),
        # asked the other way round: yes when the fact does not hold
        ("Can dockershim still be used with Kubernetes v1.24?", "no"),
        ("쿠버네티스 1.24에서도 dockershim 쓸 수 있어?", "no"),
        ("Was dockershim removed in Kubernetes 1.24?", "yes"),
        ("Is dockershim still supported after v1.24?", "no"),  # "still supported": the removal asked the other way
        ("Is containerd still part of Docker today?", "no"),  # of a fact that says "formerly part of"
        ("containerd는 지금도 docker의 일부야?", "no"),
        # two names side by side, without a particle: nerdctl and the feature it has, not one name
        ("너드씨티엘 도커 컴포즈 지원함?", "yes"),
        # every member of a class, checked one by one
        ("Do all node components run on the master node?", "no"),
        # the ranker's call between "every member hosted?" and "is the node itself one?" is close (0.84 against
        # 0.88): generators v121, v132, v141 and v144 read it right, v128, v133 and v143 wrong (0.930 against
        # 0.931)
        # a near tie with the check "is the master node a control plane component?" (0.902 against 0.894 on
        # v150): read right on v144, wrong on v143 and v150
        pytest.param(
            "Does the master node host every control plane component?",
            "yes",
            marks=pytest.mark.xfail(strict=True, reason="a known miss of the learned core on v150 (a near tie)"),
        ),
        ("모든 컨트롤 플레인 컴포넌트가 마스터 노드에서 실행돼?", "yes"),
        ("How many control-plane components are there?", "4"),
        ("컨트롤 플레인 컴포넌트는 몇 개야?", "4"),
        ("컨트롤 플레인 컴포넌트가 몇 개야?", "4"),  # never a definition, however the class is asked about
        ("마스터 노드 구성요소는 몇 개 나와 있나요?", "4"),  # a count said as what the note lists
        # a check of how a tool is installed names the method, whichever words say it; v143 checks the method
        # "need a separate install" links weakly (the bundled one, 0.56) as closely as the one it names
        pytest.param(
            "Does ctr need a separate install?",
            "no",
            marks=pytest.mark.xfail(strict=True, reason="a known miss of the learned core since v143 (a near tie)"),
        ),
        ("crictl은 별도로 설치해야 하나요?", "yes"),
    ],
)
def test_yes_no_and_counts(kb, question, label):
    answer = kb.ask(question)
    assert [a.label for a in answer.answers] == [label]
    assert answer.shape in {"yesno", "count"}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("containerd 커뮤니티가 관리하는 CLI 전부 골라 주세요", {"ctr", "nerdctl"}),
        ("Can you list the CLIs the containerd community maintains?", {"ctr", "nerdctl"}),
        ("crictl 말고 containerd용 CLI는요?", {"ctr", "nerdctl"}),
    ],
)
def test_a_request_asks_for_things_not_for_a_yes(kb, question, expected):
    answer = kb.ask(question)
    assert answer.shape != "yesno" and iris_of(answer) == expected


@pytest.mark.parametrize("question", ["ctr vs nerdctl", "ctr와 nerdctl의 차이는?"])
def test_comparison_puts_facts_side_by_side(kb, question):
    answer = kb.ask(question)
    assert answer.shape == "compare"
    assert iris_of(answer) == {"ctr", "nerdctl"}
    assert "ctr" in answer.answer and "nerdctl" in answer.answer
    subjects = {e.subject.removeprefix(KR) for e in answer.evidence}
    assert subjects == {"ctr", "nerdctl"}


def test_answer_object_carries_its_evidence(rules_kb):
    kb = rules_kb  # its universal reading: the CLIs that work with every CRI runtime, one by one
    answer = kb.ask("Which CLI works with all CRI runtimes?")
    assert answer.lang == "en" and 0 < answer.confidence <= 1
    assert answer.sparql and "FILTER NOT EXISTS" in answer.sparql
    rerun = {r["answer"].value for r in kb.sparql(answer.sparql)}
    assert rerun == {KR + "crictl"}
    assert answer.evidence and all(e.subject == KR + "crictl" for e in answer.evidence)
    assert any(e.inferred for e in answer.evidence)  # crictl worksWith containerd is entailed
    assert answer.sources and all(s.lang == "en" and s.text for s in answer.sources)


def test_what_is_asks_for_the_definition_of_every_defined_thing_whichever_particle_follows(kb):
    # "crictl은 뭐야" and "crictl는 뭐야": people guess how a Latin name is read aloud
    defined = kb.select(
        """SELECT DISTINCT ?x ?name WHERE { ?x skos:definition ?d ; rdfs:label ?name
             FILTER(LANG(?name) = "ko" && STRSTARTS(STR(?x), "https://w3id.org/kubekg/resource/")) }"""
    )
    assert len(defined) >= 40
    misses = []
    for row in defined:
        for question in (f"{row['name'].value}은 뭐야", f"{row['name'].value}는 뭐야?"):
            answer = kb.ask(question)
            if not any(e.predicate.endswith("#definition") and e.subject == row["x"].value for e in answer.evidence):
                misses.append((question, answer.answer[:60]))
    assert misses == []


def test_korean_answer_is_in_korean(kb):
    answer = kb.ask("etcd는 무슨 일을 해?")
    assert answer.lang == "ko"
    assert "클러스터" in answer.answer
    assert all(s.lang == "ko" for s in answer.sources)


def test_sparql_of_an_answer_reproduces_it(kb):
    answer = kb.ask("Who maintains nerdctl?")
    rows = {r["answer"].value for r in kb.sparql(answer.sparql)}
    assert rows == {a.iri for a in answer.answers}


#: Questions the learned core (the default) still gets wrong, most of which the rules core gets right:
#: strict, so a fix shows.
LEARNED_MISS = pytest.param("kb", marks=pytest.mark.xfail(strict=True, reason="a known miss of the learned core"))


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "오늘 날씨 어때?",
        "How do I bake sourdough bread?",
        "비트코인 가격 알려줘",
        # the kind asked for is one the graph knows, but nothing of that kind fits (generators v40 to v93,
        # and v119 on, list the one Kubernetes version the graph has, leaving "containerd" unexplained)
        pytest.param(
            "Which Kubernetes version added containerd?",
            marks=pytest.mark.xfail(strict=True, reason="a known miss of the learned core since v119"),
        ),
    ],
)
def test_out_of_scope_abstains_and_points_to_passages(kb, question):
    answer = kb.ask(question)
    assert answer.abstained
    assert answer.answers == [] and answer.sparql is None
    assert answer.sources  # the nearest passages instead of a guess


@pytest.mark.parametrize(
    ("question", "label", "anchor"),
    [
        ("What is the maximum number of pods a node can run?", "upper limit", "pod"),
        ("파드는 노드당 최대 몇 개까지 돼?", "최대 한도", "파드"),
        ("replication controller 기본 복제본 개수가 몇 개야?", "기본값", "레플리케이션 컨트롤러"),
        # a count of what there is still outranks the limit when the question matches the count's phrasings
        # better than the limit's (generator v120: "2", the cluster's two nodes)
        pytest.param(
            "How many nodes can a Kubernetes cluster have at most?",
            "upper limit",
            "Kubernetes cluster",
            marks=pytest.mark.xfail(strict=True, reason="a known miss of the learned core"),
        ),
    ],
)
def test_a_limit_or_default_the_graph_does_not_record_abstains_and_says_what_it_knows(kb, question, label, anchor):
    # the ontology declares these attributes with their phrasings and no values (k:upperLimit, k:defaultValue):
    # no count or list of what the question names answers them
    answer = kb.ask(question)
    assert answer.abstained and answer.answers == []
    assert label in answer.answer and anchor in answer.answer


@pytest.mark.parametrize("question", ["", "   ", "\n\t", "x" * 1001])
def test_empty_or_too_long_is_a_clear_error(kb, question):
    with pytest.raises(QuestionError) as err:
        kb.ask(question)
    assert "empty" in str(err.value) or "limit" in str(err.value)


@pytest.mark.parametrize(
    "question",
    [
        '"} DROP ALL; #',
        "SELECT * WHERE { ?s ?p ?o }",
        "🚀🔥🐳",
        "etcd\x00\x07 does\x1b what?",
        "kubelet는 what을 manage해?",
        "<script>alert(1)</script>",
        "'; DELETE WHERE { ?s ?p ?o } #",
    ],
)
def test_odd_input_gives_an_answer_object_and_never_touches_the_query(kb, question):
    before = len(kb.store)
    answer = kb.ask(question)
    assert isinstance(answer, Answer)
    assert answer.abstained or answer.answers
    if answer.sparql:
        assert question.strip() not in answer.sparql
        for fragment in ("DROP", "DELETE", "<script>"):
            assert fragment not in answer.sparql
    assert len(kb.store) == before


def test_search_returns_scored_passages_in_both_languages(kb):
    for text, lang in [("where is cluster state stored", "en"), ("클러스터 정보 저장", "ko")]:
        hits = kb.search(text, k=4)
        assert 1 <= len(hits) <= 4
        assert all(h.lang == lang and 0 <= h.score <= 1 and h.id for h in hits)
        assert hits == sorted(hits, key=lambda h: -h.score)
        assert any(h.section_id for h in hits)
        assert any("etcd" in h.text or any(e.endswith("/etcd") for e in h.entities) for h in hits)


def test_search_k_is_bounded(kb):
    with pytest.raises(QuestionError):
        kb.search("etcd", k=0)


def test_load_without_index_builds_it_on_first_question(bundled_files, trained_cache):
    from kubekg.settings import Settings

    assert not list(trained_cache.glob("*.npy")), "the index is not in this cache folder"
    kb = KnowledgeBase.load(bundled_files, settings=Settings(cache_dir=trained_cache), index=False)
    assert kb.index_state == "not-built"
    assert not kb.ask("What is etcd?").abstained
    assert kb.index_state == "ready"


def test_korean_particles_fit_the_words_they_follow():
    from kubekg.qa.answer_writer import fill

    assert (
        fill("{s}는 {o}와 함께 동작한다.", "crictl", "모든 CRI 컨테이너 런타임")
        == "crictl은 모든 CRI 컨테이너 런타임과 함께 동작한다."
    )
    assert fill("{s}는 {o}에서 실행된다.", "etcd", "마스터 노드") == "etcd는 마스터 노드에서 실행된다."
    assert fill("{s}를 {o}로 쓴다", "etcd", "파일") == "etcd를 파일로 쓴다"  # ㄹ takes 로
    assert fill("{s}를 {o}로 쓴다", "nerdctl", "명령") == "nerdctl을 명령으로 쓴다"
    assert (
        fill("{s}는 {o}의 지시를 따른다.", "kubelet", "kube-apiserver") == "kubelet은 kube-apiserver의 지시를 따른다."
    )
    assert fill("{s}는 {o}로 쓴다", "ctr", "kubelet") == "ctr는 kubelet으로 쓴다"  # a final ㅅ takes 으로


def test_an_english_verb_agrees_with_a_list_of_answers(kb):
    from kubekg.qa.answer_writer import plural_verb

    assert plural_verb("{s} is meant for {o}.", "s") == "{s} are meant for {o}."
    assert plural_verb("{s} works with {o}.", "s") == "{s} work with {o}."
    assert plural_verb("{s} has the node {o}.", "s") == "{s} have the node {o}."
    assert plural_verb("{s} can be used without {o}.", "s") == "{s} can be used without {o}."
    assert plural_verb("{s} is meant for {o}.", "o") == "{s} is meant for {o}."  # the list is not first
    answer = kb.ask("Which CLIs are meant for debugging?")
    assert iris_of(answer) >= {"crictl", "ctr"}, answer.answer
    assert " are meant for " in answer.answer, answer.answer


@pytest.mark.parametrize("core", ["kb", "rules_kb"], ids=["learned", "rules"])
def test_a_second_named_entity_narrows_the_answers(request, core):
    kb = request.getfixturevalue(core)
    # kubelet manages containers and kube-proxy; only kube-proxy is related to the worker node
    unconstrained = kb.ask("What does the kubelet manage?")
    assert iris_of(unconstrained) == {"container", "kube-proxy"}
    answer = kb.ask("What on the worker node does the kubelet manage?")
    assert iris_of(answer) == {"kube-proxy"}
    assert "?linkedTo" in answer.sparql
    assert {r["answer"].value.removeprefix(KR) for r in kb.sparql(answer.sparql)} == {"kube-proxy"}
    links = {(e.subject.removeprefix(KR), e.object.removeprefix(KR)) for e in answer.evidence}
    assert ("kubelet", "kube-proxy") in links and ("kube-proxy", "worker-node") in links
    assert "worker node" in answer.answer


@pytest.mark.parametrize(
    ("question", "left_out", "kept"),
    [
        # the cue's own words reach only the last of the things listed before it
        pytest.param(
            "kube-apiserver, kube-scheduler랑 etcd 말고 마스터 노드에 있는 건?",
            {"kube-apiserver", "kube-scheduler", "etcd"},
            "kube-controller-manager",
            # a two-hop reading from kube-apiserver, left out, 0.564 against the list without the three, 0.544
            marks=pytest.mark.xfail(strict=True, reason="a known miss of the learned core on v154 (a near tie)"),
        ),
        (
            "암호화된 컨테이너 이미지하고 lazy pulling 빼고 nerdctl이 지원하는 기능은?",
            {"feature-encrypted-images", "feature-lazy-pulling"},
            "feature-compose",
        ),
    ],
)
def test_korean_leaves_out_every_thing_listed_before_the_cue(learned_kb, question, left_out, kept):
    answer = learned_kb.ask(question)
    assert kept in iris_of(answer) and not left_out & iris_of(answer)
    assert {r["answer"].value.removeprefix(KR) for r in learned_kb.sparql(answer.sparql)} == iris_of(answer)


def test_the_group_chosen_from_is_the_kind_asked_for(learned_kb):
    # the node's controllers run there too, but they are controllers, not components
    answer = learned_kb.ask("마스터 노드 구성요소 중에서 etcd를 빼면 뭐가 남나요?")
    assert iris_of(answer) == {"kube-apiserver", "kube-scheduler", "kube-controller-manager"}
    assert {r["answer"].value.removeprefix(KR) for r in learned_kb.sparql(answer.sparql)} == iris_of(answer)


def test_things_listed_together_are_found_by_what_joins_them():
    def m(iri, start, end):
        return Mention(iri, False, start, end, 1.0, True)

    def iris(found):
        return {x.iri for x in found}

    q = "lazy pulling이랑 P2P 이미지 배포 말고 뭐 있어?"
    lazy, p2p = m("lazy", 0, 12), m("p2p", 15, 26)
    assert iris(coordinated(q, [lazy, p2p], [p2p])) == {"lazy", "p2p"}
    # a name that merely stands before another (no 이랑/하고/와/, between) is not listed with it
    q2 = "containerd lazy pulling 말고 뭐 있어?"
    assert iris(coordinated(q2, [m("containerd", 0, 10), m("lazy", 11, 23)], [m("lazy", 11, 23)])) == {"lazy"}
    # the same name said earlier, in another list, brings nothing listed beside it there
    q3 = "ctr이랑 nerdctl 중에 nerdctl 말고 뭐가 있어?"
    ctr, first, second = m("ctr", 0, 3), m("nerdctl", 6, 13), m("nerdctl", 17, 24)
    assert iris(coordinated(q3, [ctr, first, second], [second])) == {"nerdctl"}


CONTAINERD_VIA_CRI = "Does containerd connect to Kubernetes via CRI?"


@pytest.mark.parametrize(
    ("core", "question", "label", "fact"),
    [
        # the learned core checks "containerd works directly with Kubernetes", true but not through CRI
        pytest.param(
            "kb", CONTAINERD_VIA_CRI, "yes", ("containerd", "cri"), marks=LEARNED_MISS.marks, id="learned-containerd"
        ),
        pytest.param("rules_kb", CONTAINERD_VIA_CRI, "yes", ("containerd", "cri"), id="rules-containerd"),
        pytest.param("kb", "rkt는 CRI를 통해 쿠버네티스에 연결돼?", "yes", ("rkt", "cri"), id="learned-rkt"),
        pytest.param("rules_kb", "rkt는 CRI를 통해 쿠버네티스에 연결돼?", "yes", ("rkt", "cri"), id="rules-rkt"),
    ],
)
def test_a_yes_no_question_through_a_named_means_checks_that_means(request, core, question, label, fact):
    answer = request.getfixturevalue(core).ask(question)
    assert [a.label for a in answer.answers] == [label]
    if fact:
        assert any((e.subject.removeprefix(KR), e.object.removeprefix(KR)) == fact for e in answer.evidence)


@pytest.mark.parametrize("core", ["kb", "rules_kb"], ids=["learned", "rules"])
def test_a_yes_no_through_a_means_that_does_not_hold_says_no(request, core):
    answer = request.getfixturevalue(core).ask("Does Docker work with Kubernetes through the CRI?")
    assert [a.label for a in answer.answers] == ["no"]


def test_a_korean_no_reads_as_a_sentence(kb):
    answer = kb.ask("ctr은 lazy pulling을 지원해?")
    assert answer.answers[0].label == "no"
    assert ".가" not in answer.answer and answer.answer.startswith("아니요.")


def test_a_no_about_every_member_names_those_it_fails_for(kb):
    answer = kb.ask("Do all node components run on the master node?")
    assert answer.answers[0].label == "no"
    assert "kubelet" in answer.answer and "ASK" in answer.sparql and "?setClass" in answer.sparql
    assert bool(kb.sparql(answer.sparql)) is False


def test_evidence_labels_are_in_the_answers_language(kb):
    korean = kb.ask("쿠블렛은 누구 지시를 받아?")
    assert korean.lang == "ko" and korean.evidence
    assert korean.evidence[0].predicate_label == "지시를 받는 대상"  # the relation's @ko label
    english = kb.ask("Who gives kubelet instructions?")
    assert english.evidence[0].predicate_label == "takes instructions from"


@pytest.mark.parametrize(
    ("question", "command"),
    [
        # from generator v41 the learned core answered these two with another reading of crictl (its
        # features, its other commands); the first is right again since v55, the second since v74: Korean
        # task questions are the class that retrains move most
        ("crictl로 컨테이너 로그 보고 싶은데 뭐 치면 돼?", "cmd-crictl-logs"),
        ("crictl로 이미지 받고 싶은데 뭐 쳐야 돼?", "cmd-crictl-pull"),
        ("Which command lists the pods with crictl?", "cmd-crictl-pods"),
    ],
)
def test_a_task_gets_the_one_command_that_does_it_not_all_of_the_clis(kb, question, command):
    answer = kb.ask(question)
    assert iris_of(answer) == {command}, answer.answer

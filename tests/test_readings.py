"""Readings as the learned core enumerates them: each can be said as a question in both languages
(from the ontology's phrasings), and a list can be narrowed to the answer the question describes."""

from __future__ import annotations

import pytest

from kubekg.qa.answer_writer import with_only
from kubekg.qa.phrasing import canonical, describe
from kubekg.qa.readings import KINDS
from kubekg.search.semantic_index import PLACEHOLDER
from kubekg.search.text_normalize import detect_language

KR = "https://w3id.org/kubekg/resource/"
K = "https://w3id.org/kubekg/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

QUESTIONS = [
    "What does kubelet do?",
    "How many components run on the master node?",
    "Is etcd part of the master node?",
    "Is containerd the only runtime nerdctl supports?",
    "Do all CLIs come from the containerd community?",
    "Which CLIs are not meant for debugging?",
    "Besides etcd, which components run on the master node?",
    "ctr or nerdctl: which one is for general use?",
    "On which node does the component that schedules containers run?",
    "Compare ctr and nerdctl.",
    "When was crictl released?",
    "etcd가 뭐야?",
    "워커 노드에 있는 컴포넌트는?",
    "What on the worker node does the kubelet manage?",
]


@pytest.fixture(scope="module")
def engine(learned_kb):
    return learned_kb.prepare()._qa


@pytest.fixture(scope="module")
def readings(engine):
    out = []
    for q in QUESTIONS:
        query = engine.query(engine.check(q))
        out += engine.candidates(query)
    return out


def test_the_questions_reach_most_kinds_of_reading(readings):
    seen = {c.kind for c in readings}
    assert len(seen) >= len(KINDS) - 3, set(KINDS) - seen


def test_every_reading_is_said_in_both_languages_with_its_anchor(engine, readings):
    for c in readings:
        said = canonical(c.key, engine.catalogue)
        assert set(said) == {"en", "ko"}
        assert all(text.strip() and "{" not in text for text in said.values()), (c.key, said)
        anchor = c.key[1]
        if c.kind not in ("compare", "universal", "two_hop") and anchor in engine.catalogue.terms:
            for lang, text in said.items():
                assert engine.catalogue.label(anchor, lang) in text, (c.key, lang, text)


def test_a_narrowed_list_says_what_narrowed_it(engine, readings):
    # "What on the worker node does the kubelet manage?": the things the kubelet manages, related to the
    # worker node; the reading said without the node would read as a plain list
    narrowed = [c for c in readings if c.features.get("narrowed") and c.kind in ("objects", "subjects", "members")]
    assert narrowed
    for c in narrowed:
        (near,) = [k[1] for k in c.key if isinstance(k, tuple)]
        for lang, text in canonical(c.key, engine.catalogue).items():
            assert engine.catalogue.label(near, lang) in text, (c.key, text)


def test_a_thing_described_by_where_another_runs_reads_as_english(engine):
    runs_on = engine.catalogue.relations[K + "runsOn"]
    assert describe(runs_on, "object", "kubelet", "en") == "the thing kubelet runs on"
    assert describe(runs_on, "object", "kubelet", "en", noun="node") == "the node kubelet runs on"


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Who maintains the CLI that works with every CRI runtime?", "Who maintains {}?"),
        ("who maintains the CLI nerdctl improves on?", "who maintains {}?"),
        ("파드를 인식하는 CLI는 누가 개발했어?", "{}는 누가 개발했어?"),
        # a clause opened by its own subject; a Korean past or future modifier on any verb
        ("What is the goal of the standard a runtime has to follow?", "What is the goal of {}?"),
        ("도커에서 분리되어 나온 런타임의 기본 CLI는 뭐야?", "{}의 기본 CLI는 뭐야?"),
        ("컨테이너 런타임 엔진 CLI는 뭐야?", None),
        ("다른 CLI는 뭐가 있어?", None),
        # a name's topic particle opens no clause; a question about the kind itself describes nothing
        ("kube-apiserver는 클러스터에서 무슨 역할을 해?", None),
        ("Which CLI works with every CRI runtime?", None),
        # a question that opens with the thing it describes, then points back at it
        ("The CLI that supports Docker Compose - what is its purpose?", "what is {}'s purpose?"),
        ("The CLI that lists pods, who made it?", "who made {}?"),
        ("kube-proxy runs on a certain type of node. What is that node's role?", "What is {}'s role?"),
        ("Docker Compose 지원하는 CLI 있잖아, 그거 용도가 뭐야?", "{} 용도가 뭐야?"),
        ("CRI가 요구하는 표준이 있잖아, 거기서 이미지 방식을 정하는 스펙은?", "{}에서 이미지 방식을 정하는 스펙은?"),
        # a kind inside the clause (its object) is not the thing described
        ("컨테이너를 올릴 알맞은 노드를 찾아주는 컴포넌트는 어떤 노드에서 동작해?", "{}는 어떤 노드에서 동작해?"),
        # a noun that names no kind heads a description too, unless all that is asked is what it is
        ("On which node does the thing that picks a node for new containers run?", "On which node does {} run?"),
        # after "does", the verb that ends the question (and its preposition) is asked about the thing
        ("Which community does the CLI that supports Docker Compose come from?", "Which community does {} come from?"),
        ("Where does the component that kube-apiserver pulls status reports from run?", "Where does {} run?"),
        # a question that opens with the thing it describes and asks from the verb before its question word
        ("The component that picks a node for new containers runs on which node?", "{} runs on which node?"),
        ("The CLI that comes with containerd is meant for what purpose?", "{} is meant for what purpose?"),
        ("The controller that onboards new nodes also deals with what?", "{} also deals with what?"),
        (
            "The component kube-apiserver pulls status reports from manages which node component?",
            "{} manages which node component?",
        ),
        ("The tool nerdctl supports which features?", None),
        ("The CLI that lists pods when debugging is maintained by whom?", "{} is maintained by whom?"),
        # a verb in the past tense asks too, and a participle that does not end in -ed opens a description
        (
            "The thing that kept Docker working outside of CRI stopped being supported in which version?",
            "{} stopped being supported in which version?",
        ),
        (
            "What limitation does the debugging CLI built by the Kubernetes community have?",
            "What limitation does {} have?",
        ),
        ("The CLI made for debugging is maintained by whom?", "{} is maintained by whom?"),
        # a kind qualified by a thing named before it, that is not a name of one of its members
        ("Which runtime does the general-purpose CLI work with?", "Which runtime does {} work with?"),
        ("Where does the kube-proxy component run?", None),
        ("The general-purpose CLI is which one?", None),
        ("Which runtime does the nerdctl one work with?", None),  # a noun of no kind only names the thing
        # a clause after the qualified kind is the description
        ("Who maintains the containerd CLI nerdctl improves on?", "Who maintains {}?"),
        ("v1.24에서 지원이 끝난 방식은 원래 어떤 소프트웨어를 지원했어?", "{}은 원래 어떤 소프트웨어를 지원했어?"),
        ("도커에서 분리된거 누가 관리해?", "{} 누가 관리해?"),
        ("kubelet이 하는 게 뭐야?", None),
        ("What is the thing that stores cluster data?", None),
        ("Is nerdctl the only one that supports encrypted images?", None),
        # "it" after a plain sentence may point at anything it names; a comma after no clause turns nothing
        ("Is kube-proxy a node component, and does it run on the master?", None),
        ("What is crictl? Is it a CLI?", None),
    ],
)
def test_what_a_question_asks_about_a_thing_it_describes(engine, question, asks):
    query = engine.query(engine.check(question))
    assert query.outer == (asks.format(PLACEHOLDER) if asks else None)


def test_a_name_inside_a_paraphrased_anchor_is_explained_in_its_plural_or_possessive_form(engine):
    # "container's" names the container that cmd-crictl-logs's own names speak of ("show container logs")
    from kubekg.qa.entity_linker import Mention

    q = "How do I check a container's logs with crictl?"
    start = q.index("container's")
    container = Mention(KR + "container", False, start, start + len("container's"), 1.0, True)
    logs = Mention(KR + "cmd-crictl-logs", False, q.index("logs"), len(q) - 1, 0.9, False)
    assert engine.explainer.explained_by(q, container, logs)
    etcd = Mention(KR + "etcd", False, 0, len("etcd's"), 1.0, True)
    assert not engine.explainer.explained_by("etcd's logs", etcd, logs)


def test_the_thing_in_the_middle_is_the_one_whose_fact_fits_its_description(engine):
    query = engine.query(engine.check("On which node does the component that stores cluster information run?"))
    hops = [c for c in engine.candidates(query) if c.kind == "two_hop" and not c.features["middle_chosen"]]
    best = max(hops, key=lambda c: c.features["middle_sim"])
    assert engine.facts.step(best.key[2], best.key[1], best.key[3]) == {KR + "etcd"}
    assert best.features["middle_lead"] > 0


@pytest.mark.parametrize(
    "question",
    [
        "Who maintains the CLI that gets installed along with containerd?",
        "containerd 깔 때 같이 설치되는 CLI는 어느 커뮤니티가 관리해?",
    ],
)
def test_two_hops_may_go_through_the_one_middle_the_question_describes(engine, learned_kb, question):
    # containerd works with three CLIs; "installed along with containerd" describes ctr alone
    query = engine.query(engine.check(question))
    hops = [
        c
        for c in engine.candidates(query)
        if c.kind == "two_hop" and c.key[1:4] == (KR + "containerd", K + "worksWith", "subject")
    ]
    through = [c for c in hops if c.key[4:6] == (K + "maintainedBy", "object") and c.features["middle_chosen"]]
    assert len(through) == 1 and through[0].key[6] == ("via", KR + "ctr")
    one = through[0]
    assert one.answers == {KR + "containerd-community"}
    assert any(c.answers > one.answers and not c.features["middle_chosen"] for c in hops)  # through all three
    answer = one.compose(0.9)  # its SPARQL binds the middle
    assert (
        f"<{KR}ctr>" in answer.sparql and {r["answer"].value for r in learned_kb.sparql(answer.sparql)} == one.answers
    )
    assert "ctr" in canonical(one.key, engine.catalogue)["en"]


def test_no_middle_is_chosen_when_the_question_describes_no_thing(engine):
    query = engine.query(engine.check("Who maintains containerd's CLIs?"))
    assert query.described is None
    assert not any(c.features.get("middle_chosen") for c in engine.candidates(query))


def test_a_reading_that_returns_the_described_thing_itself_is_marked(engine):
    query = engine.query(engine.check("Who maintains the CLI that works with every CRI-compatible runtime?"))
    clis = {KR + "crictl", KR + "ctr", KR + "nerdctl"}
    flags = {c.answers: c.features.get("answers_described", 0.0) for c in engine.candidates(query) if c.answers}
    assert flags[frozenset([KR + "crictl"])] == 1.0
    assert all(flag == 0.0 for answers, flag in flags.items() if not answers <= clis)


def test_a_lookup_that_returns_what_a_kindless_description_describes_is_marked(engine):
    # "the way support ended for in v1.24": the lookup of what v1.24 removed is the thing described, which a
    # two-hop reading goes through to what the question asks about it
    query = engine.query(engine.check("v1.24에서 지원이 끝난 방식은 원래 어떤 소프트웨어를 지원했어?"))
    assert query.described is not None and query.described.kind == ""
    candidates = engine.candidates(query)
    first_hops = {c.key[1:4] for c in candidates if c.kind == "two_hop"}
    lookups = [c for c in candidates if c.kind in ("objects", "subjects")]
    removed = [c for c in lookups if c.key[1:4] == (KR + "k8s-v1-24", K + "removedIn", "subject")]
    assert removed and all(c.features["answers_described"] == 1.0 for c in removed)
    assert all(c.features["answers_described"] == float(c.key[1:4] in first_hops) for c in lookups)


def test_a_value_the_question_offers_to_check_is_no_word_a_lookup_may_ignore(engine):
    # "nerdctl 디버깅용이야?" names a purpose: the lookup of nerdctl's purpose leaves it as a rival answer
    query = engine.query(engine.check("nerdctl 디버깅용이야?"))
    lookups = [c for c in engine.candidates(query) if c.kind == "objects" and c.key[2] == K + "purpose"]
    assert lookups and all(c.features["names_rival"] == 1.0 for c in lookups)
    query = engine.query(engine.check("nerdctl의 용도는 뭐야?"))
    lookups = [c for c in engine.candidates(query) if c.kind == "objects" and c.key[2] == K + "purpose"]
    assert lookups and all(c.features["names_rival"] == 0.0 for c in lookups)


def test_an_answer_says_how_it_read_the_question(engine):
    answer = engine.ask("Where does kubelet run?")
    assert not answer.abstained
    assert "kubelet" in answer.understood_as["en"] and answer.understood_as["ko"]
    abstained = engine.ask("Which company created Docker?")
    assert abstained.abstained and abstained.understood_as is None


def test_the_relations_that_give_reasons_or_times_are_those_the_ontology_asks_why_or_when_of(engine):
    reasons, times = engine.vocabulary.answering["why"], engine.vocabulary.answering["when"]
    assert (K + "responsibleFor", "object") in reasons
    assert (K + "formerlyPartOf", "object") not in reasons and (K + "runsOn", "object") not in reasons
    assert (K + "removedIn", "object") in times and (K + "formerlyPartOf", "object") not in times
    words = engine.vocabulary.reason_or_time_words
    assert words("When a node dies, what handles it?", "en") == []
    assert words("containerd는 언제 나왔어?", "ko") == ["when"]
    assert words("kubelet은 언제나 모든 노드에서 실행돼?", "ko") == []  # 언제나: always
    # when to use a thing is its purpose, not a time: a time is not what a purpose says
    assert words("crictl은 언제 써?", "ko") == ["when to use"] and words("crictl 처음 나온 게 언제야?", "ko") == [
        "when"
    ]
    assert (K + "purpose", "object") in engine.vocabulary.answering["when to use"]
    assert (K + "purpose", "object") not in times


@pytest.mark.parametrize(
    ("question", "abstains"),
    [
        # the graph says that containerd was part of Docker, never why it left
        ("Why was containerd split out of Docker?", True),
        ("도커가 containerd를 분리한 이유가 뭐야?", True),
        ("Why did Kubernetes choose etcd over other databases?", True),
        ("Why was the CRI introduced in Kubernetes?", False),
        ("CRI는 왜 생겨났나요?", False),
        ("워커 노드는 왜 있는 거야?", False),
        # nor when it left: no relation it has is asked with 언제
        ("containerd는 정확히 언제 도커에서 분리됐나요?", True),
        ("도커심 지원 언제 끝났지?", False),
        # the time a thing came out is no purpose, though "{s}는 언제 써?" asks for one
        ("crictl 처음 나온 게 언제야?", True),
        ("crictl은 언제 써?", False),
    ],
)
def test_a_question_asking_why_or_when_is_answered_by_a_reason_or_a_time_or_not_at_all(engine, question, abstains):
    answer = engine.ask(question)
    assert answer.abstained is abstains
    if abstains and "containerd" in question:
        # it is the check that abstains: the reading trusted most, unchecked, says what was, not why or when
        query = engine.query(engine.check(question))
        assert not engine.decide(query, engine.candidates(query)).abstained
    if not abstains:
        # a reason, a time, or (when to use a thing) its purpose
        assert answer.answers and all(
            any(k in a.iri for k in ("/resp-", "/k8s-v", "/purpose-")) for a in answer.answers
        )


@pytest.mark.parametrize(
    ("question", "lacks"),
    [
        ("Where is the kubelet config file located on a worker node?", True),
        ("Which scheduling algorithm does kube-scheduler use?", True),
        ("kube-scheduler의 스케줄링 알고리즘은 어떻게 동작하나요?", True),
        # a kind the graph names, a comparison's frame, a verb after a name, a generic software word
        ("Which container runtime does Kubernetes use?", False),
        ("ctr과 nerdctl 차이는 뭐야?", False),
        ("containerd와 도커의 차이점은 뭐야?", False),
        ("What is the difference between crio and containerd?", False),
        ("What's the runtime crictl depends on?", False),
        ("What are the crictl subcommands?", False),
        ("What is the containerd daemon?", False),
        ("what is the etcd data directory", True),  # the phrase closes at the end of the text too
    ],
)
def test_the_kind_asked_for_or_about_must_be_one_the_graph_names(engine, question, lacks):
    assert engine.vocabulary.lacks_asked_kind(question, detect_language(question)) is lacks


def test_a_list_reading_narrows_to_the_answer_the_question_describes(engine):
    query = engine.query(engine.check("Need the crictl command to grab the busybox image"))
    narrowed = [c for c in engine.candidates(query) if c.key[-1] == "described" and c.kind != "count"]
    assert any(c.answers == {KR + "cmd-crictl-pull"} for c in narrowed)
    assert all(c.features["described_lead"] > 0 for c in narrowed)


def test_nothing_is_narrowed_when_the_question_describes_no_answer_more_than_another(engine):
    commands = sorted(engine.facts.step("https://w3id.org/kubekg/ontology#exampleCommand", KR + "crictl", "object"))
    assert len(commands) > 2
    query = engine.query(engine.check("crictl?"))
    assert engine.descriptions.best_described(query.text, query.mentions, commands) is None
    assert engine.descriptions.best_described("pull busybox", [], commands[:1]) is None  # one answer: nothing to narrow


@pytest.mark.parametrize(
    ("question", "anchor_class"),
    [
        ("What on the worker node does the kubelet manage?", "WorkerNode"),
        ("클러스터 정보는 어디에 저장돼?", "Cluster"),
    ],
)
def test_the_namesake_of_a_class_the_question_names_is_an_echo(engine, question, anchor_class):
    # "worker node" names the class and the one node of it: listing that node repeats the question
    query = engine.query(engine.check(question))
    members = [c for c in engine.candidates(query) if c.kind == "members" and c.key[1].endswith("#" + anchor_class)]
    assert members, [c.key for c in engine.candidates(query)]
    assert all(c.features["echo"] == 1.0 for c in members)


def test_a_reading_anchored_inside_a_longer_mention_is_engulfed(engine):
    # "클러스터" lies inside the paraphrase "클러스터 정보는 어디에 저장돼": anchored on the cluster, a
    # reading leaves what the question says of it unread; anchored on the paraphrase, it does not
    query = engine.query(engine.check("클러스터 정보는 어디에 저장돼?"))
    candidates = [c for c in engine.candidates(query) if c.kind in ("objects", "subjects", "members")]
    on_cluster = [c for c in candidates if c.key[1] == KR + "kubernetes-cluster"]
    on_paraphrase = [c for c in candidates if c.key[1] == KR + "resp-store-cluster-information"]
    assert on_cluster and on_paraphrase, [c.key for c in candidates]
    assert all(c.features["engulfed"] == 1.0 for c in on_cluster)
    assert all(c.features.get("engulfed", 0.0) == 0.0 for c in on_paraphrase)


def test_the_fact_a_paraphrase_states_is_closer_to_the_question_than_its_neighbours(engine):
    # with no words left around the paraphrase to match a phrasing, the verbalised fact tells the
    # reading: "etcd는 클러스터 정보 저장을 담당한다" beats the cluster's own facts
    query = engine.query(engine.check("where is the cluster information stored?"))
    candidates = {c.key: c for c in engine.candidates(query) if c.kind in ("objects", "subjects")}
    responsible = candidates[("subjects", KR + "resp-store-cluster-information", K + "responsibleFor", "subject")]
    others = [c for k, c in candidates.items() if k[1] == KR + "kubernetes-cluster"]
    assert others, list(candidates)
    assert responsible.features["fact_sim"] > max(c.features.get("fact_sim", 0.0) for c in others)


def test_a_yes_no_knows_the_one_relation_that_reaches_its_object(engine):
    # "requires a separate installation" is only ever an installation: that reading is the plausible one
    query = engine.query(engine.check("Doesn't crictl need to be installed separately?"))
    yes_nos = {c.key[2]: c for c in engine.candidates(query) if c.kind == "yesno"}
    assert yes_nos[K + "installation"].features["sole_relation"] == 1.0, list(yes_nos)
    assert all(c.features["sole_relation"] == 0.0 for r, c in yes_nos.items() if r != K + "installation")


def test_an_answer_the_question_names_inside_a_paraphrase_is_an_echo(engine):
    # the paraphrase "logs with crictl" links the command; its CLI, named in the question, answers nothing
    query = engine.query(engine.check("I need to read a container's logs with crictl. Which command is that?"))
    key = ("subjects", KR + "cmd-crictl-logs", K + "exampleCommand", "subject")
    reading = next(c for c in engine.candidates(query) if c.key == key)
    assert reading.features["echo"] == 1.0


@pytest.mark.parametrize(
    ("question", "offered"),
    [
        ("ctr or nerdctl — which one is general purpose?", {"ctr", "nerdctl"}),
        ("ctr하고 crictl 중에 쿠버네티스 쪽에서 관리하는 건 뭐야?", {"ctr", "crictl"}),
        ("kubelet or kube-proxy: which one enables communication between worker nodes?", {"kubelet", "kube-proxy"}),
        ("Which CLI is general purpose?", set()),
    ],
)
def test_a_choice_offers_the_named_things_of_one_kind_and_nothing_named_beside_them(engine, question, offered):
    query = engine.query(engine.check(question))
    assert query.alternatives == {KR + name for name in offered}
    assert query.question_features["offers_choice"] == float(bool(offered))


def test_in_a_choice_only_readings_that_answer_with_an_offered_thing_are_inside_it(engine):
    query = engine.query(engine.check("ctr or nerdctl — which one is general purpose?"))
    candidates = engine.candidates(query)
    chosen = [c for c in candidates if c.key[-1] == "among" and c.kind != "count"]
    # the purpose named beside the two CLIs is not one of the things offered: no reading "chooses" it
    assert chosen and all(c.answers <= query.alternatives for c in chosen)
    assert any(c.answers == {KR + "nerdctl"} for c in chosen)
    for c in candidates:
        # what one of them is, or how the two differ, is no choice either
        picks = c.kind not in ("definition", "compare") and c.answers and c.answers <= query.alternatives
        assert c.features["outside_choice"] == float(not picks)
    assert any(c.kind == "definition" and c.features["outside_choice"] == 1.0 for c in candidates)


def test_answers_of_the_kind_the_grammar_asks_for_are_told_apart(engine):
    query = engine.query(engine.check("how many specs does the OCI define?"))
    by_relation = {
        c.key[2].rsplit("#", 1)[-1]: c for c in engine.candidates(query) if c.kind == "count" and c.key[1] == KR + "oci"
    }
    parts, duties = by_relation["hasPart"], by_relation["responsibleFor"]
    assert parts.features["answers_of_kind"] == 1.0 and parts.features["kind_unmet"] == 0.0
    assert duties.features["answers_of_kind"] == 0.0 and duties.features["kind_unmet"] == 1.0


def test_a_two_hop_reading_keeps_the_answers_of_the_kind_the_grammar_asks_for(engine):
    question = "The component kube-apiserver pulls status reports from also manages which node component?"
    query = engine.query(engine.check(question))
    hops = [
        c
        for c in engine.candidates(query)
        if c.kind == "two_hop"
        and c.key[1:4] == (KR + "kube-apiserver", f"{K}reportsStatusTo", "subject")
        and c.key[4] == f"{K}manages"
    ]
    assert hops and all(c.answers == {KR + "kube-proxy"} for c in hops)
    # the answer says the same, from a query that keeps the kind
    answer = hops[0].compose(0.9)
    assert [a.iri for a in answer.answers] == [KR + "kube-proxy"] and "NodeComponent" in answer.sparql


def test_a_reading_from_a_thing_the_question_leaves_out_is_marked(engine):
    query = engine.query(engine.check("nerdctl 빼고 디버깅용으로 쓰는 CLI는?"))
    marked = {c.key[1] for c in engine.candidates(query) if c.features.get("anchor_left_out")}
    assert marked == {KR + "nerdctl"}


def test_answers_that_tell_how_to_do_something_are_known_by_their_class(engine):
    # the ontology says commands and ways of installing are schema:HowTo; nothing in the code names them
    query = engine.query(engine.check("How do I check a container's logs with crictl?"))
    assert query.question_features["cue_how_to"] == 1.0
    by_key = {
        (c.kind, c.key[2].rsplit("#", 1)[-1]): c
        for c in engine.candidates(query)
        if c.key[1:2] == (KR + "crictl",) and len(c.key) > 2
    }
    assert by_key[("objects", "exampleCommand")].features["answers_how_to"] == 1.0
    assert by_key[("objects", "installation")].features["answers_how_to"] == 1.0
    assert by_key[("objects", "maintainedBy")].features["answers_how_to"] == 0.0


@pytest.mark.parametrize(
    ("question", "listed", "yes"),
    [
        ("ctr, nerdctl, crictl 전부 다 디버깅용이야?", {"ctr", "nerdctl", "crictl"}, False),
        ("Do both ctr and crictl serve debugging?", {"ctr", "crictl"}, True),
        ("ctr이랑 nerdctl 모두 containerd 커뮤니티가 관리해?", {"ctr", "nerdctl"}, True),
    ],
)
def test_a_yes_no_over_the_things_a_question_lists_checks_every_one_of_them(engine, question, listed, yes):
    query = engine.query(engine.check(question))
    group = tuple(sorted(KR + name for name in listed))
    readings = [c for c in engine.candidates(query) if c.kind == "all_yesno" and c.key[1] == group]
    assert readings, [c.key for c in engine.candidates(query)]
    # the reading of the relation the question asks about (the best phrased) answers as the graph says
    best = max(readings, key=lambda c: c.features["sim"])
    assert best.answers == {"yes" if yes else "no"}, best.key
    answer = best.compose(0.9)
    assert answer.answers[0].label == ("yes" if yes else "no")
    assert bool(engine.kb.sparql(answer.sparql)) == yes


@pytest.mark.parametrize(
    ("question", "anchor", "relation", "direction", "fit"),
    [
        # kube-proxy is the subject: what it maintains (its duties), not what maintains it
        ("큐브 프록시가 각 노드에서 유지하는 건 뭐임", "kube-proxy", "responsibleFor", "object", 1.0),
        ("큐브 프록시가 각 노드에서 유지하는 건 뭐임", "kube-proxy", "manages", "subject", -1.0),
        ("kube-proxy를 관리하는 건 뭐야?", "kube-proxy", "manages", "subject", 1.0),
        ("kubelet이 관리하는 건 뭐야?", "kubelet", "manages", "object", 1.0),
        # "crictl을 관리하는 커뮤니티": the verb's object is the relation's subject (maintained by)
        ("crictl을 관리하는 커뮤니티는?", "crictl", "maintainedBy", "object", 1.0),
        ("kubelet은 뭘 관리해?", "kubelet", "manages", "object", 0.0),  # a topic says no role
        ("What does kubelet manage?", "kubelet", "manages", "object", 0.0),
    ],
)
def test_a_korean_particle_says_which_way_a_relation_is_read(engine, question, anchor, relation, direction, fit):
    query = engine.query(engine.check(question))
    readings = [
        c
        for c in engine.candidates(query)
        if c.kind in ("objects", "subjects") and c.key[1:4] == (KR + anchor, K + relation, direction)
    ]
    assert readings, [c.key for c in engine.candidates(query)]
    assert {c.features["role_fit"] for c in readings} == {fit}


def test_a_question_asking_where_gets_no_definition_reading(engine):
    # "where is cluster information stored?" asks for what stores it, not what storing it means
    query = engine.query(engine.check("클러스터 정보는 어디에 저장돼?"))
    kinds = {c.kind for c in engine.candidates(query)}
    assert "definition" not in kinds and "subjects" in kinds
    assert "definition" in {c.kind for c in engine.candidates(engine.query(engine.check("CRI란?")))}


@pytest.mark.parametrize(
    ("question", "restricted", "fact", "yes"),
    [
        # crictl and ctr are both for debugging: ctr is not the only one
        ("Is ctr the only CLI for debugging?", "ctr", ("ctr", "purpose", "purpose-debugging"), False),
        ("crictl만 디버깅용이야?", "crictl", ("crictl", "purpose", "purpose-debugging"), False),
        # nerdctl works with containerd alone
        ("Does nerdctl work only with containerd?", "containerd", ("nerdctl", "worksWith", "containerd"), True),
        ("노드 컨트롤러만 컨트롤러야?", "node-controller", ("node-controller", "type", "Controller"), False),
    ],
)
def test_only_is_checked_of_the_thing_it_restricts(engine, question, restricted, fact, yes):
    query = engine.query(engine.check(question))
    only = [c for c in engine.candidates(query) if c.kind == "yesno_only"]
    fitting = [c for c in only if c.features["only_fits"]]
    # the thing held to be the only one is the one "only" points at, in every reading that fits
    assert fitting, [c.key for c in engine.candidates(query)]
    assert {c.key[1] if c.key[-1] == "subject" else c.key[3] for c in fitting} == {KR + restricted}
    # and the check of the fact asked about answers as the graph says
    s, relation, o = fact
    relation = RDF + relation if relation == "type" else K + relation
    o = K + o if o[0].isupper() else KR + o
    (best,) = [c for c in fitting if c.key[1:4] == (KR + s, relation, o)]
    assert best.answers == {"yes" if yes else "no"}, best.key
    answer = best.compose(0.9)
    assert bool(engine.kb.sparql(answer.sparql)) == yes
    assert answer.evidence


def test_a_choice_by_a_criterion_is_a_lookup_kept_to_the_things_offered(engine):
    query = engine.query(engine.check("ctr이랑 crictl 중에 쿠버네티스 쪽에서 관리하는 건 어느 거야?"))
    choices = [c for c in engine.candidates(query) if c.kind == "choice"]
    assert choices and all(c.answers <= query.alternatives for c in choices)
    best = max(choices, key=lambda c: c.features["choice_lead"])
    assert best.answers == {KR + "crictl"} and best.features["choice_lead"] > 0
    answer = best.compose(0.9)
    assert [a.iri for a in answer.answers] == [KR + "crictl"]
    # the criterion's fact, bound by IRIs, kept to the offered things
    assert KR + "kubernetes-community" in answer.sparql and K + "maintainedBy" in answer.sparql
    assert f"VALUES ?answer {{ <{KR}crictl> <{KR}ctr> }}" in answer.sparql
    assert canonical(best.key, engine.catalogue)["en"]  # said as a question like any lookup


def test_the_kind_asked_for_is_the_first_named_after_which(engine):
    # "which *component* reports *node* status": a component is asked for; the node is part of what it does
    query = engine.query(engine.check("Which component reports node and container status to the kube-apiserver?"))
    reports = next(
        c for c in engine.candidates(query) if c.key[:3] == ("subjects", KR + "kube-apiserver", K + "reportsStatusTo")
    )
    anchor = next(m for m in query.mentions if m.iri == KR + "kube-apiserver")
    assert [m.iri for m in engine._type_mentions(query, anchor)] == [K + "Component"]
    assert reports.features["class_agrees"] == 1.0 and reports.features["asked_class_mismatch"] == 0.0


def test_the_kind_asked_for_may_be_a_word_of_a_paraphrased_anchor(engine):
    # "which *controller* brings new nodes in": "controller brings new nodes" paraphrases the node
    # controller, and its noun still asks for a controller: the cluster, two hops from it, is of no such kind
    query = engine.query(engine.check("Which controller brings new nodes into the cluster?"))
    anchor = next(m for m in query.mentions if m.iri == KR + "node-controller")
    kind = next(m for m in query.mentions if m.iri == K + "Controller")
    assert not anchor.exact and anchor.start <= kind.start < anchor.end  # the noun is a word of the anchor
    assert [m.iri for m in engine._type_mentions(query, anchor)] == [K + "Controller"]
    readings = [c for c in engine.candidates(query) if c.key[1] == KR + "node-controller"]
    to_the_cluster = [c for c in readings if c.answers == {KR + "kubernetes-cluster"}]
    assert to_the_cluster and all(c.features["kind_unmet"] == 1.0 for c in to_the_cluster)
    # inside an exact name, where the kind asked is named, the noun is the name's: "which node controller"
    # asks for no controller (the linker finds no class inside a name, so one is set there to check the rule)
    from kubekg.qa.entity_linker import Mention

    query = engine.query(engine.check("Which node controller handles nodes that become unavailable?"))
    anchor = next(m for m in query.mentions if m.iri == KR + "node-controller")
    start = query.text.index("controller")
    query.mentions.append(Mention(K + "Controller", True, start, start + len("controller"), 1.0, True))
    assert anchor.exact and any(anchor.start <= r[0] < anchor.end for r in query.cues.asked_type_regions)
    assert K + "Controller" not in [m.iri for m in engine._type_mentions(query, anchor)]


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("How many CLIs does the containerd community maintain?", "count"),
        ("Is crictl aware of pods?", "yesno"),
        ("Which CLIs does the containerd community maintain?", "objects"),
    ],
)
def test_a_reading_fits_the_form_the_question_asks_for(engine, question, form):
    candidates = engine.candidates(engine.query(engine.check(question)))
    fitting = {c.kind for c in candidates if c.features["form_fit"] == 1.0} - {"unrecorded"}
    assert form in fitting or (form == "objects" and "subjects" in fitting)
    assert not fitting & ({"count", "yesno", "yesno_only", "all_yesno", "compare"} - {form})


def test_readings_are_placed_against_their_best_rival(engine):
    candidates = engine.candidates(engine.query(engine.check("Is crictl aware of pods?")))
    checked = next(
        c for c in candidates if c.key == ("yesno", KR + "crictl", K + "hasFeature", KR + "feature-pod-awareness")
    )
    # the fact a yes/no checks is compared with the question where it holds, and it is the closest here
    assert checked.features["holds"] == 1.0 and checked.features["fact_sim"] > 0.5
    assert checked.features["fact_sim_gap"] == 0.0
    assert min(c.features["anchor_gap"] for c in candidates) == 0.0
    assert all(c.features["fact_sim_gap"] >= 0.0 and c.features["anchor_gap"] >= 0.0 for c in candidates)


def test_a_list_that_returns_a_thing_the_question_names_says_so(engine):
    # "latest containerd features" is one of nerdctl's features and the group the question asks within
    query = engine.query(engine.check("which latest containerd features does nerdctl support?"))
    candidates = {c.key: c for c in engine.candidates(query)}
    every = candidates[("objects", KR + "nerdctl", K + "hasFeature", "object")]
    assert every.features["names_answer"] == 1.0
    within = [
        c
        for k, c in candidates.items()
        if k[:3] == ("objects", KR + "feature-latest-containerd-features", K + "hasExample")
    ]
    assert within and all(c.features.get("names_answer", 0.0) == 0.0 for c in within)


def test_a_paraphrase_whose_words_link_better_elsewhere_names_nothing(engine):
    # "stored as key-value" links etcd (a key-value database) weakly, and its responsibility better:
    # etcd, found through the responsibility of keeping the cluster's information, is no echo
    query = engine.query(engine.check("What keeps the cluster's information stored as key-value pairs?"))
    key = ("subjects", KR + "resp-store-cluster-information", K + "responsibleFor", "subject")
    reading = next(c for c in engine.candidates(query) if c.key == key)
    assert reading.answers == {KR + "etcd"}
    assert reading.features["echo"] == 0.0


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        # crictl works with containerd too, and with every other runtime that implements the CRI
        ("Which CLIs work only with containerd?", {"ctr", "nerdctl"}),
        ("containerd에서만 동작하는 CLI는 뭐야?", {"ctr", "nerdctl"}),
        ("ctr 말고 containerd에서만 동작하는 CLI는?", {"nerdctl"}),
    ],
)
def test_only_keeps_a_list_to_the_answers_related_to_the_anchor_alone(engine, question, kept):
    query = engine.query(engine.check(question))
    readings = [
        c
        for c in engine.candidates(query)
        if c.kind == "subjects" and c.key[1:4] == (KR + "containerd", K + "worksWith", "subject")
    ]
    solely = [c for c in readings if "solely" in c.key]
    assert {KR + "crictl"} < {a for c in readings for a in c.answers}, [c.key for c in readings]
    (best,) = [c for c in solely if c.answers == {KR + k for k in kept}]
    assert best.features["solely"] == 1.0 and best.features["only_fits"] == 1.0
    # the query says so in SPARQL, and returns what the fact index kept
    answer = best.compose(0.9)
    assert "FILTER NOT EXISTS" in answer.sparql
    assert {a.iri for a in answer.answers} == {KR + k for k in kept}
    assert {r["answer"].value for r in engine.kb.sparql(answer.sparql)} == {KR + k for k in kept}


def test_no_list_is_kept_to_the_anchor_alone_without_only(engine):
    query = engine.query(engine.check("Which CLIs work with containerd?"))
    assert not [c for c in engine.candidates(query) if "solely" in c.key]


def test_only_on_another_thing_keeps_no_list_to_the_anchor_alone(engine):
    # "only" restricts the purpose: the CLIs for debugging are crictl and ctr, whatever else they work with
    query = engine.query(engine.check("Which containerd CLIs are meant only for debugging?"))
    from_containerd = [c for c in engine.candidates(query) if c.kind == "subjects" and c.key[1] == KR + "containerd"]
    assert from_containerd and not [c for c in from_containerd if "solely" in c.key]


@pytest.mark.parametrize(
    ("question", "yes"),
    [
        # crictl works with containerd and with every other CRI runtime: not with containerd alone
        ("Do all three CLIs work only with containerd?", False),
        ("Do all CLIs work with containerd?", True),
        ("Do ctr and nerdctl both work only with containerd?", True),
    ],
)
def test_every_member_with_only_checks_that_each_has_the_entity_alone(engine, question, yes):
    query = engine.query(engine.check(question))
    readings = [
        c
        for c in engine.candidates(query)
        if c.kind == "all_yesno" and c.key[2:] == (K + "worksWith", KR + "containerd")
    ]
    assert readings, [c.key for c in engine.candidates(query)]
    for reading in readings:  # the relation may be scored in each direction: one reading each
        assert reading.answers == {"yes" if yes else "no"}
        answer = reading.compose(0.9)
        assert bool(engine.kb.sparql(answer.sparql)) == yes
        assert answer.answer.startswith("Yes." if yes else "No.")
        assert ("alone" in answer.answer) == query.cues.only
        assert ("crictl" in answer.answer) == (not yes)
        if not yes:  # crictl fails for what it has as well: rkt, and the evidence shows it
            assert "rkt" in answer.answer
            assert any(e.object == KR + "rkt" for e in answer.evidence), answer.evidence


def test_a_list_knows_when_the_question_singles_out_one_of_its_answers(engine):
    def lists(question):
        query = engine.query(engine.check(question))
        return [
            c
            for c in engine.candidates(query)
            if c.kind == "objects" and c.key[1:4] == (KR + "nerdctl", K + "exampleCommand", "object")
        ]

    said = lists("I want to start an nginx web server on port 80 in the background with nerdctl. Which command?")
    (whole,) = [c for c in said if len(c.answers) == 2]
    (one,) = [c for c in said if c.key[-1] == "described"]
    assert one.answers == {KR + "cmd-nerdctl-run-webserver"}
    # the whole list carries how far the question singles out one of its answers
    assert whole.features["singled_out"] == one.features["described_lead"] > 0
    plain = lists("Which example commands does nerdctl have?")
    assert plain
    assert all(c.features.get("singled_out", 0.0) < whole.features["singled_out"] for c in plain)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("{o}에서 동작하는 CLI는?", "{o}에서만 동작하는 CLI는?"),
        ("{o}와 호환되는 도구는?", "{o}와만 호환되는 도구는?"),
        ("{o}를 지원하는 도구는?", "{o}만 지원하는 도구는?"),
        # the copula is no case particle: it stays after 만
        ("{o}이라는 도구는?", "{o}만이라는 도구는?"),
        ("{s}는 {o}이다.", "{s}는 {o}만이다."),
    ],
)
def test_only_goes_after_an_adverbial_particle_and_instead_of_a_case_particle(text, said):
    assert with_only(text, "{o}", "ko") == said


def test_an_all_check_with_only_says_only_in_korean_after_the_particle(engine):
    query = engine.query(engine.check("모든 CLI가 containerd하고만 동작하나요?"))
    readings = [
        c
        for c in engine.candidates(query)
        if c.kind == "all_yesno" and c.key[2:] == (K + "worksWith", KR + "containerd")
    ]
    assert readings and all(c.answers == {"no"} for c in readings)
    answer = readings[0].compose(0.9)
    assert "containerd와만" in answer.answer or "containerd과만" in answer.answer, answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "Is nerdctl a CLI that the Kubernetes community maintains?",
        "nerdctl은 쿠버네티스 커뮤니티에서 관리하는 CLI인가요?",
    ],
)
def test_a_kind_check_leaves_unexplained_the_fact_that_qualifies_the_kind(engine, question):
    # "a CLI *that the Kubernetes community maintains*": the check of the kind alone ignores a thing the
    # question names; the check of the fact that qualifies the kind reads it (and says no: the containerd
    # community maintains nerdctl)
    query = engine.query(engine.check(question))
    checks = {c.key[1:]: c for c in engine.candidates(query) if c.kind == "yesno"}
    kind = checks[(KR + "nerdctl", RDF + "type", K + "CLI")]
    fact = checks[(KR + "nerdctl", K + "maintainedBy", KR + "kubernetes-community")]
    assert kind.answers == {"yes"} and fact.answers == {"no"}
    assert kind.features["unexplained"] >= 1.0 + fact.features["unexplained"]

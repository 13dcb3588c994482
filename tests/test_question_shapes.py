"""The grammatical cues: where a question names the kind of thing it asks for, yes/no, counts."""

from __future__ import annotations

import re

import pytest

from kubekg.qa.question_shapes import asked_about_head, asked_kind_head, asked_kind_words, compared_words, detect
from kubekg.search.text_normalize import detect_language


def asked(question: str) -> str | None:
    regions = detect(question, detect_language(question)).asked_type_regions
    return " | ".join(question[s:e] for s, e in regions) or None


@pytest.mark.parametrize(
    ("question", "inside"),
    [
        ("Which worker-side component acts on the API server's orders?", "component"),
        ("Lazy pulling belongs to which broader nerdctl feature?", "feature"),
        ("What parts of a cluster are node components?", "node components"),
        ("어떤 CLI가 containerd와 같이 설치돼?", "CLI"),
        ("워커 노드끼리 통신되게 해주는 컴포넌트는?", "트"),
        ("컨트롤 플레인 구성요소 다 말해줘", "소"),
        # a request in any register ends the question after the kind it asks for
        ("마스터 노드에 있는 구성요소 전부 나열해 줄래?", "소"),
        ("워커 노드 컴포넌트 좀 정리해 주실래요?", "트"),
        ("containerd CLI 꼽아 봐", "I"),
        ("What is the purpose of the CLI that gets installed with containerd?", "purpose"),
        ("Which of the three CLIs is not maintained by the containerd community?", "CLIs"),
        # the group the answer is chosen from
        ("마스터 노드 구성요소 중에서 etcd를 빼면 뭐가 남나요?", "구성요소"),
        ("워커노드 컴포넌트들 가운데 kubelet 말고 뭐 있어?", "컴포넌트들"),
        # a count said as what the note lists: the kind is named before 몇, not before the last verb
        ("마스터 노드 구성요소는 몇 개 나와 있나요?", "소"),
        ("워커 노드 컴포넌트는 몇 개나 돼?", "트"),
        ("containerd CLI는 몇 가지 소개돼 있어요?", "I"),
        # the question word comes before more words: the noun the subject particle closes is the kind
        ("도커와 비슷한 CLI 환경을 제공하는 도구는 용도가 뭐로 분류돼요?", "도"),
        # no question word and nothing checked: the question ends with what it asks for
        ("containerd랑 같이 깔리는 CLI?", "I"),
        # casual question words close the question as the polite ones do
        ("컨테이너디 설치하면 같이 깔리는 cli 머임", "i"),
        ("파드 인식하는 cli 뭐냐", "i"),
        # a task said with an infinitive, then the ask: "list" is what the asker wants done
        ("I want to list the pods on a node with a CRI tool. What command do I run?", "command"),
        # the imperative asked politely is still the ask
        ("Can you list the CLIs that come with containerd?", "CLIs"),
        ("Could you name all the worker node components?", "components"),
    ],
)
def test_the_asked_kind_is_found_where_the_grammar_puts_it(question, inside):
    assert inside in (asked(question) or "")


@pytest.mark.parametrize(
    ("question", "outside"),
    [
        ("Which component runs on every node?", "node"),
        # a concession names no kind asked for: the question asks after it
        ("I want to debug containers no matter which runtime a node uses. What tool should I reach for?", "runtime"),
        # things offered one by one are the choice, not a kind
        ("ctr하고 crictl 중에 파드 인식하는 건?", "crictl"),
        ("I want to list the pods on a node with a CRI tool. What command do I run?", "pods"),
        ("We need to name the images on this node; which crictl command does it?", "images"),
        ("If you list the pods on a node, which command do you use?", "pods"),
    ],
)
def test_a_later_noun_is_not_the_asked_kind(question, outside):
    assert outside not in asked(question)


@pytest.mark.parametrize(
    "question",
    [
        "What does etcd do?",
        "Is etcd a component?",
        # the topic is the thing asked about, and a closing mark alone says nothing of a kind
        "nerdctl은 뭐로 분류돼?",
        "etcd는 무엇을 저장하나요?",
        # a name in Latin letters before "이 뭐로" is a thing, not a kind
        "nerdctl이 뭐로 분류돼?",
        # a check asks for no kind, though it ends with a noun's particle and a mark
        "kubelet은 워커 노드에서 실행돼요?",
        # "list" said by the asker is the task: how, not which kind
        "How do I list the pods on a node with crictl?",
    ],
)
def test_no_kind_is_asked_when_none_is_named(question):
    assert asked(question) is None


@pytest.mark.parametrize(
    ("question", "yes_no"),
    [
        ("kubelet이 하는 작업이 뭔가요?", False),
        ("etcd가 마스터 노드에서 돌아가나요?", True),
        ("etcd가 마스터 노드에서 돌아감?", True),
        ("Does ctr run on nodes?", True),
        # after a lead-in that asks nothing itself
        ("According to the note, is kube-proxy a master node component?", True),
        ("how does ctr get installed, do i have to grab it separately", False),
        # "목록" (a list) names what is seen, it asks nothing
        ("crictl로 파드 목록을 볼 수 있나요?", True),
        ("crictl 명령어 목록 보여줘", False),
        # casual 뭐 spelt 머 is a question word; 머신 (machine) is not
        ("kubelet은 머하는 애임", False),
        ("kubelet 머임?", False),
        ("머신에서 kubelet 돌아감?", True),
        # a wish stated asks how, not whether
        ("ctr로 busybox 이미지 받고 싶어요.", False),
        ("crictl로 파드를 보려고 하는데요", False),
        # casual endings of a check
        ("nerdctl 디버깅할 때 쓰여?", True),
        ("ctr 쓰기 어려워?", True),
        ("crictl은 모든 CRI 런타임에서 되나?", True),
        ("etcd가 키-값 저장소 맞나?", True),
        # any plain-speech verb ending asks whether; a bare noun asks what
        ("ctr은 containerd 설치하면 같이 깔려?", True),
        ("컨테이너 이미지가 자동으로 만들어져?", True),
        ("containerd 커뮤니티가 관리하는 CLI?", False),
        # a check of one thing within a group it names; a choice between things named is no check
        ("Among containerd's CLIs, is nerdctl the only general-purpose one?", True),
        ("Among ctr, nerdctl and crictl, which one is general-purpose?", False),
        ("Is ctr or nerdctl the general-purpose one?", False),
        ("containerd CLI 중에서 쿠버네티스가 관리하는 건 crictl 하나뿐인가요?", True),
        ("ctr이랑 crictl 중에 쿠버네티스가 관리하는 건 crictl인가요?", False),
        # a request in any register asks for things; "… 는요?" asks what about a topic
        ("containerd 커뮤니티에서 나온 CLI 전부 골라주세요", False),
        ("디버깅용 CLI 예를 들어 줄래?", False),
        ("ctr 말고 디버깅용 CLI는요?", False),
        ("Can you list the worker node components?", False),
        ("Could you please name the CLIs containerd ships with?", False),
        ("Can you tell me if ctr comes with containerd?", True),
        ("crictl은 별도로 설치해야 하나요?", True),
        # "어때" asks how a thing is
        ("crictl은 설치 방식이 어때?", False),
    ],
)
def test_yes_no_needs_no_question_word(question, yes_no):
    assert detect(question, detect_language(question)).yes_no is yes_no


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the node is where things are managed, not what is asked for
        ("노드에서 kubelet이 관리하는 건 뭐야?", {"container", "kube-proxy"}),
        ("어떤 노드 컴포넌트가 컨테이너를 관리해?", {"kubelet"}),
    ],
)
def test_a_class_that_only_places_the_question_does_not_pick_the_answers(kb, question, expected):
    answer = kb.ask(question)
    assert {a.iri.rsplit("/", 1)[-1] for a in answer.answers} == expected


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("What port does etcd listen on?", ["port"]),
        ("Which broader nerdctl feature is it?", ["broader", "nerdctl", "feature"]),
        ("어느 회사가 containerd를 만들었어?", ["회사"]),
        ("OCI 표준은 어떤 스펙들로 나뉘어?", ["스펙"]),
        ("What does etcd do?", []),
        # the copula's endings are no part of the kind word ("쪽", not "쪽입니까"; a side is a generic kind)
        ("마스터 노드와 워커 노드 중 etcd가 있는 건 어느 쪽입니까?", ["쪽"]),
        ("어떤 컴포넌트인가요?", ["컴포넌트"]),
        # a unit after 몇 names what is asked, as the word after 어떤 does
        ("containerd가 도커에서 분리된 게 몇년도임?", ["년"]),
        ("dockershim은 몇 버전부터 빠졌어?", ["버전"]),
        # a quantifier is no part of the kind word
        ("모든 CRI 런타임에서 다 돌아가는 CLI는 어떤 것뿐인가요?", ["것"]),
        # an adverb after the question word names no kind
        ("containerd used to be part of what again", []),
        ("replication controller does what exactly??", []),
    ],
)
def test_the_words_naming_the_asked_kind(question, words):
    assert asked_kind_words(question, detect_language(question)) == words


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("Which scheduling algorithm does kube-scheduler use?", "algorithm"),
        ("Which container runtime does Kubernetes use?", "runtime"),
        ("etcd는 어떤 합의 알고리즘을 사용하나요?", "알고리즘"),
        ("워커 노드에는 어떤 구성 요소들이 있습니까?", "요소"),
        # one word, a phrase that runs on into the rest of the question, a verb or an adverb: no head
        ("What port does etcd listen on?", None),
        ("Which component stores the cluster data?", None),
        ("어떤 노드에서 실행돼?", None),
        ("어떤 거 써야 돼?", None),
        ("crictl은 CRI 호환 런타임이면 어떤 거든 같이 쓸 수 있어?", None),
    ],
)
def test_the_noun_heading_a_kind_of_several_words(question, head):
    assert asked_kind_head(question, detect_language(question)) == head


@pytest.mark.parametrize(
    ("question", "head"),
    [
        ("Where is the kubelet config file located on a worker node?", "file"),
        ("What is the default path of the containerd socket?", "path"),
        ("Where is etcd's data directory on the master node?", "directory"),
        ("kube-scheduler의 스케줄링 알고리즘은 어떻게 동작하나요?", "알고리즘"),
        ("etcd 백업은 어떻게 하나요?", "백업"),
        # a thing asked for by its name is of the kind the name is of
        ("kube-scheduler가 노드에 점수를 매길 때 쓰는 알고리즘 이름은 뭔가요?", "알고리즘"),
        ("레플리카 수 유지해주는 컨트롤러 이름이 뭐였죠", "컨트롤러"),
        ("What is the name of the scheduling algorithm kube-scheduler uses?", "algorithm"),
        ("what is the name of the CLI that comes with containerd", "cli"),
        # one word, an adverb, a gerund, a place or a means: no head
        ("What is etcd?", None),
        ("what was dockershim even for", None),
        ("so what's the kube-apiserver actually doing in the cluster", None),
        ("ctr보다 향상된 CLI가 지원하는 containerd 최신 기능에는 뭐가 있어요?", None),
        ("crictl 명령어로는 어떻게 하나요?", None),
    ],
)
def test_the_noun_heading_the_thing_asked_about(question, head):
    assert asked_about_head(question, detect_language(question)) == head


@pytest.mark.parametrize(
    "question",
    [
        "어느 회사가 containerd를 만들었어?",
        "Which company?",
        "What port does the kubelet listen on?",
        "containerd가 도커에서 분리된 게 몇년도임?",
        # the head noun names the kind, whatever the word before it names ("scheduling" is a known word)
        "Which scheduling algorithm does kube-scheduler use by default?",
        "etcd는 어떤 합의 알고리즘을 사용하나요?",
        "Where is the kubelet config file located on a worker node?",
        "kube-scheduler의 스케줄링 알고리즘은 어떻게 동작하나요?",
        "kube-scheduler가 노드에 점수를 매길 때 쓰는 알고리즘 이름은 뭔가요?",
        "What is the name of the scoring algorithm the kube-scheduler uses?",
    ],
)
def test_a_kind_the_graph_never_speaks_of_is_out_of_scope(kb, question):
    answer = kb.ask(question)
    assert answer.abstained and answer.answers == [] and answer.sources


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Which piece of software stores cluster data?", {"etcd"}),
        ("어떤 도구가 모든 CRI 런타임과 동작해?", {"crictl"}),
        ("Name everything that runs on the worker node.", {"kubelet", "kube-proxy", "container-runtime-engine"}),
        # asked by its name, a thing of a kind the graph knows
        ("What is the name of the controller that keeps the desired number of replicas?", {"replication-controller"}),
    ],
)
def test_generic_kinds_stay_in_scope(kb, question, expected):
    assert {a.iri.rsplit("/", 1)[-1] for a in kb.ask(question).answers} == expected


@pytest.mark.parametrize(
    "question",
    ["Which container runtime does the worker node run?", "워커 노드에는 어떤 구성 요소들이 있습니까?"],
)
def test_a_kind_headed_by_a_word_of_the_graph_stays_in_scope(kb, question):
    assert not kb.ask(question).abstained


@pytest.mark.parametrize(
    ("question", "lang", "choice"),
    [
        ("Among ctr, nerdctl and crictl, which one has to be installed separately?", "en", True),
        ("kubelet vs kube-proxy: which one lets worker nodes talk to each other?", "en", True),
        ("kubelet vs kube-proxy", "en", False),  # a comparison
        ("ctr or nerdctl, how do they differ?", "en", False),  # a comparison, though it says "or"
        ("ctr or nerdctl: which one differs from docker the most?", "en", True),
        ("Which of kubelet and kube-proxy enables communication between worker nodes?", "en", True),
        ("which one of ctr and nerdctl comes with containerd", "en", True),
        ("ctr이랑 crictl 중에 뭐가 달라?", "ko", False),
        ("ctr이랑 crictl 중에 쿠버네티스 쪽에서 관리하는 건 어느 거야?", "ko", True),
        ("kubelet vs kube-proxy 어느 쪽이 노드 간 통신 담당이야?", "ko", True),
        ("노드 컨트롤러와 레플리케이션 컨트롤러 중에 새 노드를 받아들이는 건?", "ko", True),  # names of two words
        # a yes/no question names a group to check one thing within it
        ("Is crictl the only debugging tool among ctr, nerdctl and crictl?", "en", False),
        ("containerd CLI 중에서 crictl 하나뿐인가요?", "ko", False),
        ("kube-scheduler와 kube-apiserver 가운데 모든 작업을 조율하는 것은 무엇인가요?", "ko", True),
    ],
)
def test_a_choice_is_offered_by_or_among_and_vs_which_but_not_by_a_comparison(question, lang, choice):
    assert detect(question, lang).alternative is choice


@pytest.mark.parametrize(
    ("question", "lang", "compare"),
    [
        ("According to the comparison table, what is nerdctl's purpose?", "en", False),
        ("Which of the compared CLIs work only with containerd?", "en", False),
        ("비교표에서 범용 목적인 CLI는 nerdctl 하나뿐인가요?", "ko", False),
        ("CLI 비교 표에 나온 것 중 디버깅용은?", "ko", False),
        ("compare ctr and nerdctl", "en", True),
        ("How is ctr compared to nerdctl?", "en", True),
        ("the comparison between ctr and crictl?", "en", True),
        ("ctr이랑 nerdctl 비교해줘", "ko", True),
        # "different" before a noun says which things, it compares nothing
        ("I have to debug containers across several different CRI-compatible runtimes. Which CLI fits?", "en", False),
        ("How are ctr and nerdctl different?", "en", True),
        ("Is nerdctl different from the docker CLI?", "en", True),
        # a noun after "different" that begins like a preposition is still a noun
        ("Across different installations of containerd, which CLI comes along?", "en", False),
        ("We use different tools on each node. Which CLI works with any CRI runtime?", "en", False),
        ("What are the differences between ctr and nerdctl?", "en", True),
        ("ctr and crictl, differing how?", "en", True),
    ],
)
def test_a_comparison_table_named_as_a_source_asks_for_no_comparison(question, lang, compare):
    assert detect(question, lang).compare is compare


@pytest.mark.parametrize(
    ("question", "choice"),
    [
        ("워커 노드 간 통신은 kubelet 담당이야 kube-proxy 담당이야?", True),  # the same predicate twice
        ("키-값 형식으로 데이터를 저장하는 건 etcd예요, kube-apiserver예요?", True),  # the same ending twice
        ("kubelet은 마스터에 떠 있어, 워커에 떠 있어?", True),
        ("마스터야 워커야?", True),
        ("kubelet은 워커 노드에서 실행돼요?", False),
        ("kubelet이 하는 일이 뭐야 뭐야", False),  # a word said twice is no choice
    ],
)
def test_two_clauses_with_one_ending_offer_a_choice(question, choice):
    cues = detect(question, "ko")
    assert cues.alternative is choice
    assert not (choice and cues.yes_no)


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("How many CLIs are there?", True),
        ("What is the number of controllers?", True),
        ("Number of worker node components?", True),
        ("Tell me the total number of specs", True),
        ("What keeps the desired number of replicas running?", False),
        ("I need a fixed number of copies kept running. Which controller does that?", False),
        ("컨트롤러는 몇 종류야?", True),
        ("containerd는 몇 년에 나왔어?", False),
    ],
)
def test_a_count_is_asked_only_where_a_number_is_the_answer(question, count):
    assert detect(question, "ko" if any("가" <= c <= "힣" for c in question) else "en").count is count


@pytest.mark.parametrize(
    ("question", "negated", "yes_no"),
    [
        ("which containerd cli isnt mainly for debugging", True, False),  # the apostrophe left out
        ("Which CLI doesn’t need a separate install?", True, False),  # a typographic apostrophe
        ("isnt etcd on the master node", True, True),
        ("I want to pull an image with ctr", False, False),  # "want" is no "wont"
        ("does nerdctl support compose", False, True),
    ],
)
def test_a_contracted_not_is_read_however_it_is_typed(question, negated, yes_no):
    cues = detect(question, "en")
    assert (cues.negated, cues.yes_no) == (negated, yes_no)


@pytest.mark.parametrize(
    ("question", "negated"),
    [
        ("never heard of dockershim before, what is this thing", False),  # says something of the asker
        ("들어본 적 없는데, dockershim이 뭐야?", False),
        ("So, which runtimes are not Docker?", True),  # the "not" is in the clause that asks
        (
            "I never used ctr, is it not for production?",
            True,
        ),  # the first clause asks nothing, nor does the second ask which
        ("Which CLIs are not for debugging?", True),
    ],
)
def test_a_negation_counts_in_the_clause_that_asks(question, negated):
    lang = "ko" if any("가" <= c <= "힣" for c in question) else "en"
    assert detect(question, lang).negated is negated


@pytest.mark.parametrize(
    ("question", "named", "excluded"),
    [
        ("Which of the OCI specs isn't the image spec?", "the image spec", "image spec"),
        ("OCI 명세 중 이미지 명세가 아닌 것은?", "이미지 명세", "이미지 명세"),
        ("etcd 말고 마스터 노드에 있는 건?", None, "etcd"),
        ("kube-proxy 빼면 워커 노드 구성요소는 뭐가 남나요?", None, "kube-proxy"),
        ("Which components run on worker nodes, not including kubelet?", None, "kubelet"),
        ("If you leave out the debugging CLIs, which one in the table remains?", None, "the debugging CLIs"),
        ("Setting aside etcd, which components run on the master node?", None, "etcd"),
    ],
)
def test_a_thing_the_answer_is_not_is_found_apart_from_things_left_out(question, named, excluded):
    cues = detect(question, detect_language(question))
    region = cues.not_named_region
    assert (question[region[0] : region[1]] if region else None) == named
    assert excluded in question[slice(*(cues.exclude_region or region))]


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("클러스터 정보는 어디에 저장돼?", True),
        ("Who maintains crictl?", True),
        ("When was dockershim removed?", True),
        ("crictl은 누가 관리해?", True),
        ("What is CRI?", False),
        ("CRI란?", False),
        ("etcd가 뭐야?", False),
    ],
)
def test_who_where_and_when_ask_for_no_definition(question, asks):
    assert detect(question, detect_language(question)).who_where_when is asks


@pytest.mark.parametrize(
    ("question", "word", "back"),
    [
        ("Is crictl the only tool that knows about pods?", "only", True),
        ("Is it the one and only CLI for debugging?", "only", True),
        ("Does nerdctl work only with containerd?", "only", False),
        ("Is only ctr installed with containerd?", "only", False),
        ("ctr만 디버깅용이야?", "r만", True),
        ("컨트롤러는 노드 컨트롤러 하나뿐이야?", "뿐", True),
    ],
)
def test_only_points_at_what_it_restricts(question, word, back):
    assert detect(question, detect_language(question)).only_at == (question.index(word), back)
    assert detect("Which CLIs are for debugging?", "en").only_at is None


@pytest.mark.parametrize(
    ("question", "how_to"),
    [
        ("how do i check a container's logs w/ crictl", True),
        ("What command lists the images with ctr?", True),
        ("crictl로 파드 보려면 뭐 쳐야 돼?", True),
        ("이미지 받을 때 어떤 명령어를 입력하면 돼?", True),
        ("I want to see the images on a node with crictl, what do I run?", True),
        ("what should i type to get a shell in a container", True),
        ("what's the ctr command for pulling an image?", True),
        ("how'd I list pods with crictl", True),
        ("What does crictl do?", False),
        ("What do I need containerd for?", False),
        ("What is the command-line tool that comes with containerd?", False),
        ("crictl은 누가 관리해?", False),
    ],
)
def test_a_task_is_asked_by_how_to_or_by_the_command(question, how_to):
    assert detect(question, detect_language(question)).how_to is how_to


@pytest.mark.parametrize(
    ("question", "lang", "bound"),
    [
        ("How many nodes can a cluster have at most?", "en", True),
        ("What is the maximum number of pods per node?", "en", True),
        ("노드 하나에 파드를 최대 몇 개까지 띄울 수 있어?", "ko", True),
        ("클러스터에 노드 몇 대까지 붙일 수 있어?", "ko", True),
        ("How many nodes does the cluster have?", "en", False),
        ("What are the limitations of ctr?", "en", False),
        ("ctr의 한계는 뭐야?", "ko", False),
        ("What are the limits of a pod?", "en", True),
        ("최대한 쉽게 설명해 줘", "ko", False),
    ],
)
def test_a_question_asking_for_a_limit_is_told_from_one_asking_what_there_is(question, lang, bound):
    assert detect(question, lang).bound is bound


@pytest.mark.parametrize(
    ("question", "universal"),
    [
        ("세 CLI가 하나같이 containerd에서만 동작하나요?", True),
        ("containerd CLI는 죄다 containerd 커뮤니티 거야?", True),
        ("ctr은 하나의 CLI야?", False),
    ],
)
def test_a_korean_quantifier_over_all_is_read_in_its_casual_words(question, universal):
    assert (detect(question, "ko").universal_at is not None) is universal


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Is nerdctl faster than the docker CLI?", [["faster", "fast", "faste"]]),
        ("Which CLI is more user-friendly than ctr?", [["user-friendly"]]),
        ("Which is the most popular container runtime?", [["popular"]]),
        ("Which is easier, ctr or nerdctl?", [["easier", "easi", "easie", "easy"]]),
        # amounts and exclusions rank nothing
        ("Does containerd work with more than one CLI?", []),
        ("Other than etcd, what runs on the master node?", []),
        ("Which node runs more components, the master or the worker?", []),
        ("도커보다 containerd가 더 가벼워?", [["가벼워", "가벼"]]),
        ("ctr보다 향상된 CLI는?", [["향상된", "향상"]]),
        # the noun before 더 names the attribute
        ("도커랑 containerd 중 어느 쪽 성능이 더 좋아?", [["성능"]]),
        ("containerd가 도커보다 성능이 얼마나 더 좋아?", [["성능"]]),  # a degree between the noun and 더
        ("가장 기본적인 containerd CLI는?", [["기본적인", "기본적", "기본"]]),
        # 보다 right after no name is a verb ("살펴보다"), and 더 outside a choice asks for more
        ("crictl로 로그를 살펴보다 막혔어", []),
        ("kubelet에 대해 더 알려줘", []),
        # "better", "좋아" rank by a criterion said elsewhere ("for debugging", "디버깅엔")
        ("Which is better for debugging, crictl or ctr?", []),
        ("디버깅엔 어느 쪽이 더 좋아?", []),
    ],
)
def test_the_attribute_a_question_ranks_things_by(question, words):
    lang = detect_language(question)
    ends = frozenset(m.end() for m in re.finditer(r"도커|ctr|docker", question))
    assert compared_words(question, lang, ends) == words


@pytest.mark.parametrize(
    ("question", "abstains"),
    [
        ("Is nerdctl faster than the docker CLI?", True),
        ("도커보다 containerd가 더 가벼워?", True),
        ("도커랑 containerd 중 어느 쪽 성능이 더 좋아?", True),
        ("Which is the most popular container runtime?", True),
        # ranked by what the graph names: the facts answer it
        ("ctr보다 향상된 CLI는?", False),
        ("Which CLI is more user-friendly than ctr?", False),
    ],
)
def test_a_ranking_by_an_attribute_the_graph_never_names_is_out_of_scope(kb, question, abstains):
    answer = kb.ask(question)
    assert answer.abstained is abstains
    if abstains:
        assert answer.answers == [] and answer.sources

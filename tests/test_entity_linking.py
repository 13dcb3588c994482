"""Entity linking: exact labels in both languages, paraphrases told by the words labels leave over."""

from __future__ import annotations

import pytest

from kubekg.search.text_normalize import detect_language

KR = "https://w3id.org/kubekg/resource/"


@pytest.fixture(scope="module")
def link(kb):
    engine = kb.prepare()._qa

    def run(question: str):
        lang = detect_language(question)
        vector = engine.index.embedder.encode_queries([question])[0]
        return engine.linker.link(question, lang, vector)

    return run


def names(mentions, exact=None):
    return {m.iri.removeprefix(KR) for m in mentions if exact is None or m.exact is exact}


@pytest.mark.parametrize(
    ("question", "entity"),
    [("kube apiserver", "kube-apiserver"), ("API 서버는?", "kube-apiserver"), ("스케줄러가 뭐야", "kube-scheduler")],
)
def test_labels_match_whatever_the_spacing_case_or_script(link, question, entity):
    assert entity in names(link(question), exact=True)


def test_a_name_the_question_already_gives_is_no_evidence_for_a_paraphrase(link):
    # "kube scheduler" shares "schedule" with the responsibility "schedule containers", but it names
    # the scheduler itself; nothing else in the question speaks of scheduling containers
    assert "resp-schedule-containers" not in names(link("Tell me about the kube scheduler: what jobs does it do?"))


def test_a_particle_glued_to_a_name_is_no_evidence_for_a_paraphrase(link):
    # "컨트롤러는" is the class 컨트롤러 and a topic particle: not a paraphrase of "노드 컨트롤러"
    assert not names(link("노트에 나오는 컨트롤러는 몇 종류인가요?"), exact=False)


def test_a_paraphrase_may_contain_a_named_word_whole(link):
    assert "feature-pod-awareness" in names(link("파드 목록을 볼 수 있는 CLI는?"))


@pytest.mark.parametrize("question", ["Why was the CRI introduced in Kubernetes?", "쿠버네티스는?"])
def test_punctuation_does_not_stretch_a_paraphrase_past_a_name(link, question):
    mentions = link(question)
    spans = [(m.start, m.end) for m in mentions if m.exact]
    for m in mentions:
        if not m.exact:
            outside = "".join(
                ch for i, ch in enumerate(question[m.start : m.end], m.start) if not any(s <= i < e for s, e in spans)
            )
            assert outside.strip(" ?.!"), f"{m.iri} links on a name alone"


# -- slips and Hangul spellings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "entity"),
    [
        ("crcitl 은 별도설치 필요함?", "crictl"),  # two letters swapped
        ("What does the kubelte do?", "kubelet"),
        ("contianerd 깔면 뭐 같이 와", "containerd"),
        ("쿠블릿은 워커 노드에서 돌아감?", "kubelet"),  # one vowel off a Hangul spelling the graph has (쿠블렛)
        ("알케이티도 컨테이너 런타임이야?", "rkt"),  # a short name read out letter by letter
        ("이티씨디는 어디서 돌아가?", "etcd"),
        ("큐블릿이 하는 일 알려줘", "kubelet"),
    ],
)
def test_a_slip_or_another_hangul_spelling_of_a_name_still_links(link, question, entity):
    mentions = [m for m in link(question) if m.iri.removeprefix(KR) == entity]
    assert mentions, f"{entity} not linked"
    assert not any(m.exact for m in mentions)  # never passed off as an exact label


@pytest.mark.parametrize(
    "question",
    [
        "ETCD를 띄우고 있는 노드는?",
        "API서버는 노드 상태 정보를 누구한테서 받아와?",
        "쿠버네티스 클러스터는 어떤 노드들로 이뤄져 있어?",
        "컨테이너 올릴 노드를 골라야 하는데, 이건 어떤 컴포넌트가 해주나요?",
        "근처 짜장면 맛집 추천해 주세요",
        "Which registry keeps the images, and where is it hosted?",
    ],
)
def test_ordinary_words_are_not_taken_for_a_spelt_name(kb, question):
    linker = kb.prepare()._qa.linker
    spans = {m.span for m in linker.link(question, detect_language(question)) if m.exact}
    assert linker._sound_alike(question, list(spans)) == []


def test_a_slip_never_replaces_an_exact_label(link):
    # "kubelet" is named exactly; the sound-alike pass only looks at what exact labels leave
    mentions = link("kubelet 이랑 kubelte 차이?")
    exact = [m for m in mentions if m.exact and m.iri == KR + "kubelet"]
    assert exact and all(m.score < 1.0 for m in mentions if not m.exact and m.iri == KR + "kubelet")


@pytest.mark.parametrize(
    ("question", "entity", "said"),
    [
        ("Is there a CLI that's aware of pods?", "feature-pod-awareness", "aware of pods"),
        ("Can nerdctl pull images lazily?", "feature-lazy-pulling", "pull images lazily"),
        ("which tool lets me sign images?", "feature-image-signing", "sign images"),
    ],
)
def test_a_label_said_in_other_word_forms_and_order_links(link, question, entity, said):
    found = [m for m in link(question) if m.iri == KR + entity]
    assert found, names(link(question))
    assert question[found[0].start : found[0].end] == said
    assert not found[0].exact


@pytest.mark.parametrize(
    ("question", "entity", "words"),
    [
        # one of kube-scheduler's names is "쿠버네티스 스케줄러": another name of Kubernetes before another of its own
        ("쿠버 스케쥴러는 머하는 애임", "kube-scheduler", "쿠버 스케쥴러"),
        ("k8s scheduler does what", "kube-scheduler", "k8s scheduler"),
    ],
)
def test_a_name_qualified_the_way_one_of_its_labels_is_is_one_mention(link, question, entity, words):
    exact = [m for m in link(question) if m.exact]
    assert [(m.iri.removeprefix(KR), question[m.start : m.end]) for m in exact] == [(entity, words)]


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # nerdctl has the feature: said side by side without a particle, the two ask about that fact
        ("너드씨티엘 도커 컴포즈 지원함?", {("nerdctl", "너드씨티엘"), ("feature-compose", "도커 컴포즈 지원")}),
        ("nerdctl docker compose 돼?", {("nerdctl", "nerdctl"), ("feature-compose", "docker compose")}),
        # … unless the words are one of the feature's own labels
        ("nerdctl compose 지원함?", {("feature-compose", "nerdctl compose")}),
    ],
)
def test_two_related_names_side_by_side_are_one_mention_only_as_a_label(link, question, said):
    exact = {(m.iri.removeprefix(KR), question[m.start : m.end]) for m in link(question) if m.exact}
    assert exact == said


def test_two_names_side_by_side_stay_two_when_no_label_joins_them(link):
    question = "Does kubelet manage kube-proxy?"
    assert {m.iri.removeprefix(KR) for m in link(question) if m.exact} == {"kubelet", "kube-proxy"}


@pytest.mark.parametrize(
    ("question", "entity", "said"),
    [
        # 파드 인식 is pod awareness's Korean name; the question writes 파드 as "pod"
        ("crictl은 pod를 인식하나요?", "feature-pod-awareness", "pod를 인식"),
        ("ctr이랑 crictl 중에 pod 인식하는 거?", "feature-pod-awareness", "pod 인식"),
    ],
)
def test_a_korean_label_links_when_the_question_writes_its_name_in_latin_letters(link, question, entity, said):
    found = [(m.iri.removeprefix(KR), question[m.start : m.end]) for m in link(question) if m.exact]
    assert (entity, said) in found
    assert "pod" not in {iri for iri, _ in found}  # one link over the words, not the pod as well


def test_a_korean_paraphrase_is_found_when_the_question_writes_a_name_in_latin_letters(link):
    # "워커 노드 간 통신 지원", asked with "worker node" in Latin letters and other words around it
    question = "worker node끼리 통신하게 해주는 건?"
    found = [m for m in link(question) if m.iri == KR + "resp-enable-node-communication"]
    assert found, names(link(question))
    assert question[found[0].start : found[0].end].startswith("worker node")

"""Cue words that change what kind of answer a question wants: a count, yes/no, a comparison, "all".

Relations and entities come from the graph; these few grammatical cues are the only language
knowledge in code. Each returns where in the question the cue sits, so callers can tell which
mention it governs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kubekg.search.text_normalize import hangul_parts

#: "how many", "what's the number of …", "the total number of …?": not "a fixed number of copies" or "the
#: desired number of replicas", which name a number without asking it
_EN_COUNT = re.compile(
    r"\bhow\s+many\b|^\s*count\b|(\b(what(\s+is|'s|\s+was)?|give|tell|show|find|count)(\s+me)?\s+|^\s*)"
    r"(the\s+)?(total\s+)?number\s+of\b",
    re.I,
)
#: "몇 개", "몇 가지": a count needs a counter word ("몇 버전", "몇 번 포트", "몇 년" ask which one)
_KO_COUNT = re.compile(r"몇\s*(개|가지|종류|명|대|곳|군데)|(개수|갯수)(는|가|를)?\s*(몇|어떻게|얼마|\?|$)")
_EN_UNIVERSAL = re.compile(r"\b(all|every|each|any|both)\b", re.I)
_KO_UNIVERSAL = re.compile(r"모든|전부|모두|전체|하나같이|죄다|(?:^|\s)다\s")
#: A table or the things a text compares, named as a source ("according to the comparison table", "the
#: compared CLIs", "비교표에서") asks for no comparison.
_EN_COMPARE = re.compile(
    # "how are they different?", "different from docker"; not a noun's "across *different* runtimes"
    r"\bvs\.?\b|\bversus\b|\bdiffer(?:ences?|s|ing|ed)?\b"
    r"|\bdifferent\b(?!\s+(?!(?:from|between|than|to|in|about)\b)[a-z])"
    r"|(?:\bcompare|(?<!\bthe\s)(?<!\bthose\s)(?<!\bthese\s)\bcompared|\bcomparison)\b(?!\s+(?:table|chart|matrix|grid)s?\b)",
    re.I,
)
_KO_COMPARE = re.compile(
    r"\bvs\.?|차이|비교(?!\s*(?:한\s*|해\s*놓은\s*|해\s*둔\s*)?표)|다른\s*점|다른점|어떻게\s*달라|뭐가\s*달라"
)
#: "isn't", "isn’t", and typed without the apostrophe: "isnt", "doesnt", "cant"
_NOT = r"(?:is|are|was|were|does|do|did|has|have|had|ca|wo|could|would|should)n['’]?t"
#: … also after a short lead-in closed by a comma that asks nothing itself ("According to the note, is …",
#: "So, does …"; not "how does ctr get installed, do I …")
_LEAD_IN = r"(?:(?![^,]*\b(?:how|what|which|who|whose|where|when|why)\b)[^,?]{1,40},\s*)?"
_EN_YESNO_START = re.compile(
    rf"^\s*{_LEAD_IN}(is|are|does|do|can|was|were|did|has|have|should|will|could|would|{_NOT}|is it true)\b", re.I
)
#: A clause before the comma that says something of the asker, not of what is asked ("never heard of
#: dockershim before, what is this thing"; "도커만 써봤는데, 이건 뭐야?"): what follows asks
_STATED_FIRST = re.compile(r"^[^,?]{1,80},\s*")
_EN_QUESTION_WORD = re.compile(r"\b(how|what|which|who|whom|whose|where|when|why)\b", re.I)


def _asked_clause(question: str, lang: str) -> str:
    """The question without a first clause that asks nothing when a later one asks something."""
    wh = _KO_WH if lang == "ko" else _EN_QUESTION_WORD
    first = _STATED_FIRST.match(question)
    if first and not wh.search(first.group()) and wh.search(question[first.end() :]):
        return question[first.end() :]
    return question


#: "A or B?" asks which, not whether; so do "among A, B and C, which …", "A vs B: which one …" and "which of
#: A and B …" (a choice is kept only where two or more things of one kind are named). The things offered one
#: by one (``_EN_OFFERED``, ``_KO_OFFERED``) make no check of a yes/no question either; a group named as a
#: whole does not stop one: "among containerd's CLIs, *is* nerdctl the only …?", "containerd CLI 중에서 …
#: crictl 하나뿐*인가요*?" check one thing within it.
_EN_OFFERED_ONE_BY_ONE = r"\bor\b|^\s*between\b|\b(vs\.?|versus)\s.*\bwhich\b|\b(which|who)\s+(one\s+)?of\b"
_EN_ALTERNATIVE = re.compile(_EN_OFFERED_ONE_BY_ONE + r"|\bamong\b", re.I)
_EN_OFFERED = re.compile(_EN_OFFERED_ONE_BY_ONE + r"|\bamong\b(?=.*\b(which|who|what)\b)", re.I)
_KO_OFFERED_ONE_BY_ONE = (
    r"아니면|또는|이나\s|혹은|(하고|이랑|랑|와|과)\s*(\S+\s+){0,2}\S+\s*(중(에|에서)?|가운데(서|에서)?)\s"
    r"|\bvs\.?\s.*(어느|어떤|누가|뭐가)"
)
#: "마스터 노드 구성요소 중에서 …": the word before 중에/가운데 names a group of things to choose from
_KO_AMONG = re.compile(r"(\S+)\s*(?:중(?:에|에서)|가운데(?:서|에서)?)\s")
_KO_ALTERNATIVE = re.compile(f"{_KO_OFFERED_ONE_BY_ONE}|{_KO_AMONG.pattern}")
_KO_OFFERED = re.compile(_KO_OFFERED_ONE_BY_ONE)
#: "besides etcd", "other than ctr": the things named right after are left out of the answers
_EN_EXCLUDE = re.compile(
    r"\b(except(?: for)?|besides|other than|apart from|excluding|exclude|aside from|not counting|not including|"
    r"(?:leave|leaving|set|setting|put|putting)\s+(?:out|aside)|ignoring|skipping|minus|but not)\s+",
    re.I,
)
#: "etcd 말고", "ctr 빼고", "kube-proxy 빼면": the things named right before are left out
_KO_EXCLUDE = re.compile(
    r"\s*(은|는|을|를|이|가)?\s*(말고|빼고|빼면|빼놓고|뺀|제외하고|제외하면|제외한|제외|외에|외의|이외에|이외의)"
)
#: "which of the specs *is not* the image spec?", "… 중 컨테이너*가 아닌* 것": what is named after (before, in
#: Korean) may be a thing to leave out, when it is among the answers (a property named so, "디버깅용이 아닌
#: CLI", asks for a complement instead)
_EN_NOT_NAMED = re.compile(r"\b(?:is|are)(?: not|n['’]?t)\s+", re.I)
_KO_NOT_NAMED = re.compile(r"\s*(이|가)\s+아닌")
#: "which CLIs are *not* maintained by …", "디버깅용이 *아닌* 도구": the complement of a reading
_EN_NEGATION = re.compile(rf"\b(not|never|no longer|{_NOT})\b|n['’]t\b|\bnon-", re.I)
_KO_NEGATION = re.compile(r"아닌|아니|않는|않은|않아|안\s*(하|되|쓰|돼)|못\s*하|없는")
#: "the *only* runtime", "containerd*만*", "유일한": a quantifier over the answers
_EN_ONLY = re.compile(r"\b(only|sole|solely|exclusively|just)\b", re.I)
_KO_ONLY = re.compile(r"유일|뿐|\S만\s|\S만\s*(지원|돼|되|써|쓰|해|하|있|가능)|\S만[?？]")
#: "the *maximum* number of nodes", "*at most*", "*최대* 몇 개까지": words of a bound (a limit asked for, which no
#: count or list of what there is answers; "minimum" also of a version required), not 최대한 or 최소화
_EN_BOUND = re.compile(
    r"\b(at\s+most|at\s+least|maximum|minimum|max|upper\s+limit|lower\s+limit|limits?|capacity|up\s+to\s+how\s+many)\b",
    re.I,
)
_KO_BOUND = re.compile(r"최대(?!한)|최소(?!화)|한도|상한|하한|몇\s*(개|대|명)까지")
#: A Korean yes/no question ends in a verb or copula ending (casual written "…관리함?", "…맞음?" too);
#: "…컴포넌트는?" (a bare topic) asks what.
_KO_YESNO_END = re.compile(
    r"(해|돼|되|있어|없어|나요|가요|까|니|냐|지|죠|어|아|야|래|거야|건가|을까|데|떠|써|가|와|봐|요"
    r"|쓰여|어려워|[하되쓰맞있없]나)\s*[?？!.]*\s*$"
)
#: "how do I …", "what command …", "뭐 치면 돼?", "어떤 명령어를 입력하면": a task, answered by the thing that does it
_EN_HOW_TO = re.compile(
    r"\bhow\s+(do|can|could|would|should|will)\s+(i|you|we|one)\b|\bhow'?d\s+(i|you|we)\b|\bhow\s+to\b"
    r"|\b(what|which)\s+(command|cmd)s?\b(?!-)|\bwhat(?:'?s|\s+is)\s+the\s+(?:\S+\s+)?(command|cmd)\b(?!-)"
    r"|\bwhat\s+(do|should|can|could|would|must)\s+(i|you|we)\s+(type|run|enter|execute)\b"
    r"|\b(command|cmd)s?\s+(to|for)\b",
    re.I,
)
_KO_HOW_TO = re.compile(r"(뭐|뭘|무엇을|무슨|어떤)\s*(명령\S*\s*)?(쳐|치|입력|실행)|명령어|커맨드|하려면|하고\s*싶")
#: Vowels of the plain-speech verb ending (아/어 and their contractions: 깔*려*?, 만들어*져*?, 돼?, 봐?)
_KO_VERB_VOWELS = frozenset({0, 1, 4, 6, 9, 10, 14})  # ㅏ ㅐ ㅓ ㅕ ㅘ ㅙ ㅝ


def _ends_in_plain_verb(question: str) -> bool:
    """A question of more than one word whose last word (two syllables or more) ends in a plain-speech verb
    ending and a question mark ("ctr은 containerd랑 같이 깔려?"): a check, not a bare noun asked about."""
    words = question.rstrip().rstrip("?？").split()
    if len(words) < 2 or not question.rstrip().endswith(("?", "？")):
        return False
    last = words[-1]
    parts = [hangul_parts(ch) for ch in last[-2:]]
    if len(last) < 2 or None in parts:
        return False
    _, vowel, final = parts[-1]
    return final == 0 and vowel in _KO_VERB_VOWELS


#: "Is there …?" / "…있어?" asks for the things, not for a yes.
_EN_EXISTENCE = re.compile(r"^\s*(is|are)\s+there\b", re.I)
_KO_EXISTENCE = re.compile(r"(?<!수 )(?<!수)(있어|있나요|있니|있을까|있어요|없어|없나요|없을까)\s*[?？]*\s*$")
#: "Which …" asks to pick things out, never for a definition.
_EN_SELECT = re.compile(r"\bwhich\b", re.I)
_KO_SELECT = re.compile(r"어떤|어느|무슨")
_AUXILIARIES = "is|are|was|were|does|do|did|can|could|should|will|would|has|have"
_EN_AUXILIARY = re.compile(rf"({_AUXILIARIES})\b", re.I)
#: "which things … are *node components*?": the kind named after a closing copula
_EN_PREDICATE_NOUN = re.compile(r"\b(?:are|is)\s+(?:an?\s+|the\s+)?((?:[\w-]+\s+){0,2}[\w-]+)\s*\?*\s*$", re.I)
#: "does rkt plug into Kubernetes *through* the CRI?": the means named is what the check is about
_EN_VIA = re.compile(r"\b(through|via|by way of)\s+", re.I)
_KO_VIA = re.compile(r"(을|를)?\s*(통해|통해서|거쳐|거쳐서)")
#: "what is *the purpose* of the CLI that …?": the kind asked for is named before "of"
_EN_THE_KIND_OF = re.compile(
    r"^\s*what(?:\s+is|\s+are|\s+was|\s+were|['’]s)\s+the\s+((?:[\w-]+\s+)?[\w-]+)\s+of\b", re.I
)
#: "which"/"what" and the imperative "list"/"name" (asked politely too: "can you list …?"); an infinitive or a
#: verb of the asker ("I want *to list* the pods …, what command do I run?", "I list …", "if you list …") is
#: the task, not the ask
_EN_WHICH = re.compile(
    r"\b(which|what|how\s+many|(?<!\bto\s)(?<!\bI\s)(?<!\bwe\s)"
    r"(?<!(?<!\bcan\s)(?<!\bcould\s)(?<!\bwould\s)(?<!\bwill\s)\byou\s)(?:list|name)(?:\s+all)?(?:\s+the)?)\s+",
    re.I,
)
#: What may follow the asked-for noun at the end of a Korean question: a particle, then a question word.
_KO_TAIL = re.compile(
    r"(\s*(건|거|것|게))?(들)?(은|는|이|가|을|를|이야|야|예요|이에요|인가요|로)?(\s*(다|전부|모두))?\s*"
    r"(뭐야|뭐예요|뭔가요|뭐지|뭐니|뭔데|(뭐|머|누구)(임|냐)|머야|무엇인가요|무엇이야|무엇|뭘까|누구야|누구예요|누구|뭐가\s*있어|뭐\s*있어|뭐뭐\s*있어|"
    r"뭐뭐야|뭐뭐|어떤\s*거야|있어|있나요|목록|"
    # a request in any register: "알려 줘", "좀 나열해 줄래?", "정리해 주실래요?", "꼽아 봐"
    r"(좀\s*)?(알려|말해|보여|나열해|정리해|꼽아)\s*(줘요|줘|주세요|줄래요|줄래|주실래요|주시겠어요|줄\s*수\s*있어요?|봐)|"
    # a count, said as what the note lists too: "몇 개 나와 있나요", "몇 개나 돼?", "몇 가지 소개돼 있어요?"
    r"몇\s*(개|가지|종류)(이나|나)?\s*((나와|적혀|언급돼|언급되어|소개돼|소개되어|나열돼|정리돼|실려|들어)\s*)?"
    r"(야|예요|에요|이에요|임|인가요|지|죠|나|냐|나와요|있어요|있어|있나요|있지|있음|있니|돼요|돼|되나요|됨)?)?"
    r"\s*[?？.!]*\s*$"
)
#: A noun with the particle of a subject and "as what" after it: "용도*가 뭐로*", "역할*이 무엇이라고*" (the noun
#: before 은/는 is what is talked about: "etcd는 무엇을 …", "nerdctl은 뭐로 …"; a name in Latin letters is a
#: thing, not a kind: "nerdctl이 뭐로 분류돼?")
_KO_NOUN_WHAT = re.compile(r"([\uac00-\ud7a3]+?)(?:이|가)\s*(?:뭐|무엇)(?:으로|로|이라고|라고)")
#: Words that ask for something (or request it: 알려, 보여); "목록" (a list) is not one of them, it is what is
#: seen in "파드 목록을 볼 수 있나요?" (a yes/no)
_KO_WH = re.compile(
    r"뭐|뭘|뭔|무엇|무슨|어떤|어떻게|어때|어땠|어떠|어느|어디|누가|누구|언제|왜|몇|얼마|알려|보여|설명|말해|나열|정리"
    r"|(?<![가-힣])머(?=하|해|야|임|냐|지|가|를|\s|[?？]|$)"  # casual spelling of 뭐: "머하는 애임"
)
#: A request in any register asks for things, never whether: "전부 골라 주세요", "예를 들어 줄래?", "정리해 주실래요?";
#: and a bare topic closed by 요 ("ctr 말고 디버깅용 CLI*는요*?") asks "what about …", not whether.
_KO_REQUEST = re.compile(
    r"(주세요|줘요?|줄래요?|주실래요|주시겠어요|주시겠습니까|줄\s*수\s*있(어요?|나요|을까요?))\s*[?？.!]*\s*$"
    r"|[은는]요\s*[?？]+\s*$"
)
#: "can you list …", "could you tell me the …", "please name …" ask for things; "can you tell me *if* …" checks
_EN_REQUEST = re.compile(
    r"^\s*(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?|please\s+)"
    r"(?:explain|list|tell|show|name|give|describe|walk|enumerate|point|pick|recommend|suggest)\b",
    re.I,
)
_EN_WHETHER = re.compile(r"\b(if|whether)\b", re.I)
#: A wish stated, not asked ("…띄우고 싶어요.", "…하려고 하는데"): it asks how, never whether.
_KO_INTENT = re.compile(r"고\s*싶|려고\s*(해|하는|합니다|요)")
#: Where "only" points at the one thing it restricts: back at the thing named just before ("Is ctr *the
#: only* CLI …?", "ctr*만*", "노드 컨트롤러 하나*뿐*"), or ahead at the next one ("does nerdctl work *only* with
#: containerd?", "*only* ctr").
_EN_ONLY_BACK = re.compile(r"\bthe\s+(?:one\s+and\s+)?$", re.I)


#: Question words that ask for an agent, a place or a time ("클러스터 정보는 *어디에* 저장돼?": what stores
#: it, not what storing it means).
_EN_WHO_WHERE_WHEN = re.compile(r"\b(who|whom|where|when)\b", re.I)
_KO_WHO_WHERE_WHEN = re.compile(r"어디|누가|누구|언제")


@dataclass(frozen=True)
class Cues:
    count: bool
    yes_no: bool
    compare: bool
    universal_at: int | None  # character offset of "all"/"모든", if any
    alternative: bool = False  # "master or worker?": the answer is among the things named
    existence: bool = False  # "is there …?": list what there is
    asked_type_regions: tuple[tuple[int, int], ...] = ()  # where the asked-for kind of thing is named
    selects: bool = False  # "which …": pick things out (not a definition)
    via_region: tuple[int, int] | None = None  # "… through *the CRI*?", "*CRI*를 통해": where the means is named
    exclude_region: tuple[int, int] | None = None  # where the things to leave out are named
    not_named_region: tuple[int, int] | None = None  # where a thing the answers are "not" is named
    negated: bool = False  # "not", "아닌": the question may ask for the complement
    only: bool = False  # "only", "만", "유일": a quantifier over the answers
    bound: bool = False  # "at most", "maximum", "최대": asks for a limit, not for what there is
    who_where_when: bool = False  # asks for an agent, a place or a time: never for a definition
    only_at: tuple[int, bool] | None = None  # the "only" cue's offset, and whether it restricts the thing
    # named before it (True) or after it (False)
    how_to: bool = False  # asks how to do a task ("how do I list pods?", "이미지 받으려면 뭐 쳐?")


def detect(question: str, lang: str) -> Cues:
    if lang == "ko":
        count = bool(_KO_COUNT.search(question))
        universal = _KO_UNIVERSAL.search(question)
        compare = bool(_KO_COMPARE.search(question) or _EN_COMPARE.search(question))
        yes_no = (
            (bool(_KO_YESNO_END.search(question)) or _ends_in_nominal_m(question) or _ends_in_plain_verb(question))
            and not _KO_WH.search(question)
            and not _KO_INTENT.search(question)
            and not _KO_REQUEST.search(question)
            and not _KO_OFFERED.search(question)
            and not _repeated_predicate(question)
            and not count
            and not compare
        )
    else:
        count = bool(_EN_COUNT.search(question))
        universal = _EN_UNIVERSAL.search(question)
        compare = bool(_EN_COMPARE.search(question))
        yes_no = bool(_EN_YESNO_START.search(question)) and not _EN_OFFERED.search(question)
        yes_no = yes_no and not (_EN_REQUEST.search(question) and not _EN_WHETHER.search(question))
        yes_no = yes_no and not _repeated_predicate(question)
        yes_no = yes_no and not count and not compare
    selects = bool((_KO_SELECT if lang == "ko" else _EN_SELECT).search(question))
    alternative = bool((_KO_ALTERNATIVE if lang == "ko" else _EN_ALTERNATIVE).search(question)) or (
        _repeated_predicate(question)
    )
    # a yes/no question names its group as a whole to check one thing within it, offering no choice
    alternative = alternative and not yes_no
    # "ctr or nerdctl, how do they differ?" asks for a comparison; "… which one differs from docker?" a choice
    alternative = alternative and (selects or not compare)
    existence = bool((_KO_EXISTENCE if lang == "ko" else _EN_EXISTENCE).search(question))
    return Cues(
        who_where_when=bool((_KO_WHO_WHERE_WHEN if lang == "ko" else _EN_WHO_WHERE_WHEN).search(question)),
        asked_type_regions=_asked_type_regions(question, lang, yes_no),
        selects=selects,
        via_region=_via_region(question, lang),
        count=count,
        yes_no=yes_no,
        compare=compare,
        universal_at=universal.start() if universal else None,
        alternative=alternative,
        existence=existence,
        exclude_region=_exclude_region(question, lang),
        not_named_region=_exclude_region(question, lang, _KO_NOT_NAMED if lang == "ko" else _EN_NOT_NAMED),
        negated=bool((_KO_NEGATION if lang == "ko" else _EN_NEGATION).search(_asked_clause(question, lang))),
        only=bool((_KO_ONLY if lang == "ko" else _EN_ONLY).search(question)),
        bound=bool((_KO_BOUND if lang == "ko" else _EN_BOUND).search(question)),
        only_at=_only_at(question, lang),
        how_to=bool((_KO_HOW_TO if lang == "ko" else _EN_HOW_TO).search(question)),
    )


def _only_at(question: str, lang: str) -> tuple[int, bool] | None:
    """Where "only" is said, and which way it points (see ``_EN_ONLY_BACK``)."""
    found = (_KO_ONLY if lang == "ko" else _EN_ONLY).search(question)
    if found is None:
        return None
    # Korean: "ctr만", "하나뿐", "ctr이 유일한 …": the particle or noun follows what it restricts
    return found.start(), lang == "ko" or bool(_EN_ONLY_BACK.search(question[: found.start()]))


def _exclude_region(question: str, lang: str, cue: re.Pattern | None = None) -> tuple[int, int] | None:
    """Where the things to leave out are named: after "besides"/"other than" (up to the next comma or
    question word), before "말고"/"빼고"/"제외하고" (the word or two in front); or around another cue."""
    if lang == "ko":
        m = (cue or _KO_EXCLUDE).search(question)
        if not m or m.start() == 0:
            return None
        start = question.rfind(" ", 0, max(0, question.rfind(" ", 0, m.start()))) + 1
        return start, m.start()
    m = (cue or _EN_EXCLUDE).search(question)
    if not m:
        return None
    stop = re.search(r"[,?;]|\b(which|what|who|is|are|does|do|can)\b", question[m.end() :], re.I)
    return m.end(), m.end() + (stop.start() if stop else len(question) - m.end())


def _via_region(question: str, lang: str) -> tuple[int, int] | None:
    """Where the means is named: right after "through"/"via" in English, right before "통해"/"거쳐"."""
    if lang == "ko":
        m = _KO_VIA.search(question)
        return (m.start() - 1, m.start()) if m and m.start() > 0 else None
    m = _EN_VIA.search(question)
    return (m.end(), m.end() + 5) if m else None


def _ends_in_nominal_m(question: str) -> bool:
    """Casual written Korean closes a yes/no question with a verb in -ㅁ: "관리함?", "돌아감?", "맞음?"."""
    words = question.rstrip(" ?？!.").split()
    last = words[-1] if words else ""
    if len(last) < 2 or not ("가" <= last[-1] <= "힣"):
        return False
    return (ord(last[-1]) - 0xAC00) % 28 == 16  # final consonant ㅁ


#: Sentence endings two clauses of a choice share ("…야 …야", "…예요 …예요", "…있어 …있어").
_HANGUL_ENDING = re.compile(r"[\uac00-\ud7a3]*(야|요|어|까|니|나|지)")


def _repeated_predicate(question: str) -> bool:
    """ "…마스터에 떠 있어, 워커에 떠 있어?", "마스터야 워커야?", "etcd예요, kube-apiserver예요?", "kubelet 담당이야
    kube-proxy 담당이야?": the question ends in a clause whose ending an earlier clause also ends in, so
    it offers a choice between them."""
    words = question.rstrip(" ?？!.").replace(",", " ").split()
    if len(words) < 2:
        return False
    last = words[-1]
    for k in range(len(words) - 2, max(len(words) - 5, -1), -1):
        earlier = words[k]
        # the same predicate after different words: "A 담당이야 B 담당이야", "A에 떠 있어, B에 떠 있어"
        if earlier == last:
            j = 1
            while k - j >= 0 and words[k - j] == words[len(words) - 1 - j]:
                j += 1
            return k - j >= 0 and len(words) - 1 - j > k
        ending = _common_ending(earlier, last)
        if ending and _HANGUL_ENDING.fullmatch(ending) and len(earlier) > len(ending) and len(last) > len(ending):
            return True
    return False


def _common_ending(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n :] if n else ""


def _asked_type_regions(question: str, lang: str, yes_no: bool) -> tuple[tuple[int, int], ...]:
    """Where the question names the kind of answer it wants, when its grammar says so: in English the
    words right after "which"/"what" ("which *worker-side component* …") and a closing "… are *node
    components*?"; in Korean the word after 어떤/어느/무슨, else the noun just before the closing
    particle and question word ("…해주는 *컴포넌트*는?"), and the group the answer is chosen from ("마스터
    노드 *구성요소* 중에서 etcd를 빼면 뭐가 남나요?"). Empty when the grammar does not tell."""
    if lang == "ko":
        word = _ko_word_after_which(question)
        if word:
            return (word,)
        among = _KO_AMONG.search(question) if not _KO_OFFERED.search(question) else None
        group = (among.span(1),) if among else ()
        tail = _KO_TAIL.search(question)  # always found: every part of it may be empty
        if not tail.group().strip(" ?？.!"):
            # a question word with more after it ("…는 용도*가 뭐*로 분류돼요?"): the noun before it; a question
            # with none that checks nothing ends with what it asks for ("containerd랑 같이 깔리는 *CLI*?")
            asked = list(_KO_NOUN_WHAT.finditer(question))
            if asked:
                return (*group, (asked[-1].end(1) - 1, asked[-1].end(1)))
            if yes_no or _KO_WH.search(question):
                return group
        return (*group, (tail.start() - 1, tail.start())) if tail.start() > 0 else group
    start = _en_kind_start(question)
    if start is None:
        of = _EN_THE_KIND_OF.search(question)
        return (of.span(1),) if of else ()
    regions = []
    words = re.match(r"\s*\S+(\s+\S+){0,2}", question[start:])
    if words:
        regions.append((start, start + words.end()))
    predicate = _EN_PREDICATE_NOUN.search(question, start)
    if predicate:
        regions.append(predicate.span(1))
    return tuple(regions)


#: Head nouns that name no particular kind ("which *piece* of …", "어떤 *도구*"): they never make a
#: question out of scope.
GENERIC_KINDS = frozenset(
    """piece part thing one item bit product tool software program application app option choice element
    entity stuff type sort kind member way everything anything something all
    daemon process binary utility solution subcommand
    것 거 부분 도구 제품 프로그램 소프트웨어 요소 애 종류 항목 방법 쪽 편 때문 나머지 내용
    차이 차이점 공통점 장점 단점 의미""".split()
)
#: Words that end a noun phrase after the question word: prepositions and relative pronouns
_PHRASE_END = "of|in|on|at|for|to|from|with|by|that|which|who"
_EN_STOP = re.compile(rf"({_AUXILIARIES}|{_PHRASE_END}|the|a|an)$", re.I)
_KO_PARTICLE = re.compile(
    # "어떤 것*뿐*인가요", "어느 쪽*만*": a quantifier before the particle is no part of the kind
    r"(들)?(뿐|만|밖에)?(이|가|을|를|은|는|의|에|에서|로|으로|와|과|도|만|랑|이랑|하고|처럼|보다|까지|부터"
    # the copula's endings: "어느 쪽*이야*", "*인가요*", "*입니까*", "*일까*", "*이냐*", "*임*"
    r"|이야|야|예요|이에요|인가요|인가|입니까|입니다|인지|이죠|죠|일까요|일까|이냐|냐|임)?$"
)


def asked_kind_words(question: str, lang: str) -> list[str]:
    """The words that name the kind of thing a "which/what <kind>" question asks for ("what *port*
    does …", "어느 *회사*가 …"), lower-cased; [] when none is named."""
    if lang == "ko":
        span = _ko_word_after_which(question)
        word = re.match(r"[\uac00-\ud7a3A-Za-z]+", question[span[0] : span[1]]) if span else None
        return [(_KO_PARTICLE.sub("", word.group()) or word.group()).lower()] if word else []
    start = _en_kind_start(question)
    if start is None:
        return []
    words = []
    for w in re.findall(r"[A-Za-z][\w-]*", question[start:])[:3]:
        if _EN_STOP.match(w):
            break
        words.append(w.lower())
    return words


#: A Korean case particle closing a noun (not the copula: "어떤 거 써*야*" closes a verb)
_KO_CASE = re.compile(r"(들)?(이|가|을|를|은|는|으로|로|와|과|에서|에)$")
#: … those of a place or a means ("기능*에*는", "노트*에서*는", "명령어*로*는"), which name no thing asked about
_KO_PLACE_OR_MEANS = re.compile(r"(에|에서|로|으로|와|과|하고)$")


def asked_kind_head(question: str, lang: str) -> str | None:
    """The noun that heads a kind named in two words or more, where the grammar closes the phrase ("which
    scheduling *algorithm* does …", "어떤 합의 *알고리즘*을 …"): the thing asked for is of that kind, whatever
    the word before it names. None for a kind of one word, or where the phrase runs on."""
    if lang == "ko":
        span = _ko_word_after_which(question)
        if span is None or _KO_CASE.search(question[span[0] : span[1]]):
            return None
        after = re.match(r"\s+([\uac00-\ud7a3A-Za-z]+)", question[span[1] :])
        if after is None or not _KO_CASE.search(after.group(1)):
            return None
        head = _KO_CASE.sub("", after.group(1)).lower()
        return head if len(head) >= 2 else None  # "어떤 거든 같*이* …": an adverb, no noun
    start = _en_kind_start(question)
    if start is None:
        return None
    kind: list[str] = []
    for w in re.findall(r"[A-Za-z][\w-]*", question[start:])[:4]:
        if _EN_AUXILIARY.fullmatch(w):
            return kind[-1] if len(kind) >= 2 else None
        if _EN_STOP.match(w):
            return None
        kind.append(w.lower())
    return None


#: "what is *the kubelet's config file* …", "where is *etcd's data directory* located": the thing asked about,
#: named after the copula up to a preposition, a participle or the end of the clause
_EN_COPULA_SUBJECT = re.compile(r"\b(?:what|where|which)(?:'s|’s|\s+is|\s+are|\s+was|\s+were)\s+(?:the\s+)?", re.I)
_EN_SUBJECT_END = re.compile(
    rf"(?:{_PHRASE_END}|between|among|about|than|when|if|and|or|like|so|apart|besides|except"
    r"|located|stored|kept|used|called|named|set|written|defined|listed|given)$",
    re.I,
)


#: A Korean topic after another word, right before a question word ("스케줄링 *알고리즘*은 어떻게")
_KO_TOPIC_ASKED = re.compile(r"\S\s+([\uac00-\ud7a3]+?)(?:들)?(?:은|는)\s+(?:어떻게|뭐|뭘|무엇|어디|언제|왜)")
#: A thing asked for by its name: the kind is what the name is of ("the *name of* the scheduling algorithm",
#: "알고리즘 *이름은* 뭐야?")
_KO_NAME_ASKED = re.compile(
    r"([\uac00-\ud7a3A-Za-z]+)\s*(?:의\s*)?(?:이름|명칭)(?:이|은|는)?\s*(?:뭐|뭔|뭘|무엇|어떻게)"
)
_EN_NAME_OF = re.compile(r"\bname\s+of\s+(?:the|this|that|its|a|an)\s+", re.I)
#: … whose phrase ends before a relative word, a verb or a preposition, or before another name ("kube-scheduler")
_EN_NAME_OF_END = re.compile(
    r"that|which|who|whom|it|the|a|an|used|uses|does|do|is|are|in|for|on|by|of|with|\w*[-\d][\w-]*", re.I
)


def asked_about_head(question: str, lang: str) -> str | None:
    """The noun heading the thing a "what/where is the …" question asks about, named in two words or more
    ("where is the kubelet config *file* located?", "what is the default *path* of …"): a thing of that
    kind, whatever the word before it names; in Korean the topic after another word, right before the
    question word ("kube-scheduler의 스케줄링 *알고리즘*은 어떻게 …?"). None where no such phrase closes."""
    if (_KO_COMPARE if lang == "ko" else _EN_COMPARE).search(question):
        return None  # "ctr과 nerdctl *차이*는 뭐야?", "what is the *difference* between …": a comparison
    if lang == "ko":
        if named := _KO_NAME_ASKED.search(question):
            head = _KO_CASE.sub("", named.group(1)).lower()
            return head if len(head) >= 2 else None
        # "kube-scheduler의 스케줄링 *알고리즘*은 어떻게 동작하나요?": the topic said just before the question word
        topic = _KO_TOPIC_ASKED.search(question)
        head = topic.group(1) if topic else ""
        return head.lower() if len(head) >= 2 and not _KO_PLACE_OR_MEANS.search(head) else None
    if named := _EN_NAME_OF.search(question):
        words = []
        for w in re.findall(r"[A-Za-z][\w-]*", question[named.end() :])[:4]:
            if _EN_NAME_OF_END.fullmatch(w):
                break
            words.append(w.lower())
        return words[-1] if words and len(words) < 4 else None
    if (m := _EN_COPULA_SUBJECT.search(question)) is None:
        return None
    words: list[str] = []
    tokens = re.findall(r"[A-Za-z][\w'’-]*|[?,.!;:]", question[m.end() :])
    for w in tokens[:4]:
        # … up to a preposition, a participle, a mark, or a verb after two words ("the runtime crictl *depends*
        # on"): the phrase is closed
        if not w[0].isalpha() or _EN_SUBJECT_END.match(w) or (len(words) >= 2 and re.search(r"(?:s|ed)$", w)):
            break
        if _EN_ADVERB.fullmatch(w):  # "what was dockershim *even* for": no noun
            return None
        words.append(w.lower())
    else:
        if len(tokens) > 4:
            return None  # the phrase runs on
    head = words[-1] if len(words) >= 2 else ""
    return head if re.fullmatch(r"[a-z]+", head) and not head.endswith("ing") else None


#: "which *of the three* CLIs …": the kind is named after the partitive
_EN_OF_THE = re.compile(r"of\s+(?:all\s+)?(?:the|these|those)\s+(?:(?:two|three|four|five|\d+)\s+)?", re.I)


#: A preposition right after the question word places what is asked instead of naming its kind
_EN_PLACE_FIRST = re.compile(r"(?:on|in|at|inside|within|across|from)\s", re.I)
_EN_CONCEDED = re.compile(r"\b(?:no\s+matter|regardless\s+of|irrespective\s+of)\s+$", re.I)


#: "part of what *again*", "what *exactly* …": an adverb after the question word names no kind
_EN_ADVERB = re.compile(
    r"(?:again|exactly|else|precisely|actually|really|basically|even|now|then|currently|usually|normally"
    r"|typically|generally|specifically)\b",
    re.I,
)


def _en_kind_start(question: str) -> int | None:
    """Where the words after "which"/"what" start, when they may name a kind ("what *does* etcd do?" and
    "what *on* the node …" name none; "which of the three *CLIs* …" names it after the partitive)."""
    # "no matter *which* runtime a node uses": a concession, not what is asked
    m = next((w for w in _EN_WHICH.finditer(question) if not _EN_CONCEDED.search(question, 0, w.start())), None)
    if not m:
        return None
    of = _EN_OF_THE.match(question, m.end())
    if of and not _EN_AUXILIARY.match(question, of.end()):
        start = of.end()
    elif _EN_AUXILIARY.match(question, m.end()):
        return None
    else:
        start = m.end()
    # "What *on the worker node* does the kubelet manage?": where, not what kind
    return None if _EN_PLACE_FIRST.match(question, start) or _EN_ADVERB.match(question, start) else start


#: A unit after 몇 names what is asked as the word after 어떤 does: "몇 *년도*에", "몇 *버전*부터", "몇 *번* 포트"
_KO_HOW_MANY_UNIT = re.compile(r"몇\s*(년도|년|월|일|시|번째|번|버전|살)")


def _ko_word_after_which(question: str) -> tuple[int, int] | None:
    """The span of the word after 어떤/어느/무슨, or of the unit after 몇."""
    which = _KO_SELECT.search(question)
    if which is None:
        unit = _KO_HOW_MANY_UNIT.search(question)
        return unit.span(1) if unit else None
    word = re.match(r"\s*(\S+)", question[which.end() :])
    return (which.end() + word.start(1), which.end() + word.end(1)) if word else None


#: "faster than", "more secure than", "the most popular", "the least used", "which is faster, …": the attribute
#: things are ranked by (not an amount: "more than one runtime", "other than etcd")
_NOT_COMPARATIVE = (
    r"(?!(?:other|rather|more|less|fewer|greater|bigger|larger|never|ever|either|neither|over|under|after|whether)\b)"
)
_EN_COMPARED = re.compile(
    rf"\b(?:(?:more|less)\s+([a-z][a-z-]+)\s+than|{_NOT_COMPARATIVE}([a-z]{{2,}}er)\s+than"
    rf"|the\s+(?:most|least)\s+([a-z][a-z-]+)"
    rf"|(?:which|who)(?:\s+one)?\s+(?:is|are|'s|was)\s+(?:more\s+([a-z][a-z-]+)|{_NOT_COMPARATIVE}([a-z]{{2,}}er)))\b",
    re.I,
)
#: Korean ranks with 보다 after the thing compared with ("docker*보다* 더 빨라?", "ctr*보다* 향상된"; "살펴보다" is a
#: verb: 보다 counts only right after a name), a superlative ("*가장* 가벼운", "*제일* 많이") or 더 in a
#: question that offers a choice ("어느 쪽이 *더* 좋아?"); the ranking word follows 더 where one is said
_KO_THAN = re.compile(r"보다\s")
_KO_MOST = re.compile(r"(?:가장|제일)\s*([\uac00-\ud7a3]+)")
#: … the noun before 더 (a degree said between them: "성능이 *얼마나* 더 좋아?") and the word after it
_KO_MORE = re.compile(
    r"(?:(?:^|\s)([\uac00-\ud7a3]+?)[이가](?:\s+(?:얼마나|훨씬|좀|조금|많이|약간|꽤))?)?(?:^|\s)(?:더|덜|훨씬)\s*([\uac00-\ud7a3]+)"
)
_KO_ASKED_NOUNS = GENERIC_KINDS | {"뭐", "무엇", "누구", "어디", "어느", "어떤", "어떤게", "어느게", "게", "건"}
_KO_WHICH_ONE = re.compile(r"어느|어떤|누가|뭐가|중에|중\s")
_EN_AMOUNT = re.compile(r"^(?:one|two|three|\d+|of|the|a|an)$", re.I)
#: Words that rank by a criterion said elsewhere ("better *for debugging*", "디버깅엔 어느 쪽이 더 *좋아*?"): no
#: attribute of their own
_EVALUATIVE = re.compile(
    r"^(?:better|good|suitable|suited|appropriate|preferable|recommended|useful|ideal|fit|"
    r"좋|나아|낫|나은|적합|괜찮|알맞|추천)",
    re.I,
)


def compared_words(question: str, lang: str, name_ends: frozenset[int] = frozenset()) -> list[list[str]]:
    """The attributes a question ranks things by, each as the forms its word may be listed under ("faster"
    -> faster, fast; "향상된" -> 향상된, 향상); [] when it ranks by none. A Korean 보다 counts only where a name
    ends (``name_ends``: the end offsets of the question's names)."""
    if lang == "ko":
        words = [m.group(1) for m in _KO_MOST.finditer(question)]
        than = next((m for m in _KO_THAN.finditer(question) if m.start() in name_ends), None)
        if than is not None or _KO_WHICH_ONE.search(question):
            rest = question[than.end() :] if than is not None else question
            more = _KO_MORE.search(rest)
            hangul = [w for w in rest.split() if re.fullmatch(r"[\uac00-\ud7a3]+[?？.!]*", w)] if than else []
            # "성능이 더 좋아": the noun before 더 names the attribute, the word after it only its direction (unless
            # the noun is what is asked: "뭐가 더 향상된 거야?", "어느 쪽이 더 …")
            noun = more.group(1) if more and more.group(1) not in _KO_ASKED_NOUNS else None
            word = (noun or more.group(2)) if more else (hangul[0].rstrip("?？.!") if hangul else None)
            words += [word] if word else []
        # a conjugated word may be listed in another form: "향상된" under 향상, "기본적인" under 기본적
        return [
            list(dict.fromkeys([w, w[:-1], w[:2]] if len(w) >= 3 else [w])) for w in words if not _EVALUATIVE.match(w)
        ]
    found: list[list[str]] = []
    for m in _EN_COMPARED.finditer(question):
        word = next(g for g in m.groups() if g).lower()
        if _EN_AMOUNT.match(word) or _EVALUATIVE.match(word):
            continue
        if m.group(2) or m.group(5):
            stem = word[:-2]  # faster -> fast, simpler -> simpl(e), bigger -> big, easier -> easy
            forms = [word, stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem]
            forms += [stem[:-1] + "y"] if stem.endswith("i") else []
            found.append(list(dict.fromkeys(forms)))
        else:
            found.append([word])
    return found

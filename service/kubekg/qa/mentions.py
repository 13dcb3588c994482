"""Helpers over a question's linked mentions, shared by both QA cores: input checks, de-duplication,
overlap, masking the anchor out of the question before it is matched with relation phrasings."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import NamedTuple

import pyoxigraph as ox

from kubekg.errors import QuestionError
from kubekg.graph.catalogue import Catalogue, Relation
from kubekg.qa.entity_linker import Mention
from kubekg.qa.fact_index import Facts
from kubekg.search.semantic_index import PLACEHOLDER
from kubekg.search.text_normalize import clean, hangul_parts, label_key, singular


def check_question(question: object, max_chars: int) -> str:
    """The cleaned question, or a :class:`QuestionError` a person can act on."""
    if not isinstance(question, str):
        raise QuestionError("the question must be a string")
    if len(question) > max_chars:
        raise QuestionError(f"the question is {len(question)} characters long; the limit is {max_chars}")
    q = clean(question)
    if not q:
        raise QuestionError("the question is empty: ask something, e.g. 'What does etcd do?'")
    return q


def only_restricts(mentions: list[Mention], only_at: tuple[int, bool] | None) -> str | None:
    """The thing an "only" restricts (``Cues.only_at``): the entity named nearest before the cue when it
    points back ("Is *ctr* the only …?", "*ctr*만"), else the first one after it ("only with *containerd*");
    the other way when there is none that way. Things named by their names come before paraphrases
    ("only *with containerd*": containerd); classes are kinds, not the thing restricted ("the only
    *CLI*")."""
    if only_at is None:
        return None
    at, back = only_at
    for entities in ([m for m in mentions if not m.is_class and m.exact], [m for m in mentions if not m.is_class]):
        before = max((m for m in entities if m.start <= at), key=lambda m: m.start, default=None)
        after = min((m for m in entities if m.start > at), key=lambda m: m.start, default=None)
        if found := (before or after) if back else (after or before):
            return found.iri
    return None


def distinct(mentions: list[Mention]) -> list[Mention]:
    """The mentions, one per IRI (the first)."""
    seen, out = set(), []
    for m in mentions:
        if m.iri not in seen:
            seen.add(m.iri)
            out.append(m)
    return out


def overlap(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


#: What joins two named things into one list in Korean: "lazy pulling*이랑* P2P", "ctr*하고* nerdctl", "etcd*,*
#: kubelet", "crictl*이나* ctr"
_KO_JOINED = re.compile(r"^\s*(?:이랑|랑|하고|와|과|및|이나|나|그리고|,|&|/|·)\s*$")


def coordinated(q: str, mentions: list[Mention], chosen: list[Mention]) -> list[Mention]:
    """``chosen`` with the named things a Korean question lists together with them, right before them: "lazy
    pulling이랑 P2P 이미지 배포 말고" leaves out both, where the cue's own words reach only the last. The chain
    runs from the chosen mentions themselves, so the same name said elsewhere ("ctr이랑 nerdctl 중에 nerdctl
    말고") brings nothing listed beside it there."""
    things = [m for m in mentions if m.exact and not m.is_class]
    out, todo = list(chosen), list(chosen)
    while todo:
        later = todo.pop()
        for e in things:
            if e not in out and e.end <= later.start and _KO_JOINED.match(q[e.end : later.start]):
                out.append(e)
                todo.append(e)
    return out


def same_words(subject: Mention, obj: Mention) -> bool:
    """Whether two links of a yes/no question's subject and object share their words, so cannot be two
    things: unless the subject is a name and the object a paraphrase around it ("Do I need to *install
    crictl separately*?": crictl and a separate installation)."""
    return overlap(subject, obj) and not (subject.exact and not obj.exact)


def relations_asked(scores: dict[tuple[str, str], float], relations) -> tuple[dict[str, float], set[str]]:
    """For a yes/no question: each relation's best phrasing similarity, and the relations whose best
    phrasing asks the opposite of the fact ("can I still use …?" of "removed in")."""
    by_relation: dict[str, float] = defaultdict(float)
    negated: set[str] = set()
    for (rel_iri, direction), s in scores.items():
        if rel_iri in relations and s > by_relation[rel_iri]:
            by_relation[rel_iri] = s
            (negated.add if direction == "negated" else negated.discard)(rel_iri)
    return by_relation, negated


def mask(q: str, mentions: list[Mention]) -> str:
    """The question with the mentions replaced by the placeholder. A paraphrase link that overlaps a
    name ("CRI-compatible" over "CRI") stays: its other words carry the relation."""
    exact = [m for m in mentions if m.exact]
    kept = [m for m in mentions if m.exact or not any(overlap(m, e) for e in exact)]
    spans = sorted({m.span for m in kept if m.end > m.start}, reverse=True)
    out = q
    for start, end in spans:
        if any(start < e and s < end for s, e in spans if (s, e) != (start, end) and e - s > end - start):
            continue
        out = out[:start] + PLACEHOLDER + out[end:]
    return out


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def fits(relation: Relation, s_m: Mention, o_m: Mention, facts: Facts) -> bool:
    """A relation fits a (subject, object) pair when the graph uses it with that subject or that object."""
    if relation.iri == RDF_TYPE:
        return o_m.is_class
    if o_m.is_class:
        return False
    return s_m.iri in facts.subjects.get(relation.iri, ()) or o_m.iri in facts.objects.get(relation.iri, ())


def fits_both(relation: Relation, s_m: Mention, o_m: Mention, facts: Facts) -> bool:
    """… with that subject and with that object."""
    if relation.iri == RDF_TYPE:
        return o_m.is_class
    return s_m.iri in facts.subjects.get(relation.iri, ()) and o_m.iri in facts.objects.get(relation.iri, ())


class Explainer:
    """Whether a mention is part of an anchor: an exact one inside an exact anchor's span or a word of a
    paraphrased anchor's label or definition ("container" in "identify the right node for a container");
    a paraphrase that overlaps it."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self._keys: dict[str, list[str]] = {}

    def explained_by(self, q: str, m: Mention, anchor: Mention) -> bool:
        if anchor.exact or not m.exact:
            if not overlap(m, anchor):
                return False
            # a paraphrase link that shares words with the anchor may be made of them
            return not m.exact or (anchor.start <= m.start and m.end <= anchor.end)
        # a paraphrased anchor's span is only approximate: its labels and definition decide
        # "container's logs": the name's plural or possessive form counts as the name
        said = {key := label_key(q[m.start : m.end]), singular(key)}
        return any(form in k for form in said for k in self._description_keys(anchor.iri))

    def _description_keys(self, iri: str) -> list[str]:
        """The label keys of a term's names and definitions (cached: asked for every reading)."""
        if iri not in self._keys:
            term = self.catalogue.terms.get(iri)
            texts = [*term.all_names(), *term.definition.values()] if term else []
            self._keys[iri] = [label_key(t) for t in texts]
        return self._keys[iri]


#: Korean particles that say what a name is to the verb: its subject ("kube-proxy*가* 유지하는 건") or its
#: object ("kubelet*을* 관리하는 건"); a particle followed by more Hangul is another one ("이랑", "가지고").
_KO_ROLES = (("subject", re.compile(r"^(이|가|께서)(?![가-힣])")), ("object", re.compile(r"^(을|를)(?![가-힣])")))


def korean_role(after: str) -> str | None:
    """The role the particle at the start of ``after`` (the text right after a name) gives the name."""
    return next((role for role, particle in _KO_ROLES if particle.match(after)), None)


#: A name used as the place where something is or happens: "노드*에서* 컨테이너를 …", "노드*마다*", "노드*에
#: 있는* 이미지", "*on each* node", "*in the* cluster".
_KO_PLACE = re.compile(r"^(에서|에선|마다)(는|도)?(?![가-힣])|^에\s*(있|떠|돌|깔|설치|실행|올라)")
_EN_PLACE = re.compile(r"\b(on|in|at|per|across|inside|within)\s+((each|every|all|the|a|an|any|its|their)\s+)?$", re.I)


def places(q: str, lang: str, mentions: list[Mention]) -> list[Mention]:
    """The things a question names as the place where something is ("쿠블렛은 노드에서 뭐 해?", "what runs
    on each node?"): where it asks about, rarely what it asks for."""
    if lang == "ko":
        return [m for m in mentions if m.exact and _KO_PLACE.match(q[m.end :])]
    return [m for m in mentions if m.exact and _EN_PLACE.search(q[: m.start])]


class ParticleRoles:
    """Which roles a relation's Korean phrasings give the thing asked about: "{s}가 관리하는 건?" asks
    for what a subject manages, "{o}를 관리하는 건?" for what manages an object, and "{s}를 관리하는
    커뮤니티는?" (maintained by) for the community of a subject written as the verb's object. A question
    whose name carries the other particle ("kube-proxy가 … 유지하는 건") reads the relation the other way."""

    def __init__(self, catalogue: Catalogue):
        self.roles: dict[tuple[str, str], set[str]] = defaultdict(set)
        for r in catalogue.relations.values():
            for direction, phrasings, slot in (("object", r.ask_object, "{s}"), ("subject", r.ask_subject, "{o}")):
                for p in phrasings.get("ko", ()):
                    at = p.find(slot)
                    if at >= 0 and (role := korean_role(p[at + len(slot) :])) is not None:
                        self.roles[(r.iri, direction)].add(role)

    def fit(self, query, anchor: Mention, relation: str, direction: str) -> float:
        """1 when the anchor's particle gives it a role the relation's phrasings ask about it in this
        direction, -1 when they use only the other role, 0 when the question or the phrasings do not say."""
        if query.lang != "ko" or not (roles := self.roles.get((relation, direction))):
            return 0.0
        role = korean_role(query.text[anchor.end :])
        return 0.0 if role is None else (1.0 if role in roles else -1.0)


def quantified_set(mentions: list[Mention], universal_at: int) -> tuple[Mention, Mention | None, Mention | None] | None:
    """What "… all CRI runtimes" quantifies over: the first class named after "all"/"모든", the entity
    named just before it that qualifies it ("CRI"), and another class the answers should be of ("which
    *CLI* …"); None when no class follows the quantifier."""
    after = [m for m in mentions if m.start >= universal_at]
    set_class = next((m for m in after if m.is_class and m.exact), None)
    if set_class is None:
        return None
    qualifier = next(
        (m for m in after if m.exact and not m.is_class and m.end <= set_class.end + 1 and m.start < set_class.start),
        None,
    )
    answer_class = next(
        (m for m in mentions if m.is_class and m.exact and m.iri != set_class.iri and not overlap(m, set_class)),
        None,
    )
    return set_class, qualifier, answer_class


def is_iri(term) -> bool:
    return isinstance(term, ox.NamedNode)


#: What opens a clause that describes the noun before it ("the CLI *that* …", "the CLI *installed* …",
#: "the CLI *with* …") and what closes a Korean one before its noun ("파드를 인식*하는* CLI", "… *된* …").
#: English participles that do not end in -ed ("the CLI *built* by …", "the tool *made* for …")
_EN_IRREGULAR = (
    "built|made|written|kept|known|given|taken|shown|held|sent|found|brought|left|done|seen|split|begun|chosen"
    "|driven|broken|spoken|understood|bound|hidden|sold|told|thought|bought|taught|led|meant|won|lost|paid"
    "|laid|said|heard|drawn|grown|thrown|born|frozen|forgotten|gotten|proven|fed|spent|stuck|wound"
)
_EN_RELATIVE = re.compile(rf"^\s+(that|which|who|whose|where|with|from|for|able|{_EN_IRREGULAR}|\w+ed|\w+ing)\b", re.I)
_KO_MODIFIER = re.compile(r"(는|은|던|인|한|된|할|될|운|려는)\s*$")
#: The question words a described thing may be asked about with
_EN_WH = r"\b(?:what|which|who|whom|where|when|how)\b"
#: A question word and the auxiliary that leaves the verb for the end ("which node does … run on?")
_EN_WH_DO = re.compile(_EN_WH + r".*\b(?:does|do|did|can|could|will|would|should)\s*$", re.I)
#: … and that verb, with the particle or preposition left after it
_EN_BARE_VERB_END = re.compile(
    r"\s+([a-z]+(?:\s+(?:on|in|from|to|with|by|for|at|of|into|about|up|out|off|through))?)\s*[?.!]*\s*$", re.I
)
#: A clause without a relative word, opened by its own subject ("the standard *a runtime* has to follow",
#: "the CLI *you* install with containerd"): only after a noun that "the"/"a" introduces
_EN_CONTACT = re.compile(r"^\s+(a|an|the|this|i|you|we|they|it|kubernetes|k8s)\s+\w", re.I)
#: Korean modifier endings carried by the last syllable's final letter: ㄴ (past: 나온, 만든, 바뀐) and ㄹ
#: (future: 쓸, 받을)
_KO_MODIFIER_FINALS = (4, 8)
#: Determiners in the same form, which pick or count the noun without describing it
_KO_DETERMINERS = frozenset("어떤 무슨 어느 모든 다른 이런 그런 저런 온갖 여러".split())


def _ko_modifies(q: str, end: int, mentions: list[Mention]) -> bool:
    """Whether the word ending at ``end`` closes a clause that describes the noun after it: a listed modifier
    ending that is no particle right after a name, or, on a word no exact mention ends in, any last syllable
    ending in ㄴ/ㄹ other than a determiner's."""
    before = q[:end].rstrip()
    ending = _KO_MODIFIER.search(before)
    if ending:
        return not any(o.end == ending.start() for o in mentions)  # "kube-apiserver*는* …": a topic marker
    if not before or any(m.exact and m.start < len(before) <= m.end for m in mentions):
        return False  # the end of a name ("컨테이너 런타임 엔*진*"), not an ending
    word, parts = before.split()[-1], hangul_parts(before[-1])
    return parts is not None and parts[2] in _KO_MODIFIER_FINALS and len(word) >= 2 and word not in _KO_DETERMINERS


class Described(NamedTuple):
    """A thing a question describes instead of naming: what it asks about it (``outer``, the thing
    replaced by the placeholder), the words describing it (``text``) and the kind it names (``kind``)."""

    outer: str
    text: str
    kind: str


#: Nouns that name no kind and head a description of a thing all the same ("the *thing* that picks a node",
#: "the *mechanism* that kept Docker working", "v1.24에서 지원이 끝난 *방식*은", "파드 목록 보는 *거*"); Korean
#: 것/거 (and 건, 게, 걸: 거 with its particle) often lean on the clause without a space ("끝난거").
_GENERIC_HEADS = {
    "en": re.compile(r"\b(?:one|thing|mechanism|tool|software|program)s?\b", re.I),
    "ko": re.compile(
        r"(?:(?<=\s)(?:애|방식|도구|소프트웨어|프로그램)|것|거|건|게|걸)(?=[은는이가을를의로에도만]|\s|[?？.]|$)"
    ),
}


def _generic_heads(q: str, lang: str) -> list[Mention]:
    """Generic head nouns, as mentions of no kind (an empty IRI) for :func:`described`."""
    pattern = _GENERIC_HEADS["ko" if lang == "ko" else "en"]
    # "the only one that …" counts the things it describes: a quantifier, not a thing asked about
    heads = [h for h in pattern.finditer(q) if not re.search(r"\bonly\s+$", q[: h.start()], re.I)]
    return [Mention("", True, h.start(), h.end(), 1.0, True) for h in heads]


def described(
    q: str, lang: str, mentions: list[Mention], kinds_of: Callable[[str], set[str]] = lambda iri: set()
) -> Described | None:
    """The thing a question describes. "Who maintains the CLI that works with every CRI runtime?" ->
    outer "Who maintains {placeholder}?", text "the CLI that works with every CRI runtime?";
    "파드를 인식하는 CLI는 누가 개발했어?" -> "{placeholder}는 누가 개발했어?", "파드를 인식하는 CLI". The thing is
    a kind the question names, or a noun that names none (its ``kind`` then empty), with a clause
    describing it (after the noun in English, before it in Korean); None when there is none. ``kinds_of``:
    the classes of a thing (a thing named before a kind it belongs to only names it again)."""
    heads = [m for m in mentions if m.is_class and m.exact]
    heads += [h for h in _generic_heads(q, lang) if not any(overlap(h, m) for m in mentions if m.exact)]
    for m in sorted(heads, key=lambda m: m.start):
        found, said = _headed(q, lang, m, mentions, kinds_of)
        if not found:
            continue
        if not m.iri and not (said and _asks_more(said.outer, lang)):
            continue  # "kubelet이 하는 게 뭐야?": a description headed by no kind is the question itself
        return said
    return _pointed_back(q, lang, [m for m in mentions if m.is_class and m.exact], relative=False)


def _headed(
    q: str, lang: str, m: Mention, mentions: list[Mention], kinds_of: Callable[[str], set[str]]
) -> tuple[bool, Described | None]:
    """Whether a clause describes the noun of ``m``, and the description it makes (None where the question
    opens with it and never turns back to it)."""
    if lang == "ko":
        # "kube-apiserver는 클러스터에서 …": after a name, 는/은 mark the topic, not a clause
        if m.start > 0 and _ko_modifies(q, m.start, mentions):
            if re.match(r"\s*[을를]\s", q[m.end :]) and any(
                o.is_class and o.exact and o.start > m.end and _ko_modifies(q, o.start, mentions) for o in mentions
            ):
                return False, None  # "알맞은 노드*를* 찾아주는 컴포넌트는 …": the object of a clause about another kind
            pointed = _pointed_back(q, lang, [m], relative=True)
            return True, pointed or Described(PLACEHOLDER + q[m.end :], q[: m.end], m.iri)
        return False, None
    head = re.search(r"\b(the|a|an)\s+(\S+\s+){0,2}$", q[: m.start], re.I)
    if _EN_RELATIVE.match(q[m.end :]) or _names_next(q, m, mentions) or (head and _EN_CONTACT.match(q[m.end :])):
        start = head.start() if head else m.start
        if q[:start].strip():
            text, verb = q[start:], ""
            # "Where does *the CLI that …* run on?": after "does", the verb that ends the question is what
            # it asks about the thing, not part of the description
            if _EN_WH_DO.search(q[:start]) and (tail := _EN_BARE_VERB_END.search(text)):
                text, verb = text[: tail.start()], " " + " ".join(tail.group(1).split())
            return True, Described(q[:start] + PLACEHOLDER + verb + "?", text, m.iri)
        # "The CLI that supports Compose - what is its purpose?": the question turns to it and points back;
        # "The CLI that … runs on which node?": what it asks starts at the verb before the question word
        return True, _pointed_back(q, lang, [m], relative=True) or _fronted(q, m)
    if (qualified := _qualified(q, m, mentions, kinds_of)) is not None:
        return True, qualified
    return False, None


#: What may stand between the verb that asks about a fronted description and the question word: particles
#: and prepositions, participles and adverbs ("… *is meant for* what purpose?", "… *also deals with* what?")
_ADVERBS = r"also|then|still|even|just|mostly|often|usually|typically|actually|\w+ly"
_EN_BETWEEN = re.compile(
    rf"^(?:on|in|for|with|to|from|of|by|at|into|as|about|under|through|being|been|{_EN_IRREGULAR}|\w+ed|\w+en"
    rf"|{_ADVERBS})$",
    re.I,
)
_EN_ADVERB = re.compile(rf"^(?:{_ADVERBS})$", re.I)
#: The verb itself: an auxiliary, or any word ending in one s after another letter, as a verb of the third
#: person does ("runs", "manages"; plural nouns look the same: the question word nearest the end is tried
#: first, so that a noun inside the description seldom stands next to one)
_EN_FINITE = re.compile(
    r"^(?:is|are|was|were|has|have|had|gets|can|could|does|do|did|will|would|should|must|may|might|[a-z]+[^s\W']s)$",
    re.I,
)
#: A verb in the past tense (a participle looks the same: it is taken for the verb only where the walk back
#: from the question word stops at the word before it)
_EN_PAST = re.compile(rf"^(?:{_EN_IRREGULAR}|[a-z]+ed)$", re.I)
#: A question word a fronted description may be followed by
_EN_WH_WORD = re.compile(_EN_WH, re.I)


def _fronted(q: str, m: Mention) -> Described | None:
    """A question that opens with a description and asks about it without pointing back: "The component that
    identifies the right node for a container runs on which kind of node?" -> outer "{placeholder} runs on
    which kind of node?", text "The component that identifies the right node for a container". The
    description ends before the verb (and the adverbs before it) that is followed by the question word, past
    prepositions, participles and adverbs only; None when there is no such verb after the clause's first word
    (or, for a clause opened by its subject, none in the clause itself)."""
    opener = _EN_RELATIVE.match(q[m.end :])
    clause = m.end + (opener.end() if opener else 0)
    # the last question word first: "The CLI that lists pods when debugging is maintained by whom?"
    for wh in reversed(list(_EN_WH_WORD.finditer(q, clause))):
        start = _verb_before(q, clause, wh.start(), subject_first=opener is None)
        if start is not None:
            return Described(PLACEHOLDER + " " + q[start:], q[:start].rstrip(), m.iri)
    return None


def _verb_before(q: str, clause: int, wh: int, subject_first: bool) -> int | None:
    """Where the verb (with the adverbs before it) starts that the question word at ``wh`` follows, past
    prepositions, participles and adverbs only; None when the clause has no word of its own before it."""
    words = list(re.finditer(r"[A-Za-z][\w'-]*", q[clause:wh]))
    i = len(words) - 1
    while i > 0 and _EN_BETWEEN.match(words[i].group()) and not _EN_FINITE.match(words[i].group()):
        i -= 1
    if 0 < i < len(words) - 1 and not _EN_FINITE.match(words[i].group()) and _EN_PAST.match(words[i + 1].group()):
        i += 1  # "… CRI *stopped* being supported in which version?": a verb in the past tense, after its subject
    elif i < 1 or not _EN_FINITE.match(words[i].group()):
        return None
    if subject_first and not any(_EN_FINITE.match(w.group()) for w in words[1:i]):
        return None  # "The tool nerdctl supports which …?": a name after the kind, not a clause
    while i > 1 and _EN_ADVERB.match(words[i - 1].group()):
        i -= 1
    return clause + words[i].start()


#: Words that ask what a thing is and nothing more about it ("what is X?", "X는 뭐야?", "X 맞아?")
_EN_BARE = frozenset("what which who whom is are was were the a an it its this that does do did called named".split())
_KO_BARE = re.compile(
    r"^(?:뭐|뭔|뭘|무엇|누구|누가|어느|어떤|어디|맞|그게|그건|이게|이건|건가|인가|입니까|이야|야|임|요)"
)
_KO_PARTICLE_ONLY = re.compile(r"^(?:은|는|이|가|을|를|의|에|에서|로|으로|도|만|랑|와|과)$")


def _asks_more(outer: str, lang: str) -> bool:
    """Whether what a question asks about a thing it describes says more than "what is it"."""
    rest = outer.replace(PLACEHOLDER, " ")
    if lang == "ko":
        words = re.findall(r"[가-힣]+|[A-Za-z0-9]+", rest)
        return any(not (_KO_BARE.match(w) or _KO_PARTICLE_ONLY.match(w)) for w in words)
    return any(w.lower() not in _EN_BARE for w in re.findall(r"[A-Za-z0-9]+", rest))


#: Where a question that opens with what it describes turns to what it asks about it: a dash, colon, full
#: stop or semicolon (a comma too after "the CLI that …"), and the words that point back at the thing
_EN_TURN = re.compile(r"\s*(?:[-\u2013\u2014:;.]+|(?P<comma>,))\s+")
_EN_BACK = re.compile(
    r"\b(?:(?:that|this|these|those|the\s+same)\s+(?P<noun>\w+)|(?P<pronoun>its|their|it|they|them))\b(?P<own>'s)?",
    re.I,
)
_KO_TURN = re.compile(r"(?:[이가]?\s*있)?(?:잖아|말이야|말인데)(?:요)?\s*[,.]?\s+")
#: Korean words that point back, with the particle each carries ("그건": the topic, "거기서": from it, "그
#: 노드의": of that node)
_KO_BACK = re.compile(
    r"(?:^|(?<=\s))(?:(?:그거|그것|거기|걔|얘|그\s+\S+?)(?P<particle>에서|서|의|는|은|가|이|를|을|랑|도)?"
    r"|그게|그건|그걸)(?=\s|\?|$)"
)
_KO_FUSED = {"그게": "가", "그건": "는", "그걸": "를"}


def _pointed_back(q: str, lang: str, kinds: list[Mention], relative: bool) -> Described | None:
    """A question that first describes a thing and then asks about it, pointing back: "The CLI that supports
    Docker Compose - what is its purpose?" (``relative``: the first kind opens the question with a clause
    about it), "kube-proxy runs on a kind of node. What is that node's role?" (the pointer names the kind),
    "CRI가 요구하는 표준 있잖아, 거기서 이미지 방식을 정하는 스펙은?". What is asked is said of the placeholder."""
    if not kinds:
        return None
    if lang == "ko":
        for turn in _KO_TURN.finditer(q):
            before = [m for m in kinds if m.end <= turn.start()]
            rest = q[turn.end() :]
            back = _KO_BACK.search(rest)
            if before and back:
                particle = _KO_FUSED.get(back.group(0)) or back.group("particle") or ""
                particle = "에서" if particle == "서" else particle
                said = rest[: back.start()] + PLACEHOLDER + particle + rest[back.end() :]
                return Described(said, q[: turn.start()], before[-1].iri)
        return None
    for turn in _EN_TURN.finditer(q):
        if turn.group("comma") and not relative:
            continue
        before = [m for m in kinds if m.end <= turn.start()]
        rest = q[turn.end() :]
        if not before or not rest.strip():
            continue
        for back in _EN_BACK.finditer(rest):
            noun = (back.group("noun") or "").lower()
            named = [m for m in before if noun and noun in q[m.start : m.end].lower().split()]
            if noun and not named and noun not in ("one", "thing"):
                continue
            if not noun and not relative:
                continue  # "it" after a sentence may be anything it names: only "that node" points for sure
            own = bool(back.group("own")) or (back.group("pronoun") or "").lower() in ("its", "their")
            said = PLACEHOLDER + ("'s" if own else "")
            return Described(
                rest[: back.start()] + said + rest[back.end() :], q[: turn.start()], (named or before)[0].iri
            )
    return None


def _qualified(q: str, m: Mention, mentions: list[Mention], kinds_of: Callable[[str], set[str]]) -> Described | None:
    """A kind qualified by a thing named before it, after "the", inside a question that asks something else
    of it: "Which runtime does *the general-purpose CLI* work with?" -> outer "Which runtime does
    {placeholder} work with?", text "the general-purpose CLI" (not "the kube-proxy component": a name)."""
    before = [o for o in mentions if o.exact and not o.is_class and o.end <= m.start and not q[o.end : m.start].strip()]
    if not before:
        return None
    named = min(before, key=lambda o: o.start)
    if not m.iri or m.iri in kinds_of(named.iri):
        return None  # "the nerdctl one": a noun of no kind after a name only names it
    the = re.search(r"\bthe\s+$", q[: named.start], re.I)
    if the is None or not q[: the.start()].strip():
        return None  # "The debugging CLI is which one?": what opens the question is what it asks about
    plural_end = m.end + len(re.match(r"[A-Za-z]*", q[m.end :]).group())  # "CLI*s*"
    rest = q[plural_end:]
    if not re.search(r"\w", rest):
        return None
    return Described(q[: the.start()] + PLACEHOLDER + rest, q[the.start() : plural_end], m.iri)


def _names_next(q: str, m: Mention, mentions: list[Mention]) -> bool:
    """A thing named right after the kind: a clause without "that" ("the CLI *nerdctl* improves on")."""
    gap = len(q[m.end :]) - len(q[m.end :].lstrip())
    return gap > 0 and any(o.exact and not o.is_class and o.start == m.end + gap for o in mentions)

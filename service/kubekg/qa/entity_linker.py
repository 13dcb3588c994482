"""Find the entities and classes a question mentions, by any of their labels in either language.

Three passes. Exact: every label, compared with case, spacing, hyphens and punctuation ignored, found
as a substring of the question (Latin labels must stand on word boundaries; Korean particles may
follow a label, as in "etcd는"). Sound-alike: a word no exact label explains that is a slip of a
Latin name ("crcitl") or a Hangul spelling of one ("쿠블릿", "알케이티"), by
:mod:`kubekg.search.sound_alike`; such a link is never exact and only takes words an exact label left.
Fuzzy: descriptive labels ("store cluster information", "클러스터 정보
저장") scored against the whole question by character n-grams fused with the embedding model, so
"where is cluster data kept?" still finds the responsibility it paraphrases.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np

from kubekg.graph.catalogue import Catalogue
from kubekg.search.lexical import LexicalIndex, NgramVectorizer
from kubekg.search.semantic_index import SemanticIndex
from kubekg.search.sound_alike import best_matches, jamo, letter_spelling, sounds_like
from kubekg.search.text_normalize import char_ngrams, detect_language, is_word_char, keyed_with_offsets, label_key
from kubekg.search.word_stems import find_bags, stem_bag, stemmed_words

#: Fuzzy candidates below this fused score are ignored.
FUZZY_THRESHOLD = 0.5
#: A label must have at least this many characters (after normalising) to be matched exactly.
MIN_KEY_LENGTH = 2
#: Labels shorter than this (normalised) are only matched exactly.
MIN_FUZZY_KEY_LENGTH = 6
#: Share of a paraphrase's lexical score that must come from words no exact label explains.
RESIDUAL_WEIGHT = 0.5
#: At most this many paraphrase links per question (each costs an embedding when interpreting).
MAX_FUZZY = 3
#: A typed slip must keep this share of a Latin name's letters (one slip in five: "crcitl"); a Hangul
#: word this share of the jamo of a Hangul spelling of the name (one in seven: "쿠블릿" for 쿠블렛).
TYPO_MIN = 0.8
JAMO_MIN = 0.85
#: Shortest Hangul spelling (in syllables) and Latin word (in letters) tried as a sound-alike.
MIN_SYLLABLES = 3
MIN_LATIN_LETTERS = 5

_WORD = re.compile(r"[\uac00-\ud7a3]+|[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")


@dataclass(frozen=True)
class Mention:
    iri: str
    is_class: bool
    start: int  # character span in the question; fuzzy mentions cover the words they matched
    end: int
    score: float  # 1.0 for an exact label match
    exact: bool

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


class EntityLinker:
    def __init__(
        self, catalogue: Catalogue, index: SemanticIndex | None, neighbours: dict[str, set[str]] | None = None
    ):
        self.catalogue = catalogue
        self.index = index
        # what each thing is related to by a fact (see _qualified)
        self.neighbours = neighbours or {}
        self.lexicon: dict[str, set[str]] = defaultdict(set)
        for term in catalogue.terms.values():
            for name in term.all_names():
                key = label_key(name)
                if len(key) >= MIN_KEY_LENGTH:
                    self.lexicon[key].add(term.iri)
        # longest keys first, so "container runtime engine" wins over "container"
        self._keys = sorted(self.lexicon, key=len, reverse=True)
        self._qualifiers = _qualifiers(catalogue, self.lexicon)
        self.vectorizer = (
            index.vectorizer if index else NgramVectorizer(n for t in catalogue.terms.values() for n in t.all_names())
        )
        # descriptive labels of entities, long enough to be paraphrased
        self._fuzzy_labels = [
            (t.iri, lang, name)
            for t in sorted(catalogue.terms.values(), key=lambda t: t.iri)
            for lang, names in sorted(t.names.items())
            for name in sorted(names)
            if not t.is_class and len(label_key(name)) >= MIN_FUZZY_KEY_LENGTH
        ]
        self._fuzzy_keys = [label_key(name) for _, _, name in self._fuzzy_labels]
        # … and the stems of each English one of several words, found in any form and order
        self._stem_bags = {
            i: bag
            for i, (_, lang, name) in enumerate(self._fuzzy_labels)
            if lang == "en" and len(bag := stem_bag(name)) >= 2
        }
        self._owners: dict[str, tuple[list[str], np.ndarray]] = {}  # see _label_owners
        self._fuzzy_index = LexicalIndex([name for _, _, name in self._fuzzy_labels], self.vectorizer)
        # names a slip or another Hangul spelling is compared with (keys, and the entity of each): Latin
        # names letter by letter, and the Hangul labels that spell a Latin name (or its letters read out)
        # jamo by jamo
        self._latin_keys: list[str] = []
        self._latin_owners: list[str] = []
        self._spelling_keys: list[str] = []
        self._spelling_owners: list[str] = []
        for t in sorted(catalogue.terms.values(), key=lambda t: t.iri):
            if t.is_class:
                continue
            latin = sorted(n for n in t.all_names() if n.isascii() and any(ch.isalpha() for ch in n))
            spelt = {s for n in latin if (s := letter_spelling(n))}
            spelt |= {
                n for n in t.names.get("ko", ()) if detect_language(n) == "ko" and any(sounds_like(n, x) for x in latin)
            }
            self._latin_keys += [label_key(n) for n in latin]
            self._latin_owners += [t.iri] * len(latin)
            self._spelling_keys += [jamo(s) for s in sorted(spelt)]
            self._spelling_owners += [t.iri] * len(spelt)

    def link(self, question: str, lang: str, query_vector: np.ndarray | None = None) -> list[Mention]:
        exact = self._exact(question)
        bridge = Bridge.build(question, lang, exact, self.catalogue)
        if bridge is not None:
            exact = self._widened(exact, bridge)
        spoken = self._sound_alike(question, [m.span for m in exact])
        found = exact + spoken
        covered = [m.span for m in found]
        named = {m.iri for m in found}
        fuzzy = self._fuzzy(question, lang, query_vector, named, covered)
        if bridge is not None:
            # the same paraphrases sought with the names said in the question's language ("pod 목록 조회"
            # as "파드 목록 조회"); each thing keeps its better link
            bridged = self._fuzzy(bridge.text, lang, query_vector, named, [bridge.forward(s) for s in covered])
            best: dict[str, Mention] = {}
            for m in fuzzy + [bridge.back(m) for m in bridged]:
                if m.iri not in best or m.score > best[m.iri].score:
                    best[m.iri] = m
            fuzzy = sorted(best.values(), key=lambda m: -m.score)[:MAX_FUZZY]
        return found + fuzzy

    def _widened(self, exact: list[Mention], bridge: Bridge) -> list[Mention]:
        """Exact links of the bridged question that start on a bridged name and reach past it ("pod를 인식"
        read as "파드를 인식", a label of pod awareness), in place of the links they overlap."""
        wider = [
            bridge.back(m)
            for m in self._exact(bridge.text)
            if any(s <= m.start < e <= m.end and (m.start, m.end) != (s, e) for s, e in bridge.spans)
        ]
        kept = [m for m in exact if not _overlaps(m.start, m.end, [w.span for w in wider])]
        return sorted(kept + wider, key=lambda m: (m.start, m.iri))

    # -- exact ------------------------------------------------------------------------------------

    def _exact(self, question: str) -> list[Mention]:
        qkey, offsets = keyed_with_offsets(question)
        found: list[tuple[int, int, str]] = []
        for key in self._keys:
            pos = qkey.find(key)
            while pos != -1:
                start, end = offsets[pos], offsets[pos + len(key) - 1] + 1
                end = _plural_end(question, end)
                if _on_boundaries(question, start, end):
                    found.append((start, end, key))
                pos = qkey.find(key, pos + 1)
        taken: list[tuple[int, int]] = []
        mentions: list[Mention] = []
        for start, end, key in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0])):
            if _overlaps(start, end, taken):
                continue
            taken.append((start, end))
            for iri in sorted(self.lexicon[key]):
                term = self.catalogue.terms[iri]
                mentions.append(Mention(iri, term.is_class, start, end, 1.0, True))
        return self._qualified(question, sorted(mentions, key=lambda m: (m.start, m.iri)))

    def _qualified(self, question: str, mentions: list[Mention]) -> list[Mention]:
        """A name said with another's name before it, the way one of its own labels is ("쿠버 스케쥴러" as
        "쿠버네티스 스케줄러", "k8s scheduler" as "Kubernetes scheduler"), is one mention of the second thing
        over both words, not a mention of the first as well. Two things a fact relates are said side by
        side to ask about that fact ("너드씨티엘 도커 컴포즈 지원함?": nerdctl has that feature), so for them only
        the words of one of the second's labels ("nerdctl compose") are one mention."""
        out = list(mentions)
        for a in mentions:
            for b in mentions:
                if (
                    a.end <= b.start
                    and not question[a.end : b.start].strip()
                    and not a.is_class
                    and not b.is_class
                    and a.iri in self._qualifiers.get(b.iri, ())
                    and (
                        b.iri not in self.neighbours.get(a.iri, ())
                        or b.iri in self.lexicon.get(label_key(question[a.start : b.end]), ())
                    )
                    and a in out
                    and b in out
                ):
                    out = [m for m in out if m.span != a.span and m is not b]
                    out.append(replace(b, start=a.start))
        return sorted(out, key=lambda m: (m.start, m.iri))

    # -- sound-alike ------------------------------------------------------------------------------

    def _sound_alike(self, question: str, covered: list[tuple[int, int]]) -> list[Mention]:
        """Links for words that sound like an entity's Latin name, best first, none overlapping."""
        found: list[tuple[float, int, int, list[str]]] = []
        for start, end, text in _spans(question):
            if _overlaps(start, end, covered):
                continue
            score, iris = self._sounds_like(text)
            if iris:
                found.append((score, start, end, iris))
        taken: list[tuple[int, int]] = []
        mentions: list[Mention] = []
        for score, start, end, iris in sorted(found, key=lambda f: (-f[0], f[1] - f[2], f[1])):
            if _overlaps(start, end, taken):
                continue
            taken.append((start, end))
            mentions += [Mention(iri, False, start, end, round(score, 4), False) for iri in iris]
        return mentions

    def _sounds_like(self, text: str) -> tuple[float, list[str]]:
        """The entities whose names ``text`` is a slip or another Hangul spelling of, and how close
        (0 when none is close enough)."""
        if text.isascii():
            key = label_key(text)
            if len(key) < MIN_LATIN_LETTERS:
                return 0.0, []
            best, hits = best_matches(key, self._latin_keys, TYPO_MIN)
            return best, sorted({self._latin_owners[i] for i in hits})
        best, hits = best_matches(jamo(text), self._spelling_keys, JAMO_MIN)
        return best, sorted({self._spelling_owners[i] for i in hits})

    # -- fuzzy ------------------------------------------------------------------------------------

    def _label_owners(self, lang: str) -> tuple[list[str], np.ndarray]:
        """The entities of the index's labels in ``lang``, and for each label the position of its entity."""
        if lang not in self._owners:
            items = self.index.collections["label"][lang].items
            refs = list(dict.fromkeys(item.ref for item in items))
            at = {ref: n for n, ref in enumerate(refs)}
            self._owners[lang] = refs, np.array([at[item.ref] for item in items], dtype=np.intp)
        return self._owners[lang]

    def _fuzzy(
        self,
        question: str,
        lang: str,
        query_vector: np.ndarray | None,
        exclude: set[str],
        covered: list[tuple[int, int]],
    ) -> list[Mention]:
        lexical: dict[str, tuple[float, str, tuple[int, int] | None]] = {}
        contained = self._fuzzy_index.containment(question)
        residual = _blank_out(question, covered)
        if covered:
            # a paraphrase is told by the words exact labels leave unexplained: "kube scheduler" names an
            # entity and is only half the evidence for "schedule containers"; a label that takes the
            # named word in whole ("파드 목록 조회" after "파드") keeps its full score
            blended = (1 - RESIDUAL_WEIGHT) * contained + RESIDUAL_WEIGHT * self._fuzzy_index.containment(residual)
            named = [label_key(question[s:e]) for s, e in covered]
            whole = np.array([any(k in self._fuzzy_keys[i] for k in named) for i in range(len(contained))])
            contained = np.where(whole, contained, blended)
        # every content word of a label, in other forms or order ("aware of pods": "pod-aware"), is the
        # label contained in whole
        words = stemmed_words(question)
        stem_spans = find_bags(self._stem_bags, words)
        for i, ((iri, label_lang, name), score) in enumerate(zip(self._fuzzy_labels, contained.tolist(), strict=True)):
            if iri in exclude:
                continue
            if i in stem_spans:
                score = 1.0
            if label_lang != lang:
                score *= 0.8
            if score > lexical.get(iri, (0.0, ""))[0]:
                lexical[iri] = (score, name, stem_spans.get(i))
        dense: dict[str, float] = {}
        if self.index is not None and query_vector is not None:
            refs, owner = self._label_owners(lang)
            best = np.zeros(len(refs), dtype=np.float32)  # each entity's best label (0 when none is closer)
            np.maximum.at(best, owner, self.index.collections["label"][lang].dense_scores(query_vector))
            dense = dict(zip(refs, best.tolist(), strict=True))
        w = 0.35 if lang == "en" else 0.15
        mentions = []
        for iri, (lex, name, stem_span) in lexical.items():
            score = (1 - w) * lex + w * dense.get(iri, 0.0)
            if score >= FUZZY_THRESHOLD:
                start, end = stem_span or self._matched_span(question, name)
                # a paraphrase must reach beyond what exact labels already explain ("kube" in "kube
                # scheduler", "컨트롤러는" after the class 컨트롤러)
                if end <= start or not _reaches_beyond(question, residual, start, end):
                    continue
                mentions.append(Mention(iri, False, start, end, round(score, 4), False))
        return sorted(mentions, key=lambda m: -m.score)[:MAX_FUZZY]

    def _matched_span(self, question: str, label: str) -> tuple[int, int]:
        """The stretch of question words that share most of their n-grams with the label."""
        grams = set(char_ngrams(label))
        hits = []
        pos = 0
        for word in question.split():
            start = question.index(word, pos)
            pos = start + len(word)
            bare = word.strip("?？!.,;:~'\"()")
            if bare and max(_share(stem, grams) for stem in _stems(bare)) >= 0.34:
                lead = word.index(bare)
                hits.append((start + lead, start + lead + len(bare)))
        if not hits:
            return 0, 0
        return hits[0][0], hits[-1][1]


@dataclass(frozen=True)
class Bridge:
    """A Korean question with the names it writes in Latin letters ("pod", "node") said in Korean (파드,
    노드), so that Korean labels that use those names ("파드 인식") are found in it; ``origin[i]`` is the
    stretch of the question the bridged text's character ``i`` stands for."""

    text: str
    origin: tuple[tuple[int, int], ...]
    spans: tuple[tuple[int, int], ...]  # the names said in Korean, in the bridged text

    @classmethod
    def build(cls, question: str, lang: str, exact: list[Mention], catalogue: Catalogue) -> Bridge | None:
        if lang != "ko":
            return None
        said: dict[tuple[int, int], set[str]] = defaultdict(set)
        for m in exact:
            said[m.span].add(catalogue.terms[m.iri].display("ko"))
        swaps = {
            span: next(iter(names))
            for span, names in said.items()
            if len(names) == 1
            and detect_language(question[span[0] : span[1]]) == "en"
            and detect_language(next(iter(names))) == "ko"
        }
        if not swaps:
            return None
        text, origin, spans, pos = [], [], [], 0
        for (start, end), name in sorted(swaps.items()):
            text.append(question[pos:start])
            origin += [(i, i + 1) for i in range(pos, start)]
            at = sum(map(len, text))
            text.append(name)
            origin += [(start, end)] * len(name)
            spans.append((at, at + len(name)))
            pos = end
        text.append(question[pos:])
        origin += [(i, i + 1) for i in range(pos, len(question))]
        return cls("".join(text), tuple(origin), tuple(spans))

    def back(self, m: Mention) -> Mention:
        """A link found in the bridged text, over the words of the question it stands for."""
        return replace(m, start=self.origin[m.start][0], end=self.origin[m.end - 1][1])

    def forward(self, span: tuple[int, int]) -> tuple[int, int]:
        """The stretch of the bridged text that stands for a stretch of the question."""
        inside = [i for i, (s, e) in enumerate(self.origin) if s < span[1] and span[0] < e]
        return (inside[0], inside[-1] + 1) if inside else (0, 0)


def _spans(question: str) -> list[tuple[int, int, str]]:
    """Stretches of the question a misspelt or Hangul-spelt name may fill: each word, and two
    neighbouring Hangul words ("도커 심", "큐브 프록시"); a Hangul stretch also without the syllables a
    particle or ending may have added at its end ("쿠블릿은" → "쿠블릿")."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(question)]
    stretches = list(words)
    for (s1, e1, w1), (s2, e2, w2) in zip(words, words[1:], strict=False):
        if not w1.isascii() and not w2.isascii() and question[e1:s2].isspace():
            stretches.append((s1, e2, question[s1:e2]))
    out = []
    for start, end, text in stretches:
        if text.isascii():
            out.append((start, end, text))
            continue
        for cut in range(end, start, -1):
            piece = question[start:cut]
            if sum(not ch.isspace() for ch in piece) < MIN_SYLLABLES or piece[-1].isspace():
                continue
            out.append((start, cut, piece))
    return out


def _share(word: str, grams: set[str]) -> float:
    wg = char_ngrams(word)
    return sum(g in grams for g in wg) / len(wg) if wg else 0.0


def _stems(word: str) -> list[str]:
    """A word and, for Korean, the word without the one or two syllables an ending may have added
    ("배포하거나" → "배포하", "배포하거")."""
    if detect_language(word) != "ko":
        return [word]
    return [word] + [word[:-k] for k in (1, 2) if len(word) - k >= 3]


#: What Korean may glue to a name without adding a word of its own: particles and the copula's 요.
_GLUED = set("은는이가을를의도에서로와과만요랑")


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _blank_out(question: str, covered: list[tuple[int, int]]) -> str:
    """The question with the covered spans blanked: the words exact labels leave unexplained."""
    return "".join(" " if any(s <= i < e for s, e in covered) else ch for i, ch in enumerate(question))


def _reaches_beyond(question: str, residual: str, start: int, end: int) -> bool:
    """Whether the words of ``question[start:end]`` include one left in ``residual`` (the question with
    the covered spans blanked), other than a particle glued to a covered name."""
    for m in re.finditer(r"\S+", residual[start:end]):
        piece = m.group().strip("?？!.,;:~'\"()")
        at = start + m.start()
        glued = at > 0 and residual[at - 1] == " " and question[at - 1] != " "
        if piece and not (glued and set(piece) <= _GLUED):
            return True
    return False


def _plural_end(text: str, end: int) -> int:
    """Let an English label match its plural: "component" in "components", "process" in "processes"."""
    for suffix in ("s", "es"):
        stop = end + len(suffix)
        if (
            text[end:stop].lower() == suffix
            and is_word_char(text[end - 1])
            and (stop == len(text) or not is_word_char(text[stop]))
        ):
            return stop
    return end


def _on_boundaries(text: str, start: int, end: int) -> bool:
    if is_word_char(text[start]) and start > 0 and is_word_char(text[start - 1]):
        return False
    if is_word_char(text[end - 1]) and end < len(text) and is_word_char(text[end]):
        return False
    return True


def _qualifiers(catalogue: Catalogue, lexicon: dict[str, set[str]]) -> dict[str, set[str]]:
    """For each thing, the other things whose name, put before one of its own, makes another of its names
    ("쿠버네티스" + "스케줄러" = "쿠버네티스 스케줄러", a name of kube-scheduler): said that way, the first
    name only qualifies the second."""
    out: dict[str, set[str]] = defaultdict(set)
    for term in catalogue.terms.values():
        keys = {label_key(n) for n in term.all_names()}
        for key in keys:
            for cut in range(MIN_KEY_LENGTH, len(key) - MIN_KEY_LENGTH + 1):
                if key[cut:] in keys:
                    out[term.iri] |= lexicon.get(key[:cut], set()) - {term.iri}
    return out

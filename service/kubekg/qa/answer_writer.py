"""Short answer sentences in the question's language, from the facts a query returned."""

from __future__ import annotations

import re

from kubekg.graph.catalogue import Catalogue, Relation
from kubekg.search.text_normalize import hangul_parts


def join(items: list[str], lang: str) -> str:
    if lang == "ko" or len(items) < 2:
        return ", ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


#: Korean particle pairs: (after a final consonant, after a vowel).
_PAIRS = (("은", "는"), ("이", "가"), ("을", "를"), ("과", "와"), ("으로", "로"), ("이다", "다"))
_PARTICLES = {p: pair for pair in _PAIRS for p in pair}
_SLOT = re.compile(r"\{(s|o)\}(으로|이다|은|는|이|가|을|를|과|와|로|다)?")
#: Final sounds of Latin letters and digits as Koreans read them ("crictl" → …엘, "etcd" → …디); a word that
#: ends in a vowel and t is read as a word instead (see _final_consonant).
_CONSONANT_ENDINGS = set("lmn") | set("013678")


def _final_consonant(word: str) -> tuple[bool, bool]:
    """(has a final consonant, that consonant is ㄹ) for the last readable character of ``word``."""
    for ch in reversed(word.strip()):
        if (parts := hangul_parts(ch)) is not None:
            return parts[2] != 0, parts[2] == 8
        if ch.isalnum():
            low = word.lower().rstrip(" )]")
            if low.endswith("ng"):
                return True, False
            if re.search(r"[aeiou]t$", low):  # a word read as a word: "kubelet" is 쿠블렛, its t a final ㅅ
                return True, False
            return ch.lower() in _CONSONANT_ENDINGS, ch.lower() in {"l", "1", "7", "8"}
    return False, False


def _particle(word: str, particle: str) -> str:
    after_consonant, rieul = _final_consonant(word)
    consonant_form, vowel_form = _PARTICLES[particle]
    if particle in ("으로", "로"):
        return consonant_form if after_consonant and not rieul else vowel_form
    return consonant_form if after_consonant else vowel_form


def fill(template: str, s: str, o: str) -> str:
    """Put the subject and object into a statement, with Korean particles that fit them."""

    def put(m: re.Match) -> str:
        word = s if m.group(1) == "s" else o
        return word + (_particle(word, m.group(2)) if m.group(2) else "")

    return _SLOT.sub(put, template)


#: Korean particles that stay before 만 ("containerd*에서만*", "containerd*와만*"); a case particle gives way to it
_ADVERBIAL = "에서|에게|에|와|과|하고|이랑|랑|으로|로"


def with_only(text: str, word: str, lang: str) -> str:
    """``text`` with "only" on ``word`` (its first occurrence): "… with only {o}", "{o}에서만 …", "{o}만 …"."""
    if lang == "ko":
        # a case particle gives way to 만; the copula ("{o}이라는", "{o}이다") stays
        pattern = re.escape(word) + f"({_ADVERBIAL})?(?:(?:를|을|이|가|은|는)(?![라다야에]))?"
        return re.sub(pattern, lambda m: word + (m.group(1) or "") + "만", text, count=1)
    return text.replace(word, f"only {word}", 1)


_PLURAL = {"is": "are", "was": "were", "has": "have", "does": "do"}


def plural_verb(template: str, slot: str) -> str:
    """An English statement whose sentence starts with ``slot`` ("{s}"), with the verb after it made to
    agree with a list of several things: "{s} is meant for {o}" -> "{s} are meant for {o}"."""
    m = re.match(r"^\{" + slot + r"\} ([a-z]+)\b", template)
    if not m:
        return template
    verb = m.group(1)
    if verb in _PLURAL:
        new = _PLURAL[verb]
    elif re.search(r"(ss|sh|ch|x|z)es$", verb):
        new = verb[:-2]
    elif verb.endswith("s") and not verb.endswith("ss"):
        new = verb[:-1]
    else:
        return template
    return template[: m.start(1)] + new + template[m.end(1) :]


class AnswerWriter:
    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue

    def label(self, iri: str, lang: str) -> str:
        return self.catalogue.label(iri, lang)

    def relation_fact(self, relation: Relation, subject: str, obj: str, lang: str, several: str | None = None) -> str:
        """The relation's statement of one fact; ``several`` names the slot ("s" or "o") that holds a
        list of things, so that an English verb after it agrees."""
        template = relation.statement.get(lang) or relation.statement.get("en") or "{s} — {o}"
        if several and lang == "en" and relation.statement.get("en"):
            template = plural_verb(template, several)
        return fill(template, subject, obj)

    def listing(self, relation: Relation, anchor: str, answers: list[str], direction: str, lang: str) -> str:
        names = join([self.label(a, lang) for a in answers], lang)
        anchor_label = self.label(anchor, lang)
        several = len(answers) > 1
        if direction == "object":
            return self.relation_fact(relation, anchor_label, names, lang, "o" if several else None)
        return self.relation_fact(relation, names, anchor_label, lang, "s" if several else None)

    def members(self, cls: str, answers: list[str], lang: str) -> str:
        names = join([self.label(a, lang) for a in answers], lang)
        return f"{self.label(cls, lang)}: {names}."

    def narrowed(self, sentence: str, linked_to: str, lang: str) -> str:
        """A sentence about answers kept for being related to ``linked_to``, saying so."""
        label = self.label(linked_to, lang)
        if lang == "ko":
            return f"{sentence} ({label}{_particle(label, '과')} 관련된 것만)"
        return f"{sentence} (only those related to {label})"

    def without(self, sentence: str, excluded: list[str], lang: str) -> str:
        """A sentence about answers that leave out what the question said to leave out, saying so."""
        names = join([self.label(e, lang) for e in excluded], lang)
        return f"{sentence} ({names} 제외)" if lang == "ko" else f"{sentence} (leaving out {names})"

    def solely(self, sentence: str, anchor: str, lang: str) -> str:
        """A sentence about answers kept for relating (this way) to ``anchor`` and to nothing else."""
        label = self.label(anchor, lang)
        if lang == "ko":
            return f"{sentence} ({label}에만 해당하는 것)"
        return f"{sentence} (only those related this way to {label} alone)"

    def complement(self, answers: list[str], relation: Relation, anchor: str, direction: str, lang: str) -> str:
        """The members of a kind for which a fact does not hold: "crictl — not maintained by …"."""
        names = join([self.label(a, lang) for a in answers], lang)
        fact = (
            self.relation_fact(relation, "…", self.label(anchor, lang), lang)
            if direction == "subject"
            else (self.relation_fact(relation, self.label(anchor, lang), "…", lang))
        )
        if lang == "ko":
            return f"{names}: 그래프에 따르면 다음이 성립하지 않는 것들입니다 — {fact}"
        return f"{names}: the graph does not say of them that {fact[0].lower() + fact[1:]}"

    def path(self, answers: list[str], hops: list[str], lang: str) -> str:
        """A two-hop answer and the facts that lead to it."""
        names = join([self.label(a, lang) for a in answers], lang)
        return f"{names}. ({' '.join(hops)})"

    def unrecorded(self, anchor: str, relation: Relation, known: str | None, lang: str) -> str:
        """An abstention on an attribute the graph holds no value of, with what it does know of the anchor."""
        a, r = self.label(anchor, lang), relation.display(lang)
        if lang == "ko":
            head = f"그래프에는 {a}의 {r} 정보가 없어 답하지 않겠습니다."
            return f"{head} 그래프가 아는 것: {known}" if known else head
        head = f"I don't know: the graph does not record the {r} of {a}."
        return f"{head} What it does say: {known}" if known else head

    def count(self, n: int, what: str, lang: str) -> str:
        return f"{n}개입니다. {what}" if lang == "ko" else f"{n}. {what}"

    def yes_no(self, yes: bool, statement: str, lang: str, holds: bool | None = None) -> str:
        """The answer and the fact behind it. ``holds`` tells whether the fact checked is in the graph;
        it differs from ``yes`` when the question asks the opposite ("can I still use …?": no, because
        it was removed)."""
        holds = yes if holds is None else holds
        if lang == "ko":
            word = "네." if yes else "아니요."
            return f"{word} {statement}" if holds else f"{word} 그래프에는 이런 사실이 없습니다: {statement}"
        word = "Yes." if yes else "No."
        return (
            f"{word} {statement}" if holds else f"{word} According to the graph, it is not the case that: {statement}"
        )

    def all_yes_no(self, yes: bool, statement: str, missing: list[str], lang: str, others: list[str] = ()) -> str:
        """Whether a statement about every member of a set holds, naming the members it fails for (and,
        where it asked for the entity alone, the ``others`` they have as well)."""
        if lang != "ko" and statement.startswith(("every ", "each of ")):
            statement = statement[0].upper() + statement[1:]
        if yes:
            return f"네. {statement}" if lang == "ko" else f"Yes. {statement}"
        names = join(missing, lang)
        if others:
            also = join(others, lang)
            if lang == "ko":
                return (
                    f"아니요. 그래프에 따르면 {names}{_particle(names, '은')} {also}{_particle(also, '과')}도 "
                    f"그렇습니다 ({statement.rstrip('.')})."
                )
            return f"No. It is not the case that: {statement} The graph says the same of {names} with {also}."
        if lang == "ko":
            return f"아니요. 그래프에 따르면 {names}{_particle(names, '은')} 그렇지 않습니다 ({statement.rstrip('.')})."
        return f"No. It is not the case that: {statement} The graph does not say it of {names}."

    def universal(self, answers: list[str], relation: Relation, set_desc: str, lang: str) -> str:
        names = join([self.label(a, lang) for a in answers], lang)
        every = f"모든 {set_desc}" if lang == "ko" else f"every {set_desc}"
        return self.relation_fact(relation, names, every, lang, "s" if len(answers) > 1 else None)

    def definition(self, anchor: str, text: str, lang: str) -> str:
        return f"{self.label(anchor, lang)}: {text}"

    def comparison(self, entities: list[str], table: dict[str, dict[str, list[str]]], lang: str) -> str:
        """``table``: relation -> entity -> values. One line per relation, entities side by side."""
        none = "없음" if lang == "ko" else "none"
        lines = [" vs ".join(self.label(e, lang) for e in entities) + ":"]
        for rel_iri, by_entity in table.items():
            rel = self.catalogue.relations[rel_iri]
            cells = [
                f"{self.label(e, lang)}: {join([self.label(v, lang) for v in by_entity.get(e, [])], lang) or none}"
                for e in entities
            ]
            lines.append(f"- {rel.display(lang)} — " + " | ".join(cells))
        return "\n".join(lines)

    def abstain(self, lang: str, unknown: list[str] | None = None) -> str:
        if unknown:
            names = ", ".join(unknown)
            if lang == "ko":
                return f"그래프에는 {names}에 대한 내용이 없어 답하지 않겠습니다. 아래의 가장 가까운 내용을 참고하세요."
            return f"I don't know: the graph says nothing about {names}. The nearest passages are listed as sources."
        if lang == "ko":
            return "그래프에 이 질문의 답이 없어 답하지 않겠습니다. 아래의 가장 가까운 내용을 참고하세요."
        return "I don't know: the graph does not hold the answer. The nearest passages are listed as sources."

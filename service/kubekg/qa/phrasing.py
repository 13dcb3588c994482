"""How a reading is said: the question it answers, in both languages, from the ontology's phrasings.

Each reading the engine enumerates (:mod:`kubekg.qa.readings`) has a canonical phrasing built from its
relation's ``k:askObject`` / ``k:askSubject`` phrasings and ``k:statement``, its anchors' labels and its
constraints; a two-hop reading describes the thing in the middle by its first fact ("the one that runs
on the master node"). The answer shows it as what the engine understood, so a person can see at once
whether it read the question right.
"""

from __future__ import annotations

import re

from kubekg.graph.catalogue import Catalogue, Relation
from kubekg.qa.answer_writer import fill
from kubekg.qa.readings import ONE_HOP_KINDS

LANGS = ("en", "ko")

#: How a constraint on a list reading is said after its question.
_CONSTRAINTS = {
    "without": {"en": " (leaving out the ones named)", "ko": " (언급한 것은 빼고)"},
    "among": {"en": " (among the ones named)", "ko": " (언급한 것 중에서)"},
    "described": {"en": " (the one described)", "ko": " (설명한 것)"},
    "solely": {"en": " (only those related to it alone)", "ko": " (그것에만 해당하는 것)"},
}


def _constraint(c, name, lang: str) -> str:
    """How a reading's constraint is said after its question: "(leaving out the ones named)", or the
    thing a list was narrowed to ("(related to the worker node)")."""
    if isinstance(c, tuple) and c[0] == "narrowed":
        return f" (related to {name(c[1])})" if lang == "en" else f" ({name(c[1])} 관련)"
    return _CONSTRAINTS[c][lang] if c in _CONSTRAINTS else ""


def canonical(key: tuple, catalogue: Catalogue) -> dict[str, str]:
    """The reading ``key`` (a :class:`~kubekg.qa.readings.Candidate`'s) as a question in each language."""
    return {lang: _say(key, catalogue, lang) for lang in LANGS}


def _say(key: tuple, catalogue: Catalogue, lang: str) -> str:
    kind = key[0]
    name = lambda iri: catalogue.label(iri, lang)  # noqa: E731
    rel = lambda iri: catalogue.relations.get(iri) or Relation(iri)  # noqa: E731
    if kind in ONE_HOP_KINDS:
        anchor, relation, direction = key[1], rel(key[2]), key[3]
        text = _ask(relation, direction, name(anchor), lang)
        if kind == "count":
            text = ("How many? " if lang == "en" else "몇 개? ") + text
        elif kind == "complement":
            text = ("Which others, not: " if lang == "en" else "그 밖의 것 (아닌 것): ") + text
        return text + "".join(_constraint(c, name, lang) for c in key[4:])
    if kind in ("yesno", "only"):
        s, relation, o = key[1], rel(key[2]), key[3]
        fact = fill(relation.statement.get(lang) or "{s} — {o}", name(s), name(o)).rstrip(". ")
        if kind == "only":
            sole = name(s) if key[4:] == ("subject",) else name(o)
            return f"Is {sole} the only one? ({fact})" if lang == "en" else f"{sole}만 그런가? ({fact})"
        return f"Is it so that {fact}?" if lang == "en" else f"{fact}?"
    if kind == "all_yesno":
        group, relation, entity = key[1], rel(key[2]), key[3]
        if isinstance(group, tuple):  # things the question lists
            names = [name(m) for m in group]
            every = f"each of {' and '.join(names)}" if lang == "en" else f"{', '.join(names)} 모두"
        else:
            every = f"every {name(group)}" if lang == "en" else f"모든 {name(group)}"
        fact = fill(relation.statement.get(lang) or "{s} — {o}", every, name(entity)).rstrip(". ")
        return f"Is it so that {fact}?" if lang == "en" else f"{fact}?"
    if kind == "universal":
        relation, cls = rel(key[1]), key[2]
        every = f"every {name(cls)}" if lang == "en" else f"모든 {name(cls)}"
        return _ask(relation, "subject", every, lang)
    if kind == "named":  # the thing the question describes
        label = name(key[1])
        return f"Which one is “{label}”?" if lang == "en" else f"“{label}”에 해당하는 것은?"
    if kind == "compare":
        names = [name(e) for e in key[1:]]
        return f"How do {' and '.join(names)} compare?" if lang == "en" else f"{', '.join(names)} 비교"
    if kind == "two_hop":
        anchor, r1, d1, r2, d2 = key[1:6]
        # the thing in the middle is what the anchor relates to by r1: the subject of r1's fact when
        # the first hop asked for subjects
        middle = describe(rel(r1), "subject" if d1 == "subject" else "object", name(anchor), lang)
        if key[6:]:  # through the one middle the question describes
            _, via = key[6]
            middle = f"{name(via)} ({middle})" if middle else name(via)
        return _ask(rel(r2), d2, middle or name(anchor), lang)
    return " ".join(str(k) for k in key)


def _ask(relation: Relation, direction: str, filler: str, lang: str) -> str:
    """The relation's first question phrasing for one slot, filled; its statement when it has none."""
    slot = "{s}" if direction == "object" else "{o}"
    other = "{o}" if slot == "{s}" else "{s}"
    for phrasing in relation.phrasings(direction, lang):
        if slot in phrasing and other not in phrasing:
            text = fill(phrasing, filler, filler)
            return text[0].upper() + text[1:] if lang == "en" else text
    label = relation.display(lang)
    return f"{label}: {filler}?"


def describe(relation: Relation, via_side: str, anchor_name: str, lang: str, noun: str | None = None) -> str | None:
    """A noun phrase for the thing that has ``relation`` with the anchor: "the one that runs on the
    master node", "마스터 노드에서 실행되는 것"; with ``noun`` (the thing's kind) "the component that runs
    on the master node", "마스터 노드에서 실행되는 컴포넌트". ``via_side`` "subject": the thing is the
    fact's subject."""
    statement = relation.statement.get(lang, "")
    if lang == "en":
        if via_side == "subject" and statement.startswith("{s} "):
            head = f"the {noun} that " if noun else "the one that "
            return head + statement[4:].rstrip(".").replace("{o}", anchor_name)
        if via_side == "object" and statement.startswith("{s} ") and statement.endswith(" {o}."):
            # "{s} runs on the {o}." -> "the thing kubelet runs on" (the article was the object's)
            clause = re.sub(r"\s+(the|a|an)$", "", statement[:-5], flags=re.I)
            return (f"the {noun} " if noun else "the thing ") + clause.replace("{s}", anchor_name)
        return None
    if via_side == "subject":
        m = re.match(r"^\{s\}(은|는|이|가)\s+", statement)
        rest = statement[m.end() :] if m else None
        rest = fill(rest, anchor_name, anchor_name) if rest else None
    else:
        m = re.match(r"^\{s\}(은|는|이|가)\s+(.*?)\{o\}(를|을|와|과|에서|에|의)?\s*", statement)
        rest = fill("{s}가 ", anchor_name, "") + statement[m.end() :] if m else None
    relative = _relative_clause(rest) if rest else None
    return f"{relative} {noun or '것'}" if relative else None


def _relative_clause(predicate: str) -> str | None:
    """A Korean sentence ending turned into a modifier: "…에서 실행된다." -> "…에서 실행되는"."""
    text = predicate.rstrip(". ")
    for ending, modifier in (
        ("한다", "하는"),
        ("된다", "되는"),
        ("있다", "있는"),
        ("이다", "인"),
        ("따른다", "따르는"),
        ("가져온다", "가져오는"),
    ):
        if text.endswith(ending):
            return text[: -len(ending)] + modifier
    return None

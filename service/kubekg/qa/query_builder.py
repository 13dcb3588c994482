"""SPARQL for each question shape. Linked terms enter only as IRIs in a VALUES block.

The IRIs come from the catalogue (terms and relations the graph declares), never from the question's
text, and are checked to be plain IRIs, so no user text can reach a query.
"""

from __future__ import annotations

import re

_PROLOGUE = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX k: <https://w3id.org/kubekg/ontology#>\n"
)
_SAFE_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


def iri(value: str) -> str:
    if not _SAFE_IRI.match(value):
        raise ValueError(f"not a plain IRI: {value!r}")
    return f"<{value}>"


def _values(**bound: str | None) -> str:
    names = [n for n, v in bound.items() if v is not None]
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(iri(bound[n]) for n in names)
    return f"  VALUES ({head}) {{ ({row}) }}\n"


def _typed(answer_class: str | None) -> str:
    return "  ?answer a ?answerClass .\n" if answer_class else ""


def _linked(linked_to: str | None) -> str:
    """Only answers the graph relates (by a phrased relation, either way) to ``linked_to``."""
    if not linked_to:
        return ""
    return (
        "  { ?answer ?link ?linkedTo } UNION { ?linkedTo ?link ?answer }\n"
        "  FILTER EXISTS { ?link k:askObject ?linkPhrasing }\n"
    )


def _with_another(pattern: str, var: str) -> str:
    """``pattern`` with another thing (an IRI) where ``var`` stands: what "only" rules out."""
    return f"{pattern.replace(var, '?other')} . FILTER(isIRI(?other) && ?other != {var})"


def _solely(pattern: str, solely: bool) -> str:
    """Only answers the relation links to the anchor and to nothing else ("which CLIs work *only* with
    containerd?"): no other thing stands where the anchor stands in ``pattern``."""
    return f"  FILTER NOT EXISTS {{ {_with_another(pattern, '?anchor')} }}\n" if solely else ""


def _restricted(exclude: list[str] | None, among: list[str] | None) -> str:
    """Leave out the named things ("besides etcd"), or keep only the alternatives named ("ctr or nerdctl")."""
    out = ""
    if exclude:
        out += f"  FILTER(?answer NOT IN ({', '.join(iri(e) for e in sorted(exclude))}))\n"
    if among:
        out += f"  VALUES ?answer {{ {' '.join(iri(a) for a in sorted(among))} }}\n"
    return out


def objects(anchor: str, relation: str, answer_class: str | None = None, count: bool = False, **constraints) -> str:
    """What ``anchor`` relates to by ``relation`` (optionally only members of ``answer_class``; only
    things related to ``linked_to``: "which *of the control plane's* components …"; without the
    ``exclude``d; only those ``among`` the alternatives; ``solely`` those related to the anchor alone)."""
    return _lookup("?anchor ?relation ?answer", anchor, relation, answer_class, count, **constraints)


def subjects(anchor: str, relation: str, answer_class: str | None = None, count: bool = False, **constraints) -> str:
    """What relates to ``anchor`` by ``relation``; with ``rdf:type`` these are a class's members."""
    return _lookup("?answer ?relation ?anchor", anchor, relation, answer_class, count, **constraints)


def _lookup(
    pattern: str,
    anchor: str,
    relation: str,
    answer_class: str | None,
    count: bool,
    linked_to: str | None = None,
    exclude: list[str] | None = None,
    among: list[str] | None = None,
    solely: bool = False,
) -> str:
    body = _values(anchor=anchor, relation=relation, answerClass=answer_class, linkedTo=linked_to)
    body += f"  {pattern} .\n" + _typed(answer_class) + _linked(linked_to) + _restricted(exclude, among)
    body += _solely(pattern, solely)
    return _select(body, count)


def complement(anchor: str, relation: str, direction: str, answer_class: str) -> str:
    """Members of ``answer_class`` that a reading does not return: "which CLIs are *not* maintained by X"."""
    link = "?anchor ?relation ?answer" if direction == "object" else "?answer ?relation ?anchor"
    body = _values(anchor=anchor, relation=relation, answerClass=answer_class)
    body += f"  ?answer a ?answerClass .\n  FILTER NOT EXISTS {{ {link} }}\n  FILTER(?answer != ?anchor)\n"
    return _select(body, False)


def two_hop(
    anchor: str,
    first: str,
    first_direction: str,
    second: str,
    second_direction: str,
    via: str | None = None,
    answer_class: str | None = None,
) -> str:
    """Answers two relations away: anchor -first-> ?via -second-> ?answer (each hop either way round);
    through one ``via`` only, when given; only members of ``answer_class``, when given."""
    hop1 = "?anchor ?first ?via" if first_direction == "object" else "?via ?first ?anchor"
    hop2 = "?via ?second ?answer" if second_direction == "object" else "?answer ?second ?via"
    body = _values(anchor=anchor, first=first, second=second, via=via, answerClass=answer_class)
    body += f"  {hop1} .\n  {hop2} .\n" + _typed(answer_class) + "  FILTER(?answer != ?anchor && ?answer != ?via)\n"
    return _PROLOGUE + "SELECT DISTINCT ?answer ?via WHERE {\n" + body + "}"


def only(subject: str, relation: str, obj: str, direction: str) -> str:
    """Whether ``obj`` is the one and only thing ``subject`` relates to by ``relation`` (direction
    "object"), or the only thing that relates to it (direction "subject")."""
    other, same = ("?s ?relation ?other", "?o") if direction == "object" else ("?other ?relation ?o", "?s")
    return (
        _PROLOGUE
        + "ASK {\n"
        + _values(s=subject, relation=relation, o=obj)
        + f"  ?s ?relation ?o .\n  FILTER NOT EXISTS {{ {other} . FILTER(?other != {same}) }}\n}}"
    )


def ask(subject: str, relation: str, obj: str) -> str:
    return _PROLOGUE + "ASK {\n" + _values(s=subject, relation=relation, o=obj) + "  ?s ?relation ?o .\n}"


def universal(relation: str, set_class: str | None, qualifier: str | None, answer_class: str | None) -> str:
    """Things related by ``relation`` to every member of a set: the instances of ``set_class`` that are
    linked (by any property) to ``qualifier``. The set is quantified over, never listed."""
    members = "?member"
    if set_class:
        members += " a ?setClass"
    if qualifier:
        members += (" ;" if set_class else "") + " ?link ?qualifier"
    body = _values(relation=relation, setClass=set_class, qualifier=qualifier, answerClass=answer_class)
    body += (
        "  ?answer ?relation ?some .\n"
        + _typed(answer_class)
        + f"  FILTER EXISTS {{ {members} . }}\n"
        + f"  FILTER NOT EXISTS {{\n    {members} .\n    FILTER NOT EXISTS {{ ?answer ?relation ?member }}\n  }}\n"
    )
    return _select(body, False)


def _member_fails(members_first: bool, solely: bool) -> str:
    """The condition under which a member breaks an "every member …" check: it lacks the link with the
    entity, or (``solely``: "do all three CLIs work *only* with containerd?") has the link with another."""
    link = "?member ?relation ?entity" if members_first else "?entity ?relation ?member"
    if not solely:
        return f"NOT EXISTS {{ {link} }}"
    return f"(NOT EXISTS {{ {link} }} || EXISTS {{ {_with_another(link, '?entity')} }})"


def all_related(set_class: str, relation: str, entity: str, members_first: bool, solely: bool = False) -> str:
    """Whether every instance of ``set_class`` (there being one) has ``relation`` with ``entity`` (and,
    ``solely``, with nothing else): as its subject when ``members_first``, else as its object."""
    return (
        _PROLOGUE
        + "ASK {\n"
        + _values(setClass=set_class, relation=relation, entity=entity)
        + "  FILTER EXISTS { ?member a ?setClass }\n"
        + f"  FILTER NOT EXISTS {{ ?member a ?setClass . FILTER {_member_fails(members_first, solely)} }}\n}}"
    )


def all_listed_related(
    members: list[str], relation: str, entity: str, members_first: bool, solely: bool = False
) -> str:
    """Whether every one of ``members`` (things a question lists) has ``relation`` with ``entity`` (and,
    ``solely``, with nothing else): as its subject when ``members_first``, else as its object."""
    listed = " ".join(iri(m) for m in members)
    fails = _member_fails(members_first, solely)
    return (
        _PROLOGUE
        + "ASK {\n"
        + _values(relation=relation, entity=entity)
        + f"  FILTER NOT EXISTS {{ VALUES ?member {{ {listed} }} FILTER {fails} }}\n}}"
    )


def set_members(set_class: str, qualifier: str | None) -> str:
    """The members of the set a universal question quantifies over (for its evidence)."""
    body = _values(setClass=set_class, qualifier=qualifier)
    body += "  ?answer a ?setClass" + (" ; ?link ?qualifier" if qualifier else "") + " .\n"
    return _select(body, False)


def literal(anchor: str, relation: str, lang: str) -> str:
    """The texts ``anchor`` has for a literal-valued relation (a definition), in ``lang`` first."""
    return (
        _PROLOGUE
        + "SELECT ?answer WHERE {\n"
        + _values(anchor=anchor, relation=relation)
        + "  ?anchor ?relation ?answer .\n"
        + f'}}\nORDER BY DESC(LANGMATCHES(LANG(?answer), "{"ko" if lang == "ko" else "en"}"))'
    )


def facts_of(entities: list[str]) -> str:
    """Every phrased relation of each entity, for comparisons."""
    rows = " ".join(f"({iri(e)})" for e in entities)
    return (
        _PROLOGUE
        + "SELECT ?entity ?relation ?value WHERE {\n"
        + f"  VALUES (?entity) {{ {rows} }}\n"
        + "  ?entity ?relation ?value .\n  FILTER(isIRI(?value))\n"
        + "  FILTER EXISTS { ?relation k:askObject ?phrasing }\n}\nORDER BY ?relation ?entity ?value"
    )


def _select(body: str, count: bool) -> str:
    if count:
        return _PROLOGUE + "SELECT (COUNT(DISTINCT ?answer) AS ?count) WHERE {\n" + body + "}"
    return _PROLOGUE + "SELECT DISTINCT ?answer WHERE {\n" + body + "}"

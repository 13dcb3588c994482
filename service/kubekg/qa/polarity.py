"""Whether a yes/no question asks a fact the other way round from how the graph names its object.

ctr has the limitation "not user-friendly". "Is ctr user-friendly?" checks that fact, but asks its
opposite: the fact holding means *no*. "Is ctr hard to use?" matches another name of the same thing,
one that is not negated, and "Is ctr not user-friendly?" says the negation itself: both mean *yes*.
So the polarity is read from the name the question used (the closest of the object's names to the
words it was linked by) against the words the question puts around them.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from kubekg.graph.catalogue import Catalogue
from kubekg.qa.entity_linker import Mention
from kubekg.search.text_normalize import detect_language

_NEGATION = {
    # "without" and "없이" name a relation ("usable without Docker"), not the negation of a name
    "en": re.compile(r"\b(not|never|no longer|cannot)\b|n't\b|\bnon-", re.I),
    "ko": re.compile(r"않|아님|아니|없(?!이)|못|\bX\b|불가|부적합"),
}
#: A quality said by its opposite counts as negated: "hard to create containers" is not easy, and "Is it *easy*
#: to create containers with crictl?" asks the opposite of that name, "만들기 *어려워*?" the same
_UNEASY = {
    "en": re.compile(r"\b(hard|harder|difficult|uneasy|inconvenient|awkward)\b", re.I),
    "ko": re.compile(r"어렵|어려|힘들|까다롭|까다로|불편"),
}
#: Where the question may say such a quality: the rest of the linked words' phrase and up to two words after
#: it ("컨테이너를 생성하는 게 *쉬운* 편인가요?") or, in English, up to three words before them ("is it *easy* to
#: create containers …")
_AFTER_WIDE = re.compile(r"^\S*(\s+\S+){0,2}")
_BEFORE_WIDE = re.compile(r"(\S+\s*){0,3}$")
#: Where the question may negate the linked words: English puts "not" in the word before them ("is ctr
#: *not* user-friendly"; "*Isn't* ctr user-friendly?" still asks whether it is), Korean in the rest of
#: their phrase or the next word ("사용자 친화적이지 *않아*?").
_BEFORE = re.compile(r"(\S+\s*)?$")
_AFTER = re.compile(r"^\S*(\s+\S+)?")


def negated(text: str, lang: str) -> bool:
    return bool(_NEGATION["ko" if lang == "ko" else "en"].search(text))


def _uneasy(text: str, lang: str) -> bool:
    return bool(_UNEASY["ko" if lang == "ko" else "en"].search(text))


def asks_opposite(question: str, lang: str, mention: Mention, catalogue: Catalogue) -> bool:
    """True when the question names ``mention``'s entity without the negation its closest name has, or
    negates a name that has none."""
    term = catalogue.terms.get(mention.iri)
    if term is None or mention.is_class:
        return False
    words = question[mention.start : mention.end]
    names = sorted(term.names.get(lang, ())) or sorted(term.all_names())
    if not names:
        return False
    name, _, _ = process.extractOne(words, names, scorer=fuzz.token_set_ratio)
    if lang == "ko":
        around = words + _AFTER.search(question[mention.end :]).group(0)
        wide = words + _AFTER_WIDE.search(question[mention.end :]).group(0)
    else:
        around = _BEFORE.search(question[: mention.start]).group(0) + words
        wide = _BEFORE_WIDE.search(question[: mention.start]).group(0) + words
    name_lang = detect_language(name)
    says_not = negated(name, name_lang) or _uneasy(name, name_lang)
    return says_not != (negated(around, lang) or _uneasy(wide, lang))

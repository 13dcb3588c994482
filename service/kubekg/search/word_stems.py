"""English words reduced to their stems (Snowball), so that a label is found in a question that says it
in other word forms and another order: "pod-aware" in "aware of pods", "image signing" in "sign
images", "separate installation" in "installed separately"."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
#: Words that carry no content of their own: a label's stems are its other words.
_FUNCTION = frozenset(
    "a an the of in on at for to from with by and or as is are be been it its that which this these those".split()
)
#: How many more question words than a label has stems may lie between its first and last match: one
#: ("pull images lazily" for "lazy pulling"); a label's words spread over a clause are no label
#: ("containerd used to live inside which project" is not "containerd project").
_SLACK = 1

_stemmer = snowballstemmer.stemmer("english")
_lock = threading.Lock()  # a Snowball stemmer keeps state while it works


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    with _lock:
        return _stemmer.stemWord(word.lower())


def stemmed_words(text: str) -> list[tuple[int, int, str]]:
    """The content words of ``text`` in Latin letters, each with its span and stem."""
    return [(m.start(), m.end(), stem(m.group())) for m in _WORD.finditer(text) if m.group().lower() not in _FUNCTION]


def stem_bag(label: str) -> frozenset[str]:
    """The stems of a label's content words."""
    return frozenset(s for _, _, s in stemmed_words(label))


def same_stem(a: str, b: str) -> bool:
    """Equal, or one a short extension of the other (Snowball's "verif"/"verifi", "lazi"/"lazili"),
    never a name inside a longer one ("contain"/"containerd")."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 2


def find_bag(bag: frozenset[str], words: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The span of the question's ``words`` (from :func:`stemmed_words`) that holds every stem of
    ``bag``, in any order, close together; None when some stem is missing or they lie far apart."""
    return find_bags({0: bag}, words).get(0)


def find_bags(bags: dict[int, frozenset[str]], words: list[tuple[int, int, str]]) -> dict[int, tuple[int, int]]:
    """:func:`find_bag` for many bags at once (each stem is looked for once): key -> span, for the bags
    found."""
    first: dict[str, int | None] = {}  # a stem -> the first question word of that stem
    found = {}
    for key, bag in bags.items():
        hits = []
        for wanted in bag:
            if wanted not in first:
                first[wanted] = next((i for i, (_, _, s) in enumerate(words) if same_stem(s, wanted)), None)
            if first[wanted] is None:
                break
            hits.append(first[wanted])
        else:
            start, last = min(hits), max(hits)
            if last - start + 1 <= len(bag) + _SLACK:
                found[key] = (words[start][0], words[last][1])
    return found

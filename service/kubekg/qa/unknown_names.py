"""Names in a question that the graph does not know: "podman", "CNCF", "CRI-O", "v1.20".

A question about a thing the graph has never heard of cannot be answered from it, however well the
rest of it matches a relation ("Who maintains CRI-O?" is not a question about the CRI). A word counts
as such a name when it is written in Latin letters and is neither linked to an entity, nor a word of
the graph (its labels, phrasings and definitions), nor an English word or a one-letter slip of one
(an English dictionary, pyspellchecker's, tells: "gimme", "rundown" and "teh" are no names). Words
with digits and acronyms in capitals are names unless the graph has them exactly, since a slip seldom
makes them ("v1.20" is not "v1.24", "GKE" is not "GE"). Hangul spellings of unknown names are not
recognised: Korean words carry endings that no dictionary lookup strips reliably.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spellchecker import SpellChecker

from kubekg.graph.catalogue import Catalogue
from kubekg.qa.entity_linker import Mention
from kubekg.qa.vocabulary import catalogue_texts

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")
_PART = re.compile(r"[A-Za-z0-9]+")
_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{3,}")
COMMON = 1500  # occurrences in the dictionary's corpus of about its 18,000 commonest words
PREFIXES = frozenset({"sub", "un", "re", "pre", "non", "multi", "inter", "over", "under", "co", "de", "dis"})
MIN_LENGTH = 3  # shorter words ("vs", "ok", "k") are too often neither names nor in a dictionary


@lru_cache(maxsize=1)
def _english() -> SpellChecker:
    return SpellChecker(language="en", distance=1)


def english_word(word: str) -> bool:
    """A word of the English dictionary (lower case), however rare."""
    return word in _english()


def english_edits(word: str) -> set[str]:
    """Every string one edit from ``word``."""
    return _english().edit_distance_1(word)


def common_english(word: str) -> bool:
    """A common English word (lower case): one of the dictionary's commonest."""
    return _english().word_frequency.dictionary.get(word, 0) >= COMMON


def _proper_noun(question: str, start: int, word: str) -> bool:
    """A capitalised word inside a sentence ("on *Windows*", "on *Ubuntu*"): people write a name so,
    even a name that is also an English word."""
    before = question[:start].rstrip()
    single = word.isalpha()  # "Docker-style" is a compound, judged by its parts
    return single and word[0].isupper() and word[1:].islower() and bool(before) and before[-1] not in ".!?:;\"'“‘(["


def graph_words(catalogue: Catalogue) -> frozenset[str]:
    """The lower-cased words and whole tokens of the graph's names, phrasings and definitions."""
    blob = "\n".join(catalogue_texts(catalogue, definitions=True)).lower()
    _english()  # loaded with the engine, not on its first question
    return frozenset(_TOKEN.findall(blob)) | frozenset(_PART.findall(blob))


@dataclass(frozen=True)
class UnknownNames:
    words: frozenset[str]  # lower-cased words and whole tokens of the graph's names, phrasings and definitions

    @classmethod
    def of(cls, catalogue: Catalogue) -> UnknownNames:
        return cls(graph_words(catalogue))

    def find(self, question: str, mentions: list[Mention]) -> list[str]:
        """The words of ``question`` that name something the graph does not know, in order."""
        # a name links it, or a slip or other spelling of one ("kube-shceduler"); a paraphrase linked
        # over several words ("crictl compare to podman" to a crictl command) does not vouch for them
        covered = [m.span for m in mentions if m.exact or not any(ch.isspace() for ch in question[m.start : m.end])]
        out = []
        words = _WORD.findall(question)
        title_case = len(words) >= 3 and all(w[0].isupper() for w in words)
        for match in _TOKEN.finditer(question):
            start, end, word = match.start(), match.end(), match.group()
            if any(s <= start and end <= e for s, e in covered):
                continue
            named = not title_case and _proper_noun(question, start, word) and word.lower() not in self.words
            if not named and self._known(word):
                continue
            out.append(word)
        return out

    def _known(self, word: str) -> bool:
        low = word.lower()
        if len(low) < MIN_LENGTH or low in self.words:
            return True
        if any(ch.isdigit() for ch in low):
            return False
        parts = _PART.findall(low)
        if len(parts) > 1:
            # "docker-like", "CRI-compatible": a compound of known words (a one-letter part is no word:
            # "CRI-O" is a name)
            return all(len(p) > 1 and self._known(p) for p in parts)
        if word.isupper():
            return False
        english = _english()
        if low in english:
            return True
        # a one-letter slip of a common English word or of a word of the graph ("teh", "kubelte"); a
        # rare word one letter away says nothing ("podman" is not "potman")
        if any(self._common(w) for w in english.edit_distance_1(low)):
            return True
        # two words run together ("workernode", "workaround") or a word with an English prefix
        # ("subcommands"); a short common word does not make a name a compound ("pod" + "man")
        for i in range(1, len(low)):
            head, tail = low[:i], low[i:]
            if (head in PREFIXES or self._common(head, 4)) and self._common(tail, 4):
                return True
        return False

    def _common(self, word: str, min_length: int = 1) -> bool:
        """A word of the graph, or a common English word, of at least ``min_length`` letters."""
        if len(word) < min_length:
            return False
        return word in self.words or common_english(word)

"""Language detection and the normalisations label matching and lexical scoring share."""

from __future__ import annotations

import re
import unicodedata

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_SEPARATORS = re.compile(r"[\s\-_·./:,'’\"()\[\]{}!?~*&+]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")


def detect_language(text: str) -> str:
    """``ko`` if the text has any Hangul, else ``en``."""
    return "ko" if _HANGUL.search(text) else "en"


def clean(text: str) -> str:
    """NFKC, control characters removed, white space collapsed."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFKC", text))
    return " ".join(text.split())


def label_key(text: str) -> str:
    """The form labels are matched in: case, spacing, hyphens and punctuation ignored."""
    return _SEPARATORS.sub("", clean(text).lower())


def keyed_with_offsets(text: str) -> tuple[str, list[int]]:
    """``label_key(text)`` plus, for each of its characters, the index of that character in ``text``."""
    chars, offsets = [], []
    lowered = text.lower()
    for i, ch in enumerate(lowered):
        if _SEPARATORS.fullmatch(ch):
            continue
        chars.append(ch)
        offsets.append(i)
    return "".join(chars), offsets


def is_word_char(ch: str) -> bool:
    """Latin letters and digits join into words; Hangul does not need a boundary (particles attach)."""
    return ch.isascii() and ch.isalnum()


def char_ngrams(text: str, sizes: tuple[int, ...] = (2, 3)) -> list[str]:
    """Character n-grams of the lower-cased text with spaces marked, for lexical similarity in any script.

    Hangul syllables also count alone: one syllable is often a whole morpheme (맡-, 일, 왜).
    """
    t = " " + " ".join(clean(text).lower().split()) + " "
    grams = [ch for ch in t if _HANGUL.match(ch)]
    for n in sizes:
        grams.extend(t[i : i + n] for i in range(len(t) - n + 1))
    return [g for g in grams if g.strip()]


def singular(word: str) -> str:
    """A rough English singular: "components" → "component", "policies" → "policy"."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word

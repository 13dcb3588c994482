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


def hangul_parts(ch: str) -> tuple[int, int, int] | None:
    """The (initial, vowel, final) indices of a Hangul syllable, composed as 0xAC00 + (initial × 21 + vowel)
    × 28 + final (vowel 0 ㅏ, 4 ㅓ, 6 ㅕ …; final 0 none, 4 ㄴ, 8 ㄹ …); None for any other character."""
    code = ord(ch) - 0xAC00
    if not 0 <= code < 11172:
        return None
    return code // 588, (code % 588) // 28, code % 28


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


# A Korean particle after a Latin name or digit (a placeholder "X" included) is written either way:
# its form follows how the name is read aloud, which people guess ("crictl은", "crictl는"). The forms
# of one particle are made one for lexical matching; the epenthetic 이 of the copula and of 이랑/이나/
# 이란 is dropped ("X이야" = "X야").
_PARTICLE_FORMS = (
    (re.compile(r"(?<=[A-Za-z0-9])으로"), "로"),
    (re.compile(r"(?<=[A-Za-z0-9])이에요"), "예요"),
    (re.compile(r"(?<=[A-Za-z0-9])이(?=랑|나|란|라|야|고|지|면|다)"), ""),
    (re.compile(r"(?<=[A-Za-z0-9])은(?![\uac00-\ud7a3])"), "는"),
    (re.compile(r"(?<=[A-Za-z0-9])이(?![\uac00-\ud7a3])"), "가"),
    (re.compile(r"(?<=[A-Za-z0-9])을(?![\uac00-\ud7a3])"), "를"),
    (re.compile(r"(?<=[A-Za-z0-9])과(?![\uac00-\ud7a3])"), "와"),
)


def one_particle_form(text: str) -> str:
    """The text with each particle after a Latin name in one form: "crictl은 뭐야" → "crictl는 뭐야",
    "X이 뭐야" → "X가 뭐야", "X으로" → "X로", "X이야?" → "X야?"."""
    for pattern, form in _PARTICLE_FORMS:
        text = pattern.sub(form, text)
    return text


def singular(word: str) -> str:
    """A rough English singular: "components" → "component", "policies" → "policy"."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word

"""Names as people mistype them or spell them in Hangul: "crcitl", "kubelte", "쿠블릿", "알케이티".

Three pieces, used by the entity linker for words no exact label explains:

- :func:`similarity`: edit distance over letters (a typed Latin slip, where swapping two neighbours
  counts once) or over jamo, the letters of Hangul (쿠블릿 and 쿠블렛 differ in one vowel);
- :func:`sounds_like`: whether a Hangul label is a spelling of a Latin name at all ("쿠블렛" of
  kubelet, not "노드 에이전트"), by a rough *sound key* of both: consonants folded into the classes a
  Korean spelling of English cannot tell apart (k/c/g, t/d, p/b/f/v, s/z/j/ch/sh, l/r, m, n) and each
  run of vowels as one mark, after romanising the Hangul (the epenthetic ㅡ dropped: 크·라·이 for "cri")
  and hearing the English as a Korean ear does (no post-vocalic r: 도커; no silent e: 큐브);
- :func:`letter_spelling`: a short name read out letter by letter in Hangul (rkt → 알케이티, OCI → 오씨아이),
  as Koreans say acronyms.

The sound key only decides which Hangul labels are spellings; questions are matched against those
spellings jamo by jamo, which keeps the vowels a sound key throws away and so leaves ordinary Korean
words ("받아서", "뭐였지") alone.
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

#: Syllable parts (initial, medial, final) in the order of Unicode's Hangul syllable block, romanised.
_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"]
# ㅡ (the 19th medial, "-") is the epenthetic vowel Korean puts between English consonants: dropped
_MEDIALS = [v.strip("-") for v in "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu - ui i".split()]
_FINALS = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng",
    "t", "t", "k", "t", "p", "t",
]  # fmt: skip

#: How English letters are read out in Korean.
_LETTER_NAMES = {
    "a": "에이", "b": "비", "c": "씨", "d": "디", "e": "이", "f": "에프", "g": "지", "h": "에이치", "i": "아이",
    "j": "제이", "k": "케이", "l": "엘", "m": "엠", "n": "엔", "o": "오", "p": "피", "q": "큐", "r": "알",
    "s": "에스", "t": "티", "u": "유", "v": "브이", "w": "더블유", "x": "엑스", "y": "와이", "z": "지",
}  # fmt: skip

#: Consonant spellings folded into one class each, longest first.
_CLASSES = [
    ("sch", "SK"), ("ck", "K"), ("ch", "S"), ("sh", "S"), ("ph", "P"), ("th", "T"), ("ng", "N"), ("x", "KS"),
    ("qu", "K"), ("k", "K"), ("c", "K"), ("g", "K"), ("q", "K"), ("t", "T"), ("d", "T"), ("p", "P"), ("b", "P"),
    ("f", "P"), ("v", "P"), ("s", "S"), ("z", "S"), ("j", "S"), ("l", "L"), ("r", "L"), ("m", "M"), ("n", "N"),
]  # fmt: skip
_VOWELS = set("aeiouyw")
#: A Hangul spelling of a Latin name keeps at least this share of its sounds.
SPELLING_MIN = 0.75


def romanise(word: str) -> str:
    """Latin letters for Hangul, read as a Korean spelling of an English name."""
    out = []
    for ch in word:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            out.append(_INITIALS[code // 588] + _MEDIALS[(code % 588) // 28] + _FINALS[code % 28])
        elif ch.isascii() and ch.isalpha():
            out.append(ch.lower())
    return "".join(out)


def jamo(text: str) -> str:
    """Hangul syllables taken apart into their letters (NFD), other characters kept, spaces dropped."""
    return unicodedata.normalize("NFD", "".join(text.split()))


def sound_key(latin: str) -> str:
    """Consonant classes of a romanised word, with each run of vowels as one ``a`` (h, w, y unheard)."""
    text = latin.lower()
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _VOWELS or ch == "h" or not ch.isalpha():
            if ch in _VOWELS and (not out or out[-1] != "a"):
                out.append("a")
            i += 1
            continue
        if ch == "c" and i + 1 < len(text) and text[i + 1] in "eiy":  # soft c: "cell"
            cls, step = "S", 1
        else:
            cls, step = next(((c, len(s)) for s, c in _CLASSES if text.startswith(s, i)), ("", 1))
        for part in cls:
            if not out or out[-1] != part:  # doubled consonants ("ll", "ss") sound once
                out.append(part)
        i += step
    return "".join(out)


def _english_sound(word: str) -> str:
    """An English word as a Korean ear spells it: no silent final e (kube → 큐브), no post-vocalic r
    before a consonant or at the end (docker → 도커, containerd → 컨테이너디)."""
    word = word.lower()
    if len(word) > 3 and word.endswith("e") and word[-2] not in "aeiou":
        word = word[:-1]
    return re.sub(r"(?<=[aeiou])r(?![aeiou])", "", word)


def sounds_like(hangul: str, latin: str) -> bool:
    """Whether a Hangul label is a spelling of a Latin name ("쿠블렛" of kubelet, "컨테이너디" of
    containerd, "크라이씨티엘" of crictl), read as words or with letters read out."""
    key = sound_key(romanise(hangul))
    heard = {""}
    for word in re.findall(r"[a-z]+", latin.lower()):
        heard = {h + sound_key(way) for h in heard for way in _readings(word)}
    return any(k and similarity(key, k, swaps=False) >= SPELLING_MIN for k in heard)


def _readings(word: str) -> set[str]:
    """Ways a Latin word is said, romanised: as a word; with a closing run of consonants read out
    letter by letter from any point ("cri" + 씨·티·엘, "et" + 시·디); whole, letter by letter."""
    ways = {_english_sound(word)}
    run = re.search(r"[^aeiou]{2,}$", word)
    if run and run.start() > 0:
        for cut in range(run.start(), len(word)):
            ways.add(_english_sound(word[:cut]) + romanise(letter_spelling(word[cut:]) or ""))
    if spelt := letter_spelling(word):
        ways.add(romanise(spelt))
    return ways


def letter_spelling(latin: str) -> str | None:
    """A short Latin name read out letter by letter in Hangul (rkt → 알케이티), or None for a long one."""
    letters = [c for c in latin.lower() if c.isascii() and c.isalpha()]
    if not letters or len(letters) > 4 or len(letters) != len(re.sub(r"[\s-]", "", latin)):
        return None
    return "".join(_LETTER_NAMES[c] for c in letters)


def similarity(a: str, b: str, swaps: bool = True) -> float:
    """1 - edit distance / the longer length (1.0 for the same string); with ``swaps``, swapping two
    neighbours counts as one edit (optimal string alignment), as in a typing slip ("crcitl")."""
    if not a or not b:
        return 0.0
    return (OSA if swaps else Levenshtein).normalized_similarity(a, b)


def best_matches(key: str, choices: list[str], floor: float, swaps: bool = True) -> tuple[float, list[int]]:
    """The best similarity of ``key`` to any of ``choices`` at or above ``floor``, and the indices of
    the choices that reach it (0.0 and none when none does)."""
    scorer = (OSA if swaps else Levenshtein).normalized_similarity
    found = process.extract(key, choices, scorer=scorer, score_cutoff=floor, limit=None)
    if not found:
        return 0.0, []
    best = max(score for _, score, _ in found)
    return best, sorted(i for _, score, i in found if score == best)

"""Chat spellings made standard before a question is read: "wat", "whats", "arent", "u", "w/"; "어케", "모야", "젤".

People type questions as they type messages. The cue grammar (question words, negation, "with") and the
embedding model both know the standard forms, so the question they read is the standard one; the answer
still quotes what was typed. Closed classes, no rule for one sentence:

- English contractions typed without their apostrophe ("arent", "doesnt", "whats", "hows");
- chat abbreviations of function words ("u", "ur", "r", "w/", "w/o", "bc", "pls", "abt", "diff", "kinda",
  "gotta") and of the graph's words ("cmd"), and fillers that say nothing ("lol", "tbh");
- an English question word typed with a one-letter slip ("wat", "wich", "whcih", "hw"): a word that is no
  word of the graph nor a common English word and lies one edit from exactly one question word;
- Korean chat spellings of question words and adverbs ("어케" 어떻게, "모야" 뭐야, "머하는" 뭐하는, "젤" 제일), and the
  spoken verb for installing ("깔리는" 설치되는, "깔아야" 설치해야);
- an aside in brackets that gives examples ("하위 명령(pull, ps 같은 것)은 몇 가지야?", "commands (e.g. pull or
  ps)"): it shows what is meant and asks nothing, so it is read without (an aside that gives no example,
  "Container Runtime Interface (CRI)", stays).
"""

from __future__ import annotations

import re

from kubekg.graph.catalogue import Catalogue
from kubekg.qa.unknown_names import common_english, english_edits, english_word, graph_words

_NOT = re.compile(r"\b(is|are|was|were|do|does|did|has|have|had|ca|wo|should|would|could|need)nt\b", re.I)
_WH_IS = re.compile(r"\b(what|who|where|how|when|that|there)s\b", re.I)
_ABBREVIATIONS = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "w/": "with",
    "w/o": "without",
    "b/c": "because",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "pls": "please",
    "plz": "please",
    "abt": "about",
    "smth": "something",
    "sth": "something",
    "diff": "difference",
    "wut": "what",
    "kinda": "kind of",
    "sorta": "sort of",
    "gotta": "have to",
    "wanna": "want to",
    "gonna": "going to",
    "ya": "you",
    "bout": "about",
    # chat spellings of the words the graph names things with
    "cmd": "command",
    "cmds": "commands",
    # chat fillers that say nothing about the question
    "lol": "",
    "lmao": "",
    "tbh": "",
    "imo": "",
    "btw": "",
}
_EN_WORD = re.compile(r"(?<![\w/'’-])(w/o|w/|b/c|[A-Za-z]+(?:['’][A-Za-z]+)?)(?![\w/'’-])")
QUESTION_WORDS = ("what", "which", "who", "where", "when", "why", "how")
MIN_SLIP_LENGTH = 5  # shorter words are too often names one letter from a word ("runc", "helm")

#: An aside in brackets that gives examples: "(pull, ps 같은 것)", "(pull 등)", "(e.g. pull or ps)", "(like ps)"
_EXAMPLES = re.compile(
    r"\s*[(（\[][^()（）\[\]]*?(?:같은|등등?|따위|처럼|예를\s*들(?:어|면)|예[:：]|\be\.?g\.|\bfor\s+(?:example|instance)\b"
    r"|\bsuch\s+as\b|\blike\b)[^()（）\[\]]*[)）\]]",
    re.I,
)

_KO_CHAT = [
    (re.compile(r"어케|어캐|어떡게"), "어떻게"),
    (re.compile(r"(?<![가-힣])(?:모|머)(?=야|얌|임|냐|지|에요|예요|하|해|함|할)"), "뭐"),
    # 머 on its own, or before a particle or 있다/없다 ("단점 머있음", "머가 달라", "머 있어?"); not 머리, 머신, 머지
    (re.compile(r"(?<![가-힣])머(?=\s|[?？]|$|가\s|를|랑|든|있|없)"), "뭐"),
    (re.compile(r"뭐얌"), "뭐야"),
    (re.compile(r"(?<![가-힣])젤(?=\s|[가-힣])"), "제일"),
    (re.compile(r"몬지"), "뭔지"),
    # 깔다, the spoken verb for installing: "깔리는", "깔면", "깔아야 돼?", "깔 때", "깔려면" (written apart from the
    # word before it: "같이깔리는" stays, as 깔 inside a word may be anything)
    (re.compile(r"(?<![가-힣])깔리(?=[는면고다나니지잖어게])"), "설치되"),
    (re.compile(r"(?<![가-힣])깔린(?![가-힣])"), "설치된"),
    (re.compile(r"(?<![가-힣])깔려(?=[있서요야도]|\s|[?？.]|$)"), "설치돼"),
    (re.compile(r"(?<![가-힣])깔아(?=[야서요도봐줘]|\s|[?？.]|$)"), "설치해"),
    (re.compile(r"(?<![가-힣])깔려(?=면|고)"), "설치하려"),
    (re.compile(r"(?<![가-힣])깔(?=\s*때|[까래])"), "설치할"),
    (re.compile(r"(?<![가-힣])깔(?=[고면지기])"), "설치하"),
]


class TypedForms:
    """Standard forms of what people type; ``words`` are the graph's own, which are never changed."""

    def __init__(self, words: frozenset[str]):
        self.words = words

    @classmethod
    def of(cls, catalogue: Catalogue) -> TypedForms:
        return cls(graph_words(catalogue))

    def standard(self, question: str, lang: str) -> str:
        text = _EXAMPLES.sub("", question).strip() or question
        text = _NOT.sub(lambda m: f"{m.group(1)}n't", text)
        text = _WH_IS.sub(lambda m: f"{m.group(1)}'s", text)
        text = _EN_WORD.sub(lambda m: self._english_word(m.group(1)), text)
        if text != question:  # close the gap a filler leaves; a question of fillers alone stays as typed
            text = re.sub(r"\s{2,}", " ", text).strip() or question
        if lang == "ko":
            for pattern, standard in _KO_CHAT:
                text = pattern.sub(standard, text)
        return text

    def _english_word(self, word: str) -> str:
        low = word.lower()
        if "'" in low or "’" in low:
            return word
        if low in _ABBREVIATIONS:
            return _ABBREVIATIONS[low] if word == low else word  # "U" or "R" may be a name
        if len(low) < 2 or low in self.words or low in QUESTION_WORDS or common_english(low):
            return word
        edits = english_edits(low)  # every string one letter inserted, deleted, changed or swapped away
        near = [w for w in QUESTION_WORDS if w in edits]
        if len(near) == 1:
            return near[0]
        if len(low) < MIN_SLIP_LENGTH or english_word(low):
            return word
        # a longer word one slip from exactly one word of the graph ("contianerd", "shceduler"), else from
        # exactly one common English word ("cmes", "suport"); another form of the same word ("onboards",
        # "onboard") is no slip; a name the graph does not know stays
        for candidates in (edits & self.words, {w for w in edits if common_english(w)}):
            slips = sorted(w for w in candidates if w.rstrip("s") != low.rstrip("s"))
            if slips:
                return slips[0] if len(slips) == 1 else word
        return word

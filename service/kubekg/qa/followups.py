"""Follow-up questions, answered without server-side state.

Every answer carries a small ``context`` (:class:`AnswerContext`): the question as understood, the
entity it was about and how it was named, and the answers. A client sends it back with the next
question. :func:`resolve` turns a follow-up into a question that stands on its own:

- another entity, same question: "What about nerdctl?", "그럼 crictl은?", "And the replication
  controller?" → the previous question with the name of the same kind of thing replaced by the new one
  (for "Does crictl support image signing?" → "nerdctl은요?", the CLI, not the feature);
- a pronoun: "Who maintains it?", "그거 따로 설치해야 돼?" → the pronoun replaced by the name of the
  single previous answer (or, for a list, of the entity the previous question was about); "there" /
  "거기서" by where the single previous answer is ("How many components run there?");
- nothing at all where the thing talked about would stand, as Korean drops a known topic ("도커
  컴포즈도 돼?" after a question about nerdctl): the question is asked both as it is and about the
  previous topic, and the answer more confident wins (:func:`answer`).

A question that is none of these is answered on its own and the context is ignored. Bad context (not
an object, unknown fields or IRIs, too large) is a :class:`~kubekg.errors.QuestionError` (HTTP 400).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kubekg.errors import QuestionError
from kubekg.graph.catalogue import Catalogue
from kubekg.qa.answer_writer import fill
from kubekg.qa.entity_linker import Mention
from kubekg.qa.question_shapes import detect
from kubekg.search.text_normalize import detect_language

#: Largest context accepted, as JSON text.
MAX_CONTEXT_BYTES = 4096

#: Words that open an elliptical follow-up ("what about X?", "그럼 X는?") and carry no question of their own.
_EN_CUES = re.compile(r"\b(what about|how about|and what about|what of|same for|and for|and|then|also)\b", re.I)
_KO_CUES = re.compile(r"(그럼|그러면|그렇다면|그리고|근데|혹시)")
#: What may be left of an elliptical follow-up besides the names: particles, 요, punctuation.
_KO_LEFTOVER = "은는도이가요?？.!~ "
_EN_ARTICLES = re.compile(r"\b(the|a|an|one|please)\b", re.I)
#: "there" / "거기(서|에)": where the previous single answer is.
_EN_THERE = re.compile(
    r"(?<!\bis )(?<!\bare )(?<!\bwas )\b(in there|on there|there)\b(?!\s+(is|are|was|were|any)\b)", re.I
)
_KO_THERE = re.compile(r"거기(에서|서|에)?")
_EN_PRONOUN = re.compile(r"\b(it|its|that one|this one|that|this|they|them)\b", re.I)
#: 그거 / 그건 / 그게 / 그걸 (the particle folded in), 걔, 얘, and 그 + a noun ("그 노드의", "그 CLI는")
_KO_PRONOUN = re.compile(
    r"(그거|그건|그게|그걸|그것|이거|이건|이게|걔|얘|그\s+[가-힣A-Za-z]+?(?=(의|는|은|가|이|를|을|에서|도)?(\s|$|[?？])))"
)


class AnswerContext(BaseModel):
    """What a follow-up needs of the previous answer. Send it back unchanged."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(max_length=1000, description="The previous question, as the engine understood it.")
    lang: str = Field(pattern="^(en|ko)$")
    anchor: str | None = Field(None, max_length=300, description="The entity the question was about.")
    anchor_text: str | None = Field(None, max_length=300, description="How the question named it.")
    relation: str | None = Field(None, max_length=300)
    shape: str | None = Field(None, max_length=40)
    answers: list[str] = Field(default_factory=list, max_length=50, description="IRIs of the answers.")


def parse(context: object, catalogue: Catalogue) -> AnswerContext | None:
    """A validated context, or None when none was sent; a QuestionError for a bad one."""
    if context is None:
        return None
    if not isinstance(context, dict):
        raise QuestionError("context must be the JSON object of a previous answer's `context`, sent back unchanged")
    try:
        size = len(json.dumps(context, ensure_ascii=False).encode())
    except (TypeError, ValueError, RecursionError):
        raise QuestionError("context must be plain JSON: the previous answer's `context`, unchanged") from None
    if size > MAX_CONTEXT_BYTES:
        raise QuestionError(
            f"context is larger than {MAX_CONTEXT_BYTES} bytes: send back the previous answer's `context` only"
        )
    try:
        parsed = AnswerContext.model_validate(context)
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc']) or 'context'}: {err['msg']}" for err in e.errors())
        raise QuestionError(f"context is not a previous answer's `context`: {problems}") from None
    unknown = [iri for iri in [parsed.anchor, *parsed.answers] if iri and iri not in catalogue.terms]
    if parsed.relation and parsed.relation not in catalogue.relations:
        unknown.append(parsed.relation)
    if unknown:
        raise QuestionError(f"context names IRIs this graph does not have: {', '.join(unknown[:5])}")
    return parsed


def resolve(
    question: str,
    lang: str,
    mentions: list[Mention],
    context: AnswerContext | None,
    catalogue: Catalogue,
    link: Callable[[str, str], list[Mention]],
) -> str | None:
    """The follow-up rewritten to stand on its own, or None when the question stands on its own.
    ``link`` finds the mentions of a text (the previous question's are found again, not stored)."""
    if context is None:
        return None
    named = [m for m in mentions if m.exact and not m.is_class and m.iri != context.anchor]
    if named and _elliptical(question, named, lang):
        new = named[0]
        old = _replaced(new.iri, context, catalogue, link)
        if old is not None:
            return context.question[: old.start] + question[new.start : new.end] + context.question[old.end :]
    pronoun = (_KO_PRONOUN if lang == "ko" else _EN_PRONOUN).search(question)
    if pronoun and not any(m.start <= pronoun.start() < m.end for m in mentions if m.exact):
        target = _talked_about(context, catalogue)
        if target:
            word = pronoun.group(0)
            # 그건 / 그게 / 그걸: the pronoun carried the topic, subject or object particle
            particle = {"건": "는", "게": "가", "걸": "를"}.get(word[-1], "") if lang == "ko" and len(word) == 2 else ""
            return question[: pronoun.start()] + catalogue.label(target, lang) + particle + question[pronoun.end() :]
    place = (_KO_THERE if lang == "ko" else _EN_THERE).search(question)
    answered = _single_answer(context, catalogue)
    if place and answered:
        name = catalogue.label(answered, lang)
        said = fill("{s}에서" if place.group(0).endswith("서") else "{s}에", name, "") if lang == "ko" else f"on {name}"
        return question[: place.start()] + said + question[place.end() :]
    return None


def topical(question: str, lang: str, mentions: list[Mention], context: AnswerContext | None, catalogue) -> str | None:
    """The question asked about the previous topic, when it leaves out what it is about: a yes/no
    question naming at most one thing, or a question naming no entity at all ("도커 컴포즈도 돼?",
    "Which example commands are there?"). None when it names the topic already or there is none."""
    target = _talked_about(context, catalogue) if context else None
    entities = [m for m in mentions if m.exact and not m.is_class]
    if not target or any(m.iri == target for m in mentions):
        return None
    if entities and not (detect(question, lang).yes_no and len(entities) < 2):
        return None
    name = catalogue.label(target, lang)
    return fill("{s}는 ", name, "") + question if lang == "ko" else f"{question.rstrip('?？ ')} ({name})?"


def _talked_about(context: AnswerContext, catalogue: Catalogue) -> str | None:
    """What a pronoun points to: the single entity answered, else the entity the question was about."""
    return _single_answer(context, catalogue) or context.anchor


def _single_answer(context: AnswerContext, catalogue: Catalogue) -> str | None:
    entities = [a for a in context.answers if a in catalogue.terms and not catalogue.terms[a].is_class]
    return entities[0] if len(entities) == 1 else None


def _replaced(new: str, context: AnswerContext, catalogue: Catalogue, link) -> Mention | None:
    """The name in the previous question that a new one stands in for: of a kind the new entity shares
    (the CLI in "Does crictl support image signing?", when the new name is nerdctl), else the
    entity the previous question was about."""
    before = [m for m in link(context.question, context.lang) if m.exact and not m.is_class and m.iri != new]
    kinds = catalogue.terms[new].types

    def rank(m: Mention) -> tuple[bool, bool]:
        return bool(catalogue.terms[m.iri].types & kinds), m.iri == context.anchor

    best = max(before, key=rank, default=None)
    return best if best is not None and any(rank(best)) else None


def _elliptical(question: str, named: list[Mention], lang: str) -> bool:
    """ "What about nerdctl?", "그럼 crictl은?", "And the replication controller?", "워커 노드는요?":
    nothing but a name, cue words, articles and particles."""
    rest = question
    for m in sorted(named, key=lambda m: -m.start):
        rest = rest[: m.start] + " " + rest[m.end :]
    rest = (_KO_CUES if lang == "ko" else _EN_CUES).sub(" ", rest)
    if lang != "ko":
        rest = _EN_ARTICLES.sub(" ", rest)
    return not rest.strip(_KO_LEFTOVER if lang == "ko" else "?.!, ")


def answer(engine, question: str, context: object = None):
    """Ask ``engine`` (either QA core) a question, resolving it against a previous answer's context, and
    give the answer the context the next question needs."""
    q = engine.check(question)
    previous = parse(context, engine.catalogue)
    lang = detect_language(q)

    def understand(text: str):
        vector = engine.index.embedder.encode_queries([text])[0]
        return vector, engine.linker.link(text, lang, vector)

    q_used = engine.typed_forms.standard(q, lang)  # read in standard spelling, quoted as typed
    vector, mentions = understand(q_used)
    rewritten = resolve(q_used, lang, mentions, previous, engine.catalogue, lambda t, lg: engine.linker.link(t, lg))
    if rewritten is not None:
        q_used = engine.check(rewritten)
        vector, mentions = understand(q_used)
    result = engine.answer_one(q_used, vector, mentions)
    about = topical(q_used, lang, mentions, previous, engine.catalogue) if rewritten is None else None
    if about is not None:
        vector2, mentions2 = understand(engine.check(about))
        other = engine.answer_one(about, vector2, mentions2)
        if not other.abstained and (result.abstained or other.confidence > result.confidence):
            q_used, mentions, result = about, mentions2, other
    result.question = q
    result.context = context_of(q_used, lang, mentions, result)
    return result


def context_of(question: str, lang: str, mentions: list[Mention], answer) -> dict:
    """The context an answer carries for the next question: the question as understood, the entity it
    was about (the named entity its query binds that is not among the answers) and the answers."""
    answers = [a.iri for a in answer.answers if a.iri]
    sparql = answer.sparql or ""
    bound = [m for m in mentions if m.exact and not m.is_class and f"<{m.iri}>" in sparql]
    # the entity asked about, not one of its answers; a definition's answer is the entity itself
    anchor = next((m for m in bound if m.iri not in answers), bound[0] if bound else None)
    return AnswerContext(
        question=question[:1000],
        lang=lang,
        anchor=anchor.iri if anchor else None,
        anchor_text=question[anchor.start : anchor.end] if anchor else None,
        shape=answer.shape,
        answers=answers[:50],
    ).model_dump(exclude_none=True)

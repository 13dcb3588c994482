"""Follow-up questions, answered without server-side state.

Every answer carries a small ``context`` (:class:`AnswerContext`): the question as understood, the
entity it was about and how it was named, and the answers. A client sends it back with the next
question. :func:`resolve` turns a follow-up into a question that stands on its own:

- another entity, same question: "What about nerdctl?", "그럼 crictl은?" → the previous question with
  the previous entity's name replaced by the new one;
- a pronoun: "Who maintains it?", "그거 따로 설치해야 돼?" → the pronoun replaced by the name of the
  single previous answer (or, for a list, of the entity the previous question was about).

A question that is neither is answered on its own and the context is ignored. Bad context (not an
object, unknown fields or IRIs, too large) is a :class:`~kubekg.errors.QuestionError` (HTTP 400).
"""

from __future__ import annotations

import json
import re

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kubekg.errors import QuestionError
from kubekg.graph.catalogue import Catalogue
from kubekg.qa.entity_linker import Mention
from kubekg.search.text_normalize import detect_language

#: Largest context accepted, as JSON text.
MAX_CONTEXT_BYTES = 4096

#: Words that open an elliptical follow-up ("what about X?", "그럼 X는?") and carry no question of their own.
_EN_CUES = re.compile(r"\b(what about|how about|and what about|what of|same for|and for|and|then|also)\b", re.I)
_KO_CUES = re.compile(r"(그럼|그러면|그렇다면|그리고|근데|혹시)")
#: What may be left of an elliptical follow-up besides the names: particles, 요, punctuation.
_KO_LEFTOVER = "은는도이가요?？.!~ "
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
    question: str, lang: str, mentions: list[Mention], context: AnswerContext | None, catalogue: Catalogue
) -> str | None:
    """The follow-up rewritten to stand on its own, or None when the question stands on its own."""
    if context is None:
        return None
    named = [m for m in mentions if m.exact and not m.is_class and m.iri != context.anchor]
    if named and context.anchor_text and _elliptical(question, named, lang):
        new = question[named[0].start : named[0].end]
        # the previous name as a whole name only ("ctr" not inside "crictl"); Korean particles may follow
        old = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(context.anchor_text)}(?![A-Za-z0-9_-])")
        if old.search(context.question):
            return old.sub(lambda _: new, context.question, count=1)
    pronoun = (_KO_PRONOUN if lang == "ko" else _EN_PRONOUN).search(question)
    if pronoun and not any(m.start <= pronoun.start() < m.end for m in mentions if m.exact):
        entities = [a for a in context.answers if a in catalogue.terms and not catalogue.terms[a].is_class]
        target = entities[0] if len(entities) == 1 else context.anchor
        if target:
            word = pronoun.group(0)
            # 그건 / 그게 / 그걸: the pronoun carried the topic, subject or object particle
            particle = {"건": "는", "게": "가", "걸": "를"}.get(word[-1], "") if lang == "ko" and len(word) == 2 else ""
            return question[: pronoun.start()] + catalogue.label(target, lang) + particle + question[pronoun.end() :]
    return None


def _elliptical(question: str, named: list[Mention], lang: str) -> bool:
    """ "What about nerdctl?", "그럼 crictl은?", "워커 노드는요?": nothing but a name, cue words and particles."""
    rest = question
    for m in sorted(named, key=lambda m: -m.start):
        rest = rest[: m.start] + " " + rest[m.end :]
    rest = (_KO_CUES if lang == "ko" else _EN_CUES).sub(" ", rest)
    return not rest.strip(_KO_LEFTOVER if lang == "ko" else "?.!, ")


def answer(engine, question: str, context: object = None):
    """Ask ``engine`` (either QA core) a question, resolving it against a previous answer's context, and
    give the answer the context the next question needs."""
    q = engine.check(question)
    previous = parse(context, engine.catalogue)
    lang = detect_language(q)
    vector = engine.index.embedder.encode_queries([q])[0]
    mentions = engine.linker.link(q, lang, vector)
    rewritten = resolve(q, lang, mentions, previous, engine.catalogue)
    q_used = q
    if rewritten is not None:
        q_used = engine.check(rewritten)
        vector = engine.index.embedder.encode_queries([q_used])[0]
        mentions = engine.linker.link(q_used, lang, vector)
    result = engine.answer_one(q_used, vector, mentions)
    result.question = q
    result.context = context_of(q_used, lang, mentions, result)
    return result


def context_of(question: str, lang: str, mentions: list[Mention], answer) -> dict:
    """The context an answer carries for the next question: the question as understood, the entity it
    was about (the named entity its query binds that is not among the answers) and the answers."""
    answers = [a.iri for a in answer.answers if a.iri]
    sparql = answer.sparql or ""
    anchor = next(
        (m for m in mentions if m.exact and not m.is_class and f"<{m.iri}>" in sparql and m.iri not in answers),
        None,
    )
    return AnswerContext(
        question=question[:1000],
        lang=lang,
        anchor=anchor.iri if anchor else None,
        anchor_text=question[anchor.start : anchor.end] if anchor else None,
        shape=answer.shape,
        answers=answers[:50],
    ).model_dump(exclude_none=True)

"""The shapes of what ``ask`` and ``search`` return: the HTTP contract and the Python API alike."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Language = Literal["en", "ko"]


class AnswerItem(BaseModel):
    label: str = Field(description='An answer in the question\'s language; "yes"/"no" or a number for those shapes.')
    iri: str | None = Field(None, description="The entity the answer names, if any.")


class EvidenceTriple(BaseModel):
    subject: str
    subject_label: str
    predicate: str
    predicate_label: str
    object: str
    object_label: str
    graph: str | None = Field(None, description="The named graph (source section) that states it.")
    inferred: bool = Field(False, description="True when the triple was derived by the ontology's rules.")


class SourcePassage(BaseModel):
    section_id: str
    graph: str
    title: str
    text: str
    lang: Language


class Answer(BaseModel):
    question: str
    lang: Language
    answer: str = Field(description="One or two sentences in the question's language.")
    answers: list[AnswerItem] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    abstained: bool = Field(description="True when the graph does not hold the answer; then `answers` is empty.")
    sparql: str | None = Field(None, description="The query that produced the answer.")
    evidence: list[EvidenceTriple] = Field(default_factory=list)
    sources: list[SourcePassage] = Field(default_factory=list)
    shape: str | None = Field(None, description="Which question shape was recognised (objects, subjects, ...).")
    understood_as: dict[str, str] | None = Field(
        None,
        description="The question as the engine read it, said in each language from the graph's own phrasings "
        "({'en': ..., 'ko': ...}); absent when it abstained or the QA core does not say.",
    )
    dataset_version: str | None = Field(
        None, description="Content hash of the graph the answer came from (the same as /health reports)."
    )
    context: dict = Field(
        default_factory=dict,
        description="Send this back unchanged with the next question (`{question, context}`) so that a follow-up "
        "('what about nerdctl?', '그거 따로 설치해야 돼?') is understood; the server keeps no conversation state.",
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "question": "Which CLI works with all CRI runtimes?",
                    "lang": "en",
                    "answer": "crictl.",
                    "answers": [{"label": "crictl", "iri": "https://w3id.org/kubekg/resource/crictl"}],
                    "confidence": 0.9,
                    "abstained": False,
                    "sparql": "SELECT ?x WHERE { ... }",
                    "evidence": [],
                    "sources": [],
                    "shape": "universal",
                }
            ]
        }
    }


class SearchHit(BaseModel):
    id: str = Field(description="Stable id of the passage or fact.")
    kind: Literal["passage", "fact"]
    text: str
    lang: Language
    score: float
    section_id: str | None = None
    section_title: str | None = None
    graph: str | None = None
    entities: list[str] = Field(default_factory=list, description="IRIs of the entities the text mentions.")


class SearchResults(BaseModel):
    query: str = Field(description="The text searched for, as given.")
    k: int = Field(description="How many hits were asked for.")
    hits: list[SearchHit] = Field(description="Passages and facts, best first.")

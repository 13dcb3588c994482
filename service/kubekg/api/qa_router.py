"""``/ask`` and ``/search``: the QA engine and the passage search over HTTP.

Both are CPU-bound (embedding, ranking), so they run in the thread pool and never block the event loop.
An empty or over-long question is a 400 with the engine's message.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from kubekg.answer_models import Answer, SearchResults
from kubekg.api.error_responses import ERROR_RESPONSES, refuse_other_methods
from kubekg.api.service_state import knowledge_base
from kubekg.knowledge_base import KnowledgeBase

router = APIRouter(tags=["Questions"], responses=ERROR_RESPONSES)

Kb = Annotated[KnowledgeBase, Depends(knowledge_base)]


class AskRequest(BaseModel):
    question: str = Field(
        description="A question in Korean or English.", examples=["Which CLI works with all CRI runtimes?"]
    )
    # any JSON here: a context that is not a previous answer's is the engine's 400, with its reason
    context: Any = Field(
        None,
        description="The `context` of the previous answer, sent back unchanged, for follow-ups "
        "('What about nerdctl?', '그럼 crictl은?'). Omit it for a question that stands on its own.",
    )

    model_config = {
        "json_schema_extra": {
            "examples": [
                {"question": "Which CLI works with all CRI runtimes?"},
                {"question": "etcd는 무엇을 저장하나요?"},
                {"question": "What about nerdctl?", "context": {"question": "Who maintains crictl?", "lang": "en"}},
            ]
        }
    }


@router.post("/ask", response_model=Answer, summary="Answer a question (JSON body)")
async def ask_post(kb: Kb, body: Annotated[AskRequest, Body()]) -> Answer:
    """Answer from the graph, with the SPARQL that produced it, the evidence triples and the cited passages.

    `abstained` is true (and `answers` empty) when the graph does not hold the answer.
    """
    return await run_in_threadpool(kb.ask, body.question, body.context)


@router.get("/ask", response_model=Answer, summary="Answer a question (query string)")
async def ask_get(
    kb: Kb,
    q: Annotated[str, Query(description="A question in Korean or English.", examples=["What does etcd store?"])],
) -> Answer:
    """The same as `POST /ask`, for links and quick tries: `/ask?q=What does etcd store?`."""
    return await run_in_threadpool(kb.ask, q)


@router.get("/search", response_model=SearchResults, summary="Search passages and facts")
async def search(
    kb: Kb,
    q: Annotated[str, Query(description="What to look for, in Korean or English.", examples=["container runtime"])],
    k: Annotated[int, Query(ge=1, le=100, description="How many hits to return.")] = 5,
) -> SearchResults:
    """The `k` source passages and verbalised facts closest to `q`, scored (dense and lexical fused)."""
    hits = await run_in_threadpool(kb.search, q, k)
    return SearchResults(query=q, k=k, hits=hits)


refuse_other_methods(router, "/ask", ["GET", "POST"])

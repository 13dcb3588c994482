"""The routes of the pages: ``/`` (ask), ``/docs``, and the HTML forms of ``/sparql`` and ``/resource/NAME``.

``GET /?q=...`` answers on the server, so the page works with JavaScript off; ``static/ask.js`` fetches
the same URL with ``X-Kubekg-Partial: answer`` to swap in only the answer. A client that prefers JSON
gets the :class:`~kubekg.answer_models.Answer` itself (the page's JSON twin).
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.openapi.docs import get_swagger_ui_oauth2_redirect_html
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from kubekg.answer_models import Answer
from kubekg.errors import KubekgError
from kubekg.graph.resource_view import ResourceDescription, labels_of
from kubekg.knowledge_base import KnowledgeBase
from kubekg.sparql.content_negotiation import best_media_type
from kubekg.sparql.remote_store import StoreUnavailable
from kubekg.web import i18n
from kubekg.web.editor import examples, vocabulary
from kubekg.web.neighbourhood import NODE_SLOT, expand_query, graph_of
from kubekg.web.templating import render

router = APIRouter(include_in_schema=False)
PARTIAL_HEADER = "x-kubekg-partial"
HTML, JSON = "text/html", "application/json"


def _context_of(text: str | None) -> dict | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise KubekgError(f"the follow-up context is not JSON ({e.msg}); start over without it") from None
    return value


def _evidence_labels(kb: KnowledgeBase, answer: Answer, lang: str) -> dict[str, dict[str, str]]:
    """``{iri: {"text", "lang"}}``: each evidence term's label in the UI language where the graph has one."""
    iris = {iri for e in answer.evidence for iri in (e.subject, e.predicate, e.object)}
    found = labels_of(kb, iris)
    return {iri: {"text": by_lang[lang], "lang": lang} for iri, by_lang in found.items() if lang in by_lang}


@router.get("/")
async def home(
    request: Request,
    q: Annotated[str | None, Query(description="A question in Korean or English.")] = None,
    context: Annotated[str | None, Query(description="The previous answer's context, as JSON.")] = None,
) -> Response:
    """The ask page; with ``q``, the answer too (or, for a JSON client, the answer alone)."""
    wants_json = best_media_type(request.headers.get("accept"), [HTML, JSON]) == JSON
    question = (q or "").strip() or None
    answer: Answer | None = None
    error, status = None, 200
    labels: dict[str, dict[str, str]] = {}
    if question:
        state = request.app.state.kubekg
        state.require_ready()  # the 503 that says why, while the graph loads
        kb = state.kb
        try:
            answer = await run_in_threadpool(kb.ask, question, _context_of(context))
            labels = await run_in_threadpool(_evidence_labels, kb, answer, i18n.choose(request)[0])
        except KubekgError as e:
            if wants_json:
                raise
            # the question's fault (400), or the store's when kubekg runs over one (502/503/504)
            error, status = str(e), e.status if isinstance(e, StoreUnavailable) else 400
    if wants_json:
        if answer is None:
            return JSONResponse({"examples": examples()["questions"], "ask": "/?q=", "api": "/ask?q="})
        return JSONResponse(answer.model_dump(mode="json"))
    page = {
        "question": question,
        "answer": answer,
        "error": error,
        "context_json": json.dumps(answer.context, ensure_ascii=False) if answer and answer.context else "",
        "examples": examples()["questions"],
        "labels": labels,
    }
    partial = request.headers.get(PARTIAL_HEADER) == "answer"
    return render(request, "_answer.html" if partial else "home.html", page, status_code=status)


@router.get("/docs")
async def api_docs(request: Request) -> Response:
    """The OpenAPI documentation in Swagger UI, from vendored files (works offline)."""
    root = request.scope.get("root_path", "").rstrip("/")
    return render(request, "docs.html", {"openapi_url": f"{root}{request.app.openapi_url}"})


@router.get("/docs/oauth2-redirect")
async def api_docs_redirect() -> Response:
    return get_swagger_ui_oauth2_redirect_html()


def editor_page(request: Request, kb: KnowledgeBase, endpoint: str) -> Response:
    """The SPARQL editor (YASGUI over ``endpoint``), with example queries and completion from the graph."""
    return render(
        request,
        "sparql.html",
        {"endpoint": endpoint, "queries": examples()["queries"], "vocabulary": vocabulary(kb)},
    )


def resource_page(request: Request, view: ResourceDescription) -> Response:
    """An entity's page: labels, definitions, facts with sources, passages, and its neighbourhood graph."""
    lang, _ = i18n.choose(request)
    return render(
        request,
        "resource.html",
        {"view": view, "graph": graph_of(view, lang), "expand_query": expand_query(lang), "node_slot": NODE_SLOT},
    )

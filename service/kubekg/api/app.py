"""The FastAPI app: one knowledge base loaded at start-up, thin routers over it, one error shape.

``create_app()`` returns an app that starts answering at once: ``/health`` says 503 until the graph
(and index) are loaded in the background, 200 after. ``create_app(kb=...)`` serves an already loaded
knowledge base (tests, embedding). ``kubekg serve`` runs :func:`app_from_environment` under uvicorn.

``/mcp`` serves the same knowledge base to chatbots over MCP's streamable-HTTP transport (see
:mod:`kubekg.mcp.server`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from typing import Literal

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kubekg import __version__
from kubekg.api import qa_router, resource_router
from kubekg.api.body_limit import BodyLimit
from kubekg.api.error_responses import install_error_handlers
from kubekg.api.mcp_transport import streamable_http
from kubekg.api.server import LOAD_BEFORE_SERVING
from kubekg.api.service_state import ServiceState
from kubekg.api.sparql_router import TRUNCATED_HEADER, SparqlEndpoint, SparqlFastPath, sparql_router
from kubekg.knowledge_base import KnowledgeBase
from kubekg.settings import Settings
from kubekg.web import pages
from kubekg.web.static_files import PageAssets


class Health(BaseModel):
    status: Literal["ok", "loading", "waiting", "failed", "unavailable"]
    triples: int | None = Field(None, description="Triples in the default graph.")
    index: str | None = Field(None, description="State of the semantic index behind /ask and /search.")
    version: str
    dataset_version: str | None = Field(None, description="Content hash of the served graph (kubekg export).")
    query_workers: int | None = Field(None, description="SPARQL worker processes alive.")
    load_seconds: float | None = Field(None, description="How long start-up took.")
    error: str | None = Field(None, description="Why the service cannot answer: loading failed, or the store is away.")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "status": "ok",
                    "triples": 2449,
                    "index": "ready",
                    "version": "0.1.0",
                    "dataset_version": "4e6f5f48a7a0ca27",
                    "query_workers": 4,
                }
            ]
        }
    }


def create_app(settings: Settings | None = None, *, kb: KnowledgeBase | None = None) -> FastAPI:
    """The kubekg HTTP API over ``kb`` (or over the knowledge base ``settings`` describe, loaded at start-up)."""
    settings = settings or Settings()
    state = ServiceState(settings)
    mcp_routes, mcp_sessions = streamable_http(state)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        loading = asyncio.create_task(state.load(kb))
        if os.environ.get(LOAD_BEFORE_SERVING) == "1":
            # one of several server processes: uvicorn accepts connections for it only after this, so a
            # replacement for a crashed process never answers 503 while its siblings answer normally
            await loading
        try:
            async with mcp_sessions.run():  # the /mcp transport's task group; it shares `state`
                yield
        finally:
            loading.cancel()
            state.close()

    app = FastAPI(
        title="kubekg",
        version=__version__,
        summary="Questions in Korean or English, search, SPARQL and linked data over a Kubernetes knowledge graph.",
        lifespan=lifespan,
        docs_url=None,  # kubekg.web.pages serves /docs from vendored Swagger UI files: it works offline
        redoc_url=None,
    )
    app.state.kubekg = state
    install_error_handlers(app)
    # Middleware added later wraps what was added before: body cap, then CORS, then the SPARQL fast path.
    endpoint = SparqlEndpoint()
    app.add_middleware(SparqlFastPath, endpoint=endpoint)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=False,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
            expose_headers=[TRUNCATED_HEADER],
        )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    @app.get(
        "/health",
        response_model=Health,
        response_model_exclude_none=True,
        tags=["Service"],
        responses={503: {"model": Health, "description": "Still loading (or failed to load)."}},
    )
    async def health(request: Request) -> JSONResponse | Health:
        """200 once the graph and index are loaded and the query workers run; 503 before, and (with
        ``--store``) while the store is unreachable or holds other data than the index was built for."""
        s: ServiceState = request.app.state.kubekg
        if not s.ready:
            status = "failed" if s.error else "waiting" if s.waiting else "loading"
            body = Health(status=status, version=__version__, error=s.error or s.waiting)
            return JSONResponse(body.model_dump(exclude_none=True), status_code=503, headers={"Retry-After": "2"})
        assert s.kb is not None and s.executor is not None
        if problem := await asyncio.to_thread(s.store_problem):
            body = Health(status="unavailable", version=__version__, dataset_version=s.dataset_version, error=problem)
            return JSONResponse(body.model_dump(exclude_none=True), status_code=503, headers={"Retry-After": "2"})
        return Health(
            status="ok",
            triples=s.triples,
            index=str(getattr(s.kb, "index_state", "disabled")),
            version=__version__,
            dataset_version=s.dataset_version,
            query_workers=s.executor.alive,
            load_seconds=s.load_seconds,
        )

    app.mount("/static", PageAssets(), name="static")
    app.include_router(pages.router)
    app.include_router(sparql_router(endpoint))
    app.include_router(qa_router.router)
    app.include_router(resource_router.router)
    app.router.routes.extend(mcp_routes)
    return app


def app_from_environment() -> FastAPI:
    """The uvicorn factory (``kubekg.api.app:app_from_environment``): settings from ``KUBEKG_*`` variables."""
    return create_app(Settings())

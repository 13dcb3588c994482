"""Linked data: ``/resource/NAME`` for every entity ``https://w3id.org/kubekg/resource/NAME`` of the graph.

Browsers get an HTML page (labels in both languages, facts as links, the cited source passages);
other clients get Turtle, JSON-LD or N-Triples by ``Accept`` (Turtle by default) or by ``?format=``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from kubekg.api.conditional import etag_of, matches, not_modified
from kubekg.api.error_responses import ERROR_RESPONSES, ApiError
from kubekg.api.service_state import knowledge_base
from kubekg.graph.resource_view import describe, exists, resource_iri, resource_triples
from kubekg.knowledge_base import KnowledgeBase
from kubekg.sparql import content_negotiation as conneg
from kubekg.sparql.query_evaluation import content_type, serialize_graph
from kubekg.sparql.result_formats import FORMATS
from kubekg.web.pages import resource_page

router = APIRouter(tags=["Linked data"])

_CONTENT = {
    "text/html": {"schema": {"type": "string"}},
    **{FORMATS[f].media_type: {"schema": {"type": "string"}} for f in ("turtle", "ntriples", "rdfxml")},
    FORMATS["jsonld"].media_type: {"schema": {"type": ["object", "array"]}},
}


@router.get(
    "/resource/{name}",
    response_class=Response,
    summary="An entity of the graph",
    responses={200: {"description": "The entity as HTML or RDF.", "content": _CONTENT}, **ERROR_RESPONSES},
)
async def resource(
    request: Request,
    kb: Annotated[KnowledgeBase, Depends(knowledge_base)],
    name: Annotated[str, Path(description="The local name of the entity IRI.", examples=["crictl"])],
    format: Annotated[
        Literal["turtle", "jsonld", "ntriples", "rdfxml"] | None,
        Query(description="Overrides Accept: the RDF format to return."),
    ] = None,
) -> Response:
    """`https://w3id.org/kubekg/resource/{name}`, resolved: HTML for browsers, RDF by `Accept` or `format`.

    Each response carries an `ETag` from the dataset version; `If-None-Match` with it gives 304."""
    iri = resource_iri(name)
    accept = request.headers.get("accept")
    if not exists(kb, iri):
        raise _unknown(name)
    tag = etag_of(request, kb.dataset_version)
    if matches(request, tag):
        return not_modified(tag, vary="Accept, Accept-Language, Cookie")
    response = await _represent(request, kb, iri, accept, format)
    response.headers["ETag"] = tag
    return response


async def _represent(request: Request, kb: KnowledgeBase, iri: str, accept: str | None, format: str | None) -> Response:
    """The entity as HTML or RDF; the caller has checked that the graph mentions it."""
    if format is None and conneg.wants_html(accept, conneg.GRAPH_TYPES):
        view = await run_in_threadpool(describe, kb, iri)
        assert view is not None
        return resource_page(request, view)
    fmt = FORMATS[format] if format else conneg.graph_format(accept)
    if fmt is None:
        raise ApiError(
            406, f"a resource is HTML or RDF; ask for text/html or one of: {conneg.offered(conneg.GRAPH_TYPES)}"
        )
    triples = await run_in_threadpool(resource_triples, kb, iri)
    return Response(serialize_graph(triples, fmt), media_type=content_type(fmt), headers={"Vary": "Accept"})


def _unknown(name: str) -> ApiError:
    return ApiError(404, f"no resource named {name!r} in the graph; /sparql lists them, or try /search?q={name}")

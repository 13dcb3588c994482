"""The SPARQL 1.1 Protocol as a reusable router: ``app.include_router(sparql_router())``.

- ``GET ?query=`` and ``POST`` with ``application/x-www-form-urlencoded`` or ``application/sparql-query``;
  ``default-graph-uri`` / ``named-graph-uri`` (repeatable, in the URL or the form) replace the query's
  own dataset.
- The result format is negotiated from ``Accept`` (SPARQL JSON / XML, CSV, TSV for SELECT and ASK;
  Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT and DESCRIBE); 406 when nothing offered fits.
- A plain ``GET`` without a query returns the service description (Turtle by default), or an HTML query
  form when the client prefers HTML.
- Refused with 403: updates (``update=``, ``application/sparql-update``, an update as the query) and
  ``SERVICE``. Results over the row cap are cut and carry ``X-Kubekg-Truncated: true``.

:func:`sparql_router` gives the routes (documented in OpenAPI) for any FastAPI app holding a
:class:`~kubekg.api.service_state.ServiceState`; :class:`SparqlFastPath` serves the same endpoint
in front of the framework, which halves the per-request overhead.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from kubekg.api.conditional import etag_of, matches, not_modified
from kubekg.api.error_responses import ERROR_RESPONSES, ApiError, error_response, refuse_other_methods
from kubekg.api.service_description import service_description
from kubekg.api.service_state import ServiceState, service_state
from kubekg.sparql import content_negotiation as conneg
from kubekg.sparql.guard import QueryRefused, check_not_update, check_query
from kubekg.sparql.query_evaluation import QueryOutcome, QueryRequest, content_type, serialize_graph
from kubekg.web.pages import editor_page

TRUNCATED_HEADER = "X-Kubekg-Truncated"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"

#: Schemas of the bodies that are JSON (the rest are text): what clients and API fuzzers validate against.
_JSON_SCHEMAS = {
    "application/sparql-results+json": {
        "type": "object",
        "required": ["head"],
        "properties": {"head": {"type": "object"}, "results": {"type": "object"}, "boolean": {"type": "boolean"}},
    },
    "application/ld+json": {"type": ["object", "array"]},
}
_RESULT_CONTENT = {
    media: {"schema": _JSON_SCHEMAS.get(media, {"type": "string"})}
    for media in dict.fromkeys([*conneg.SOLUTION_TYPES, *conneg.GRAPH_TYPES]).keys()
    if media not in ("application/xml", "text/xml", "application/json", "text/plain")
    and not media.startswith(("application/x-", "application/turtle"))
}
_DATASET_PARAMS = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "array", "items": {"type": "string", "format": "iri"}},
        "style": "form",
        "explode": True,
        "description": description,
    }
    for name, description in (
        ("default-graph-uri", "A graph of the default graph (repeatable); replaces the query's FROM."),
        ("named-graph-uri", "A named graph the query may use (repeatable); replaces the query's FROM NAMED."),
    )
]
_RESPONSES = {
    "200": {
        "description": "The result, in the negotiated format. `X-Kubekg-Truncated: true` when rows were cut.",
        "content": _RESULT_CONTENT,
    }
}
_GET_DOC = {
    "parameters": [
        {
            "name": "query",
            "in": "query",
            "required": False,
            "schema": {"type": "string"},
            "example": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5",
            "description": "A SPARQL 1.1 query. Without it: the service description (or the HTML query form).",
        },
        *_DATASET_PARAMS,
    ],
    "responses": _RESPONSES,
}
_POST_DOC = {
    "parameters": _DATASET_PARAMS,
    "requestBody": {
        "required": True,
        "content": {
            DIRECT: {"schema": {"type": "string"}, "example": "ASK { ?s ?p ?o }"},
            FORM: {
                "schema": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["query"],
                }
            },
        },
    },
    "responses": _RESPONSES,
}


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ApiError(400, f"the {what} is not valid UTF-8 (byte {e.start}); send it encoded as UTF-8") from None


def _charset(content_type_header: str) -> str | None:
    for param in content_type_header.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def _params_of_form(body: bytes) -> list[tuple[str, str]]:
    text = _decode(body, "form body")
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ApiError(400, "a form value is not valid UTF-8 once percent-decoded; encode it as UTF-8") from None


async def _protocol_params(request: Request) -> tuple[list[str], list[str], list[str], list[str]]:
    """(queries, updates, default graphs, named graphs) from the URL and, for POST, the body."""
    params = list(request.query_params.multi_items())
    queries: list[str] = []
    if request.method == "POST":
        header = request.headers.get("content-type", "")
        media = header.split(";", 1)[0].strip().lower()
        if media == FORM:
            params += _params_of_form(await request.body())
        elif media == DIRECT:
            charset = _charset(header)
            if charset not in (None, "utf-8", "utf8"):
                raise ApiError(400, f"the query must be sent as UTF-8, not charset={charset}", "bad_encoding")
            queries.append(_decode(await request.body(), "query"))
        elif media == UPDATE:
            check_not_update(_decode(await request.body(), "update"))
        else:
            got = f"Content-Type {media!r}" if media else "no Content-Type"
            raise ApiError(415, f"{got}: POST a query as {DIRECT} or as a {FORM} form with a 'query' field")
    buckets: dict[str, list[str]] = {"query": queries, "update": [], "default-graph-uri": [], "named-graph-uri": []}
    for key, value in params:
        if key in buckets:
            buckets[key].append(value)
    return queries, buckets["update"], buckets["default-graph-uri"], buckets["named-graph-uri"]


def _check_graph_iris(graphs: list[str]) -> None:
    for graph in graphs:
        try:
            ox.NamedNode(graph)
        except ValueError as e:
            raise ApiError(400, f"default-graph-uri / named-graph-uri {graph[:200]!r} is not an IRI: {e}") from None


def outcome_response(outcome: QueryOutcome) -> Response:
    """An HTTP response for an executor outcome: the bytes as they are, or the API's error shape."""
    if outcome.status != 200:
        return error_response(outcome.status, outcome.message, outcome.code, line=outcome.line, column=outcome.column)
    headers = {"Vary": "Accept"}
    if outcome.truncated:
        headers[TRUNCATED_HEADER] = "true"
    return Response(outcome.body, headers=headers, media_type=outcome.media_type)


class SparqlEndpoint:
    """The protocol logic, shared by the router's routes and :class:`SparqlFastPath`.

    ``state_of`` gives the :class:`ServiceState` of a request (by default ``request.app.state.kubekg``).
    """

    def __init__(self, state_of: Callable[[Request], ServiceState] = service_state) -> None:
        self.state_of = state_of
        self._descriptions: dict[tuple[str, str], bytes] = {}

    async def respond(self, request: Request) -> Response:
        """The response to one protocol request; raises :class:`ApiError` for a refused one.

        A GET carries an ``ETag`` (dataset version and request shape) and a matching ``If-None-Match``
        is a 304 before the query runs."""
        state = self.state_of(request)
        state.require_ready()
        if request.method not in ("GET", "HEAD"):
            return await self._respond(request, state)
        assert state.kb is not None
        tag = etag_of(request, state.kb.dataset_version)
        if matches(request, tag):
            return not_modified(tag)
        response = await self._respond(request, state)
        if response.status_code == 200:
            response.headers["ETag"] = tag
        return response

    async def _respond(self, request: Request, state: ServiceState) -> Response:
        try:
            queries, updates, default_graphs, named_graphs = await _protocol_params(request)
            if updates:
                check_not_update(updates[0])
            _check_graph_iris(default_graphs + named_graphs)
            if not queries:
                if request.method in ("GET", "HEAD"):
                    return self._describe_service(request, state)
                raise ApiError(400, f"no query: send it as the body ({DIRECT}) or as the 'query' form field")
            if len(queries) > 1:
                raise ApiError(400, f"{len(queries)} queries given; send exactly one 'query'")
            check_query(queries[0])
        except QueryRefused as e:
            raise ApiError(e.status, str(e), e.code) from None
        assert state.executor is not None
        dataset = default_graphs or named_graphs
        outcome = await state.executor.run(
            QueryRequest(
                queries[0],
                tuple(default_graphs) if dataset else None,
                tuple(named_graphs) if dataset else None,
                request.headers.get("accept"),
                state.settings.max_rows,
                base_iri=_endpoint_url(request.scope),
            )
        )
        return outcome_response(outcome)

    def _describe_service(self, request: Request, state: ServiceState) -> Response:
        accept = request.headers.get("accept")
        if conneg.wants_html(accept, conneg.GRAPH_TYPES):
            assert state.kb is not None
            return editor_page(request, state.kb, request.url.path)
        fmt = conneg.graph_format(accept)
        if fmt is None:
            raise ApiError(406, f"the service description is RDF; ask for one of: {conneg.offered(conneg.GRAPH_TYPES)}")
        url = _endpoint_url(request.scope)
        if (url, fmt.name) not in self._descriptions:
            if len(self._descriptions) >= _MAX_DESCRIPTIONS:  # one per Host header: a client chooses how many
                self._descriptions.clear()
            triples = service_description(
                url,
                named_graphs=state.named_graphs,
                triples=state.triples,
                union_default_graph=state.settings.union_default_graph,
            )
            self._descriptions[url, fmt.name] = serialize_graph(triples, fmt)
        return Response(self._descriptions[url, fmt.name], media_type=content_type(fmt), headers={"Vary": "Accept"})


_MAX_DESCRIPTIONS = 64
#: A Host header that can stand in an IRI (a name or address and a port); any other is not used.
_HOST = re.compile(r"(?:[A-Za-z0-9._~-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?")


def _usable_host(host: str) -> bool:
    if _HOST.fullmatch(host) is None:
        return False
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1 : host.index("]")])
        except ValueError:
            return False
    return True


def _endpoint_url(scope: Scope) -> str:
    """The URL the request was sent to, without its query string: the base IRI of the query."""
    host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), None)
    if host is None or not _usable_host(host):
        server = scope.get("server") or ("localhost", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scope.get('scheme', 'http')}://{host}{_full_path(scope)}"


def _full_path(scope: Scope) -> str:
    """The request's path with the root path a proxy serves the app under (ASGI servers put the root
    path in ``path`` already; older ones did not)."""
    root, path = scope.get("root_path", ""), scope["path"]
    return path if path.startswith(root) else root + path


def _app_path(scope: Scope) -> str:
    """The request's path inside the app: without the root path."""
    root, path = scope.get("root_path", ""), scope["path"]
    return path[len(root) :] if root and path.startswith(root) else path


def sparql_router(endpoint: SparqlEndpoint | None = None, *, path: str = "/sparql") -> APIRouter:
    """A router serving the SPARQL 1.1 Protocol at ``path``, documented in OpenAPI."""
    endpoint = endpoint or SparqlEndpoint()
    router = APIRouter(tags=["SPARQL"])
    summary = "SPARQL 1.1 query (read-only)"
    for method, doc in (("GET", _GET_DOC), ("POST", _POST_DOC)):
        router.add_api_route(
            path,
            endpoint.respond,
            methods=[method],
            name=f"sparql_{method.lower()}",
            summary=summary,
            openapi_extra=doc,
            response_class=Response,
            responses=ERROR_RESPONSES,
        )
    refuse_other_methods(router, path, ["GET", "POST"])
    return router


class SparqlFastPath:
    """ASGI middleware answering GET and POST on ``path`` without the framework's per-request machinery.

    Same behaviour as :func:`sparql_router` (same :class:`SparqlEndpoint`); it exists for latency.
    Other methods fall through to the app (and its 405).
    """

    def __init__(self, app: ASGIApp, endpoint: SparqlEndpoint, path: str = "/sparql") -> None:
        self.app, self.endpoint, self.path = app, endpoint, path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _app_path(scope) != self.path or scope["method"] not in ("GET", "POST", "HEAD"):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        try:
            response = await self.endpoint.respond(request)
        except ApiError as e:
            response = error_response(e.status, e.message, e.code, e.headers, **e.extra)
        await response(scope, receive, send)

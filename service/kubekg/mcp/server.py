"""kubekg as a Model Context Protocol server: four tools and the graph's entities and ontology as resources.

Tools (all read-only): ``ask`` (a grounded answer with evidence and cited passages), ``search``
(passages and verbalised facts for retrieval-augmented prompts), ``sparql`` (a raw query, with the
guards of ``/sparql``: no update, no ``SERVICE``, the deadline and the row cap, run by the same worker
processes) and ``describe`` (one entity, by IRI or by any label). Resources: ``kubekg://ontology``,
``kubekg://entities``, and per entity ``kubekg://entity/{name}`` (Turtle) and
``kubekg://entity/{name}/summary`` (Markdown).

The server is a thin layer over a :class:`~kubekg.api.service_state.ServiceState`: the HTTP app shares
its own (and its one knowledge base) with the ``/mcp`` transport; :func:`run_stdio` makes one for
``kubekg mcp``. Bad input never ends the server: it comes back as a tool error whose text says what
to change.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import anyio
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError, ToolError
from mcp_types import Completion, ResourceTemplateReference, ToolAnnotations
from pydantic import BaseModel, Field

from kubekg import __version__
from kubekg.answer_models import Answer, SearchResults
from kubekg.errors import KubekgError
from kubekg.graph.catalogue import Catalogue
from kubekg.graph.namespaces import RESOURCE
from kubekg.graph.resource_view import describe as describe_resource
from kubekg.graph.resource_view import resource_triples
from kubekg.knowledge_base import KnowledgeBase
from kubekg.qa.entity_description import EntityDescription, entity_description, summary_markdown
from kubekg.search.entity_lookup import EntityLookup, UnknownEntity
from kubekg.settings import Settings
from kubekg.sparql.guard import QueryRefused, check_query
from kubekg.sparql.query_evaluation import QueryRequest, serialize_graph
from kubekg.sparql.result_formats import FORMATS

if TYPE_CHECKING:  # kubekg.api imports this module to mount /mcp
    from kubekg.api.service_state import ServiceState

T = TypeVar("T")

#: SELECT/ASK results come back as SPARQL JSON, CONSTRUCT/DESCRIBE as Turtle.
SPARQL_ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"
#: Most hits ``search`` returns (as ``GET /search``).
MAX_HITS = 100

INSTRUCTIONS = """\
kubekg answers questions about Kubernetes cluster basics (control plane and worker nodes, kube-apiserver,
etcd, scheduler, controller manager, kubelet, kube-proxy, container runtimes, CRI and OCI, dockershim,
containerd, Docker, and the CLIs ctr, nerdctl and crictl) from a knowledge graph, in Korean or English.

Call `ask` first, with the user's question as written. Its answer cites the graph: `evidence` (triples,
each with the source section that states it) and `sources` (the passages). Quote those when you answer.
When `ask` abstains, do not guess: call `search` for related passages and facts, and answer from them
with their section ids. Use `describe` to see everything about one entity, and `sparql` only for precise
structured questions (lists, counts, joins) that `ask` does not cover. Everything is read-only.
"""

ASK = """\
Answer a question about Kubernetes cluster basics from the knowledge graph, in Korean or English.
Use this first, with the user's question as written (at most {max_chars} characters).

Returns `answer` (one or two sentences in the question's language), `answers` (each a label and the
entity IRI; yes/no questions give "yes" or "no", counting questions the number), `confidence` (0..1),
`evidence` (the graph triples behind the answer, each with the named graph of the source section that
states it, or `inferred`), `sources` (the cited passages: section id, title, text) and the `sparql` that
produced it. Cite the section ids when you use the answer.

When `abstained` is true the graph does not hold the answer and `answers` is empty: do not guess;
call `search` with the question for related passages instead."""

SEARCH = """\
Find the source passages and verbalised facts closest to a text (dense and lexical retrieval fused;
Korean or English). Use it when `ask` abstains, or to gather context for phrasing an answer yourself.

Returns up to `k` hits, best first, each with `text`, `score` (0..1), `kind` ("passage" from the source
note, or "fact" from the graph), `section_id` and `section_title` (cite these), `lang`, and `entities`
(IRIs of the entities the text mentions; pass one to `describe` for everything about it)."""

SPARQL = """\
Run a read-only SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE) on the graph. Use it for precise
structured questions that `ask` does not cover (lists, counts, comparisons); prefer `ask` otherwise.

Prefixes to declare: k: <https://w3id.org/kubekg/ontology#> (classes such as k:CLI, k:ContainerRuntime,
k:Component; relations such as k:worksWith, k:maintainedBy, k:implements), kr: <https://w3id.org/kubekg/resource/>
(entities such as kr:crictl, kr:containerd), rdfs:, skos: (labels: rdfs:label with @en and @ko),
prov:. The default graph is the union of all source sections; each section is also a named graph.
The ontology resource (kubekg://ontology) lists every class and relation.

Updates and SERVICE are refused. A query stops after {timeout:g} s and returns at most {max_rows} rows
(`truncated` is true when rows were cut). SELECT and ASK give SPARQL JSON results in `results`;
CONSTRUCT and DESCRIBE give Turtle in `turtle`. An error says what to fix (a malformed query gives the
line and column)."""

DESCRIBE = """\
Everything the graph says about one entity: its labels in English and Korean, other names, definitions,
types, its facts (each with the ids of the source sections that state it, or marked inferred), the facts
that mention it, and the source passages. Give an IRI (https://w3id.org/kubekg/resource/crictl), a CURIE
(kr:crictl) or any of its names in either language ("crictl", "API 서버", "스케줄러"). An unknown name gives
an error listing close matches."""

_READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)

Question = Annotated[str, Field(description="The question, in Korean or English, as the user asked it.")]
FollowUpContext = Annotated[
    dict | None,
    Field(
        description="For a follow-up ('what about nerdctl?', '그거 따로 설치해야 돼?'): the `context` of the previous "
        "`ask` answer, unchanged. Omit it for a question that stands on its own."
    ),
]
SearchText = Annotated[str, Field(description="What to look for, in Korean or English.")]
HitCount = Annotated[int, Field(ge=1, le=MAX_HITS, description="How many hits to return.")]
Query = Annotated[str, Field(description="A SPARQL 1.1 query: SELECT, ASK, CONSTRUCT or DESCRIBE.")]
EntityName = Annotated[
    str, Field(description="An entity IRI, a CURIE such as kr:crictl, or any label in English or Korean.")
]


class SparqlResult(BaseModel):
    form: Literal["solutions", "graph"] = Field(
        description="solutions for SELECT and ASK (see `results`), graph for CONSTRUCT and DESCRIBE (see `turtle`)."
    )
    results: dict[str, Any] | None = Field(None, description="SPARQL 1.1 JSON results (head, results or boolean).")
    turtle: str | None = Field(None, description="The triples of a CONSTRUCT or DESCRIBE, as Turtle.")
    rows: int = Field(description="Rows (or triples) returned.")
    truncated: bool = Field(description="True when the row cap cut the result.")


class _Backend:
    """What the tools need from the service: the ready knowledge base, its query workers, an entity lookup."""

    def __init__(self, state: ServiceState) -> None:
        self.state = state
        self._lookup: tuple[KnowledgeBase, EntityLookup] | None = None
        self._lock = threading.Lock()

    def kb(self) -> KnowledgeBase:
        if not self.state.ready or self.state.kb is None:
            raise ToolError(self.state.not_ready[0])
        return self.state.kb

    def lookup(self) -> EntityLookup:
        """Built on first use (off the event loop), once per knowledge base."""
        kb = self.kb()
        with self._lock:
            if self._lookup is None or self._lookup[0] is not kb:
                self._lookup = (kb, EntityLookup(Catalogue.build(kb)))
            return self._lookup[1]

    def entity(self, name: str) -> EntityDescription:
        lookup = self.lookup()
        try:
            iri = lookup.resolve(name)
        except UnknownEntity as e:
            raise ToolError(str(e)) from None
        view = describe_resource(self.kb(), iri)
        if view is None:
            close = lookup.close_matches(iri.rsplit("/", 1)[-1])
            hint = f"; close matches: {', '.join(close)}" if close else ""
            raise ToolError(f"the graph does not mention <{iri}>{hint}")
        return entity_description(view, lookup.catalogue)


def _prose(text: str) -> str:
    """Paragraphs on one line each: the source wraps lines for reading, a model needs no wrapping."""
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n"))


async def _in_thread(fn: Callable[..., T], *args: Any, error: type[Exception] = ToolError) -> T:
    """Run CPU-bound work (embedding, ranking, graph walks) off the event loop.

    A failure the caller can act on comes back as ``error`` (a tool error, or a resource error for
    resource reads) with its message; anything else is a bug, which the SDK reports without details.
    """
    try:
        return await anyio.to_thread.run_sync(fn, *args)
    except (KubekgError, ToolError) as e:
        raise error(str(e)) from None


def create_mcp_server(state: ServiceState, *, lifespan: Callable[[MCPServer], Any] | None = None) -> MCPServer:
    """The MCP server over ``state`` (which may still be loading: tools then say so).

    ``lifespan`` (an async context manager factory) runs around the server when the server owns the
    state, as over stdio; the HTTP app runs its own.
    """
    settings = state.settings
    backend = _Backend(state)
    mcp = MCPServer(
        "kubekg",
        title="kubekg: Kubernetes cluster basics",
        instructions=_prose(INSTRUCTIONS),
        version=__version__,
        lifespan=lifespan,
        log_level="WARNING",
    )

    async def ask(question: Question, context: FollowUpContext = None) -> Answer:
        return await _in_thread(backend.kb().ask, question, context)

    async def search(query: SearchText, k: HitCount = 5) -> SearchResults:
        hits = await _in_thread(backend.kb().search, query, k)
        return SearchResults(query=query, k=k, hits=hits)

    async def sparql(query: Query) -> SparqlResult:
        backend.kb()
        try:
            check_query(query)
        except QueryRefused as e:
            raise ToolError(f"{e.code}: {e}") from None
        assert state.executor is not None
        outcome = await state.executor.run(QueryRequest(query, accept=SPARQL_ACCEPT, max_rows=settings.max_rows))
        if outcome.status != 200:
            raise ToolError(f"{outcome.code}: {outcome.message}")
        text = outcome.body.decode("utf-8")
        if not outcome.media_type.startswith(FORMATS["json"].media_type):
            return SparqlResult(form="graph", turtle=text, rows=outcome.rows, truncated=outcome.truncated)
        results = json.loads(text)
        rows = len(results.get("results", {}).get("bindings", ()))  # the outcome's count may be a bound
        return SparqlResult(form="solutions", results=results, rows=rows, truncated=outcome.truncated)

    async def describe(entity: EntityName) -> EntityDescription:
        return await _in_thread(backend.entity, entity)

    tools = (
        (ask, "Answer a question", ASK.format(max_chars=settings.max_question_chars)),
        (search, "Search passages and facts", SEARCH),
        (
            sparql,
            "Run a read-only SPARQL query",
            SPARQL.format(timeout=settings.query_timeout, max_rows=settings.max_rows),
        ),
        (describe, "Describe one entity", DESCRIBE),
    )
    for fn, title, description in tools:
        mcp.add_tool(fn, title=title, description=_prose(description), annotations=_READ_ONLY, structured_output=True)

    _add_resources(mcp, backend)
    return mcp


def _add_resources(mcp: MCPServer, backend: _Backend) -> None:
    @mcp.resource(
        "kubekg://ontology",
        name="ontology",
        title="The kubekg ontology",
        description="Classes and relations (k:) with English and Korean labels, definitions and question phrasings.",
        mime_type="text/turtle",
    )
    async def ontology() -> str:
        return await _in_thread(lambda: _ontology_turtle(backend.kb()), error=ResourceError)

    @mcp.resource(
        "kubekg://entities",
        name="entities",
        title="Every entity",
        description="One line per entity: its name (for kubekg://entity/{name}), labels in English and Korean, types.",
        mime_type="text/markdown",
    )
    async def entities() -> str:
        lookup = await _in_thread(backend.lookup, error=ResourceError)
        catalogue = lookup.catalogue
        lines = ["| name | label (en) | label (ko) | types |", "| --- | --- | --- | --- |"]
        for t in lookup.entities():
            types = ", ".join(sorted(catalogue.label(c, "en") for c in t.types))
            lines.append(f"| {t.iri[len(RESOURCE) :]} | {t.display('en')} | {t.label.get('ko', '')} | {types} |")
        return "\n".join(lines) + "\n"

    @mcp.resource(
        "kubekg://entity/{name}",
        name="entity",
        title="An entity as Turtle",
        description="The triples about one entity (name: its local name, e.g. crictl, or any label).",
        mime_type="text/turtle",
    )
    async def entity_turtle(name: str) -> str:
        def turtle() -> str:
            iri = _resolve(backend, name)
            return serialize_graph(resource_triples(backend.kb(), iri), FORMATS["turtle"]).decode("utf-8")

        return await _in_thread(turtle, error=ResourceError)

    @mcp.resource(
        "kubekg://entity/{name}/summary",
        name="entity-summary",
        title="An entity, summarised",
        description="A readable page about one entity: labels, definitions, facts with their sections, sources.",
        mime_type="text/markdown",
    )
    async def entity_summary(name: str) -> str:
        return await _in_thread(lambda: summary_markdown(backend.entity(_resolve(backend, name))), error=ResourceError)

    @mcp.completion()
    async def complete_entity_name(ref: Any, argument: Any, context: Any) -> Completion | None:
        if not isinstance(ref, ResourceTemplateReference) or argument.name != "name":
            return None
        lookup = await _in_thread(backend.lookup, error=ResourceError)
        prefix = argument.value.lower()
        names = [t.iri[len(RESOURCE) :] for t in lookup.entities()]
        found = [n for n in names if n.lower().startswith(prefix)]
        return Completion(values=found[:100], total=len(found), has_more=len(found) > 100)


def _resolve(backend: _Backend, name: str) -> str:
    """The IRI a resource URI's ``{name}`` stands for (a local name first, then any label)."""
    lookup = backend.lookup()
    if RESOURCE + name in lookup.catalogue.terms:
        return RESOURCE + name
    try:
        iri = lookup.resolve(name)
    except UnknownEntity as e:
        raise ResourceNotFoundError(str(e)) from None
    if not resource_triples(backend.kb(), iri):
        raise ResourceNotFoundError(f"the graph does not mention <{iri}>")
    return iri


def _ontology_turtle(kb: KnowledgeBase) -> str:
    """The bundled ontology file as written (with its comments), or the schema triples of other data."""
    if kb.bundled:
        return "\n\n".join(p.read_text("utf-8") for p in kb.files if p.parent == kb.settings.ontology_dir)
    result = kb.sparql(
        """PREFIX owl: <http://www.w3.org/2002/07/owl#>
           CONSTRUCT { ?s ?p ?o } WHERE {
             ?s a ?t ; ?p ?o
             VALUES ?t { owl:Ontology owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty } }"""
    )
    return serialize_graph(list(result), FORMATS["turtle"]).decode("utf-8")


def run_stdio(kb: KnowledgeBase, settings: Settings | None = None) -> None:
    """Serve ``kb`` over stdin/stdout until the client closes the connection (``kubekg mcp``)."""
    from kubekg.api.service_state import ServiceState

    state = ServiceState(settings or kb.settings)

    @contextlib.asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[None]:
        await state.load(kb)  # forks the SPARQL workers, on this event loop
        try:
            yield
        finally:
            state.close()

    create_mcp_server(state, lifespan=lifespan).run("stdio")

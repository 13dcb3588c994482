"""A SPARQL 1.1 query endpoint used as kubekg's store (``kubekg serve --store URL``).

:class:`RemoteStore` offers the part of :class:`pyoxigraph.Store` that kubekg reads through (``query``,
``quads_for_pattern``, ``named_graphs``, ``len``), so the QA engine, the resource pages and ``/sparql``
run unchanged over it. Each query is parsed first by pyoxigraph against an empty store: a malformed
query fails here with the same message as in embedded mode, and the parse tells the query's form, hence
which result format to ask the store for. Results come back as pyoxigraph terms.

Variable bindings (SEP-0007 substitutions) travel as a ``VALUES`` block at the head of the query's
outer group: the bound IRIs are serialised as RDF terms, never pasted as text.

A store with no default graph of its own (Virtuoso: a query without a dataset sees the union of every
graph, its system graphs included) is given ``default_graph``, the graph it holds the export's default
graph in. Every query then names its dataset: that graph as the default, and as the named graphs those
the export lists in its description graph; a part of the dataset the request gives as empty is named by
a graph that does not exist. A query with its own ``FROM`` clauses is sent as written.

Connections are pooled (one :class:`httpx.Client`); the only host ever contacted is the store's. A
store that cannot be reached, times out, or answers with an error or with something that is not a
SPARQL result raises :class:`StoreUnavailable`, naming the store.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from kubekg.errors import KubekgError
from kubekg.graph.dataset_export import DATASET, DESCRIPTION_GRAPH, HAS_VERSION
from kubekg.graph.namespaces import SD
from kubekg.sparql.guard import keywords
from kubekg.sparql.query_evaluation import QueryOutcome, QueryRequest, evaluate

SOLUTIONS = "application/sparql-results+json"
TRIPLES = "application/n-triples"
_EMPTY = ox.Store()
_OUTER_GROUP = re.compile(r"\{")
_WHERE_GROUP = re.compile(r"\bWHERE\s*\{", re.I)
_NO_GRAPH = ox.NamedNode("urn:kubekg:no-graph")  # an empty part of a dataset, on a store that shows every graph


class StoreUnavailable(KubekgError):
    """The store did not answer usefully; ``status`` is 502 (bad answer), 503 (unreachable) or 504 (timeout)."""

    def __init__(self, message: str, status: int = 502) -> None:
        super().__init__(message)
        self.status = status


def with_bindings(query: str, bindings: dict[ox.Variable, ox.NamedNode | ox.Literal]) -> str:
    """``query`` with ``bindings`` as a VALUES block opening its outer group (after the prologue)."""
    if not bindings:
        return query
    names = " ".join(str(v) for v in bindings)
    row = " ".join(str(t) for t in bindings.values())  # RDF terms, escaped as N-Triples writes them
    block = f" VALUES ({names}) {{ ({row}) }} "
    body = _prologue_end(query)
    m = _WHERE_GROUP.search(query, body) or _OUTER_GROUP.search(query, body)  # not a CONSTRUCT's template
    if m is None:
        raise ValueError("a query to bind variables in has no group pattern")
    return query[: m.end()] + block + query[m.end() :]


_PROLOGUE_LINE = re.compile(r"\s*(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s+<[^>]*>)", re.I)


def _prologue_end(query: str) -> int:
    end = 0
    while m := _PROLOGUE_LINE.match(query, end):
        end = m.end()
    return end


def _own_dataset(query: str, default_graph: list | None, named_graphs: list | None) -> bool:
    """True when only the query's own ``FROM`` clauses say which graphs it reads."""
    return default_graph is None and named_graphs is None and "FROM" in keywords(query)


class RemoteStore:
    """A read-only view of the SPARQL endpoint at ``url``, shaped like the pyoxigraph store kubekg reads."""

    def __init__(
        self, url: str, timeout: float = 10.0, client: httpx.Client | None = None, default_graph: str | None = None
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.default_graph = ox.NamedNode(default_graph) if default_graph else None
        self._data_graphs: list[ox.NamedNode] | None = None  # with default_graph: the export's named graphs
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
            follow_redirects=False,
        )

    def close(self) -> None:
        self.client.close()

    # -- the pyoxigraph.Store surface ---------------------------------------------------------

    def query(
        self,
        query: str,
        *,
        base_iri: str | None = None,
        default_graph: list[ox.NamedNode] | None = None,
        named_graphs: list[ox.NamedNode] | None = None,
        substitutions: dict[ox.Variable, ox.NamedNode | ox.Literal] | None = None,
        use_default_graph_as_union: bool = False,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Parse ``query`` here (SyntaxError as pyoxigraph raises it), then run it on the store."""
        # parses (no data, so instant); only the result's class is kept: pyoxigraph's results may not be dropped on
        # another thread, which a traceback held past this call (a store gone away) would make them
        form = type(_EMPTY.query(query, base_iri=base_iri, substitutions=substitutions))
        text = with_bindings(query, substitutions or {})
        if self.default_graph is not None and not _own_dataset(query, default_graph, named_graphs):
            # name the dataset, or the store shows every graph: what is not given is what embedded mode uses,
            # and a part the request gives as empty stays empty
            default_graph = [self.default_graph] if default_graph is None else default_graph or [_NO_GRAPH]
            named_graphs = self.data_graphs() if named_graphs is None else named_graphs or [_NO_GRAPH]
        form_fields: list[tuple[str, str]] = [("query", text)]
        form_fields += [("default-graph-uri", g.value) for g in default_graph or ()]
        form_fields += [("named-graph-uri", g.value) for g in named_graphs or ()]
        graph_result = form is ox.QueryTriples
        body = self._post(form_fields, TRIPLES if graph_result else SOLUTIONS)
        try:
            if graph_result:
                return _Triples(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
            ask = form is ox.QueryBoolean
            result = ox.parse_query_results(_standard_results(body, ask), format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError, AttributeError, TypeError) as e:
            raise StoreUnavailable(
                f"the store at {self.url} answered with something that is not a SPARQL result: {e}"
            ) from None
        if ask != isinstance(result, ox.QueryBoolean):
            raise StoreUnavailable(f"the store at {self.url} answered an ASK query with a table, or the reverse")
        return result

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None,
        predicate: ox.NamedNode | None,
        object: ox.NamedNode | ox.Literal | ox.BlankNode | None,
        graph_name: ox.NamedNode | ox.DefaultGraph | None = None,
    ) -> Iterator[ox.Quad]:
        bindings = {
            ox.Variable(name): term
            for name, term in (("s", subject), ("p", predicate), ("o", object))
            if term is not None and not isinstance(term, ox.BlankNode)
        }
        if isinstance(graph_name, ox.DefaultGraph):
            query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
        elif graph_name is not None:
            query = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
            bindings[ox.Variable("g")] = graph_name
        else:
            query = "SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        result = self.query(query, substitutions=bindings)
        has_graph = any(v.value == "g" for v in result.variables)
        for row in result:
            graph = row["g"] if has_graph and row["g"] is not None else ox.DefaultGraph()
            s = subject if subject is not None else row["s"]
            p = predicate if predicate is not None else row["p"]
            o = object if object is not None else row["o"]
            yield ox.Quad(s, p, o, graph)

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        if self.default_graph is not None:
            yield from self.data_graphs()
            return
        for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            if row["g"].value != DESCRIPTION_GRAPH:
                yield row["g"]

    def __len__(self) -> int:
        rows = self.query(
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(?g != <{DESCRIPTION_GRAPH}>) }} }}"
        )
        return int(next(iter(rows))["n"].value)

    # -- what the store says of itself ---------------------------------------------------------

    def data_graphs(self) -> list[ox.NamedNode]:
        """The named graphs of the data, as the export's description graph lists them (read once)."""
        if self._data_graphs is None:
            rows = self._describing(f"SELECT ?g WHERE {{ GRAPH ?d {{ <{DATASET}> <{SD}namedGraph> ?g }} }} ORDER BY ?g")
            self._data_graphs = [row["g"] for row in rows]
            if not self._data_graphs:
                raise StoreUnavailable(
                    f"the store at {self.url} lists no named graphs of the data in {DESCRIPTION_GRAPH}: load it "
                    "from the file a current `kubekg export --out FILE` writes"
                )
        return self._data_graphs

    def dataset_version(self) -> str:
        """The version the store's ``kubekg export`` stated (raises when it states none)."""
        rows = list(self._describing(f"SELECT ?v WHERE {{ GRAPH ?d {{ <{DATASET}> <{HAS_VERSION}> ?v }} }}"))
        if len(rows) != 1:
            raise StoreUnavailable(
                f"the store at {self.url} states {len(rows)} dataset versions, not one: load it from the file "
                "`kubekg export --out FILE` writes"
            )  # 502: the store answers, with other data than an export
        return rows[0]["v"].value

    def _describing(self, query: str) -> ox.QuerySolutions:
        """``query`` over the description graph alone (``?d``), whatever else the store holds."""
        described = ox.NamedNode(DESCRIPTION_GRAPH)
        solutions = self.query(query, default_graph=[described], named_graphs=[described])
        assert isinstance(solutions, ox.QuerySolutions)
        return solutions

    def _post(self, form: list[tuple[str, str]], accept: str) -> bytes:
        headers = {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}
        try:
            response = self.client.post(self.url, content=urlencode(form), headers=headers)
        except httpx.TimeoutException:
            raise StoreUnavailable(f"the store at {self.url} did not answer within {self.timeout:g} s", 504) from None
        except httpx.HTTPError as e:
            raise StoreUnavailable(f"the store at {self.url} cannot be reached: {e}", 503) from None
        if response.status_code != 200:
            text = " ".join(response.text.split())[:300]
            raise StoreUnavailable(f"the store at {self.url} answered {response.status_code}: {text}", 502)
        return response.content


_BLANK_LABEL = re.compile(r"[^A-Za-z0-9_]")
_ASK_COLUMN = "__ASK_RETVAL"


def _standard_results(body: bytes, ask: bool) -> bytes:
    """The JSON results in the standard's shape, where a store strays from it (Virtuoso): blank node
    labels made ones N-Triples allows (``nodeID://b10000``; the same label stays the same node), and an
    ASK answered as one column ``__ASK_RETVAL`` (no row, or a row holding 0, for false) made a boolean."""
    if not (ask and _ASK_COLUMN.encode() in body) and b'"bnode"' not in body:
        return body
    results = json.loads(body)
    rows = results.get("results", {}).get("bindings", [])
    if ask and "boolean" not in results:
        values = [row.get(_ASK_COLUMN, {}).get("value") for row in rows]
        return json.dumps({"head": {}, "boolean": any(v not in (None, "0", "false") for v in values)}).encode()
    for row in rows:
        for term in row.values():
            if isinstance(term, dict) and term.get("type") == "bnode":
                term["value"] = _BLANK_LABEL.sub("_", str(term.get("value", "")))
    return json.dumps(results).encode()


class _Triples:
    """CONSTRUCT/DESCRIBE triples from the store, iterable like :class:`pyoxigraph.QueryTriples`."""

    def __init__(self, quads: Iterator[ox.Quad]) -> None:
        self._triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self._triples)


class RemoteExecutor:
    """The query executor of ``--store`` mode: at most ``max_concurrent_queries`` requests to the store at
    once, each evaluated as in a worker (:func:`~kubekg.sparql.query_evaluation.evaluate`: negotiation,
    row cap, serialisation) with the store's HTTP timeout as its deadline. Same interface as
    :class:`~kubekg.sparql.executor.QueryExecutor`; nothing is forked."""

    def __init__(self, store: RemoteStore, settings) -> None:
        self.store = store
        self.size = settings.max_concurrent_queries
        self._slots: asyncio.Semaphore | None = None

    def start(self) -> None:
        self._slots = asyncio.Semaphore(self.size)

    @property
    def alive(self) -> int:
        return self.size

    async def run(self, request: QueryRequest) -> QueryOutcome:
        assert self._slots is not None, "start() the executor first"
        async with self._slots:
            return await asyncio.to_thread(self._evaluate, request)

    def _evaluate(self, request: QueryRequest) -> QueryOutcome:
        try:
            return evaluate(self.store, request)  # type: ignore[arg-type]
        except StoreUnavailable as e:
            return QueryOutcome.error(e.status, "store_unavailable", str(e))

    def close(self) -> None:
        self.store.close()

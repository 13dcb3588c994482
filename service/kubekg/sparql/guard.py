"""Refusing SPARQL requests the endpoint must never run: updates, federated (``SERVICE``) queries, and
queries nested deeper than the engine can parse (:data:`MAX_DEPTH`).

The check reads the query as tokens, so keywords inside strings, IRIs, comments, variables and
prefixed names do not count: ``SELECT ?service WHERE { ?s <http://x/SERVICE> "SERVICE" }`` passes,
``SELECT * WHERE { SERVICE <http://x> { ?s ?p ?o } }`` does not. It runs before the query reaches
the engine, which would otherwise open an HTTP connection for ``SERVICE``.
"""

from __future__ import annotations

import re

from kubekg.errors import QueryError

# One alternative per token kind; only WORD tokens are looked at. Order matters: long strings first.
_TOKENS = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
               |'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)
               |"(?:[^"\\\n\r]|\\.)*"?
               |'(?:[^'\\\n\r]|\\.)*'?)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<pname>[\w.-]*:[\w.:%\\-]*)
    | (?P<word>[A-Za-z_]\w*)
    """,
    re.VERBOSE | re.DOTALL,
)
#: The same tokens plus opening and closing brackets, for measuring how deep a query nests.
_NESTING = re.compile(_TOKENS.pattern + r"| (?P<open>[{(\[]) | (?P<close>[})\]])", re.VERBOSE | re.DOTALL)

_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_PROLOGUE = {"BASE", "PREFIX"}

#: Deepest nesting of groups, brackets and parentheses accepted. The engine parses and plans queries
#: recursively: a few thousand levels overflow its stack (the worker process dies). Real queries stay
#: far below this.
MAX_DEPTH = 100


class QueryRefused(QueryError):
    """A request the endpoint will not run. ``code`` names the rule for programs; ``status`` is the HTTP status."""

    def __init__(self, code: str, message: str, status: int = 403) -> None:
        super().__init__(message)
        self.code, self.status = code, status


def keywords(query: str) -> list[str]:
    """The bare words of ``query`` in upper case (no strings, IRIs, comments, variables, prefixed names)."""
    return [m.group("word").upper() for m in _TOKENS.finditer(query) if m.lastgroup == "word"]


def check_query(query: str) -> None:
    """Raise :class:`QueryRefused` for an update, a query with ``SERVICE`` or one nested deeper than
    :data:`MAX_DEPTH`; return otherwise.

    Malformed queries pass: the engine's parser reports them with a position.
    """
    if query.count("{") + query.count("(") + query.count("[") > MAX_DEPTH:  # else it cannot nest that deep
        _check_depth(query)
    words = keywords(query)
    form = next((w for w in words if w not in _PROLOGUE), None)
    if form in _UPDATE_FORMS:
        raise QueryRefused(
            "read_only",
            f"this endpoint is read-only: SPARQL Update ({form}) is not accepted; send a SELECT, ASK, "
            "CONSTRUCT or DESCRIBE query",
        )
    if "SERVICE" in words:
        raise QueryRefused(
            "service_refused",
            "federated queries are refused: this endpoint makes no outbound requests, so remove the SERVICE "
            "clause and query the other endpoint yourself",
        )


def _check_depth(query: str) -> None:
    depth = 0
    for m in _NESTING.finditer(query):
        if m.lastgroup == "open":
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryRefused(
                    "query_too_deep",
                    f"the query nests groups, brackets or parentheses more than {MAX_DEPTH} levels deep; flatten it",
                    400,
                )
        elif m.lastgroup == "close":
            depth = max(depth - 1, 0)


def check_not_update(update: str) -> None:
    """Every update request is refused; the message names the operation when it can."""
    form = next((w for w in keywords(update) if w not in _PROLOGUE), "update")
    raise QueryRefused(
        "read_only",
        f"this endpoint is read-only: SPARQL Update ({form}) is not accepted; send a SELECT, ASK, "
        "CONSTRUCT or DESCRIBE query",
    )

"""Refusing SPARQL requests the endpoint must never run: updates and federated (``SERVICE``) queries.

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

_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_FORMS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_PROLOGUE = {"BASE", "PREFIX"}


class QueryRefused(QueryError):
    """A well-formed request the endpoint will not run. ``code`` names the rule for programs."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def keywords(query: str) -> list[str]:
    """The bare words of ``query`` in upper case (no strings, IRIs, comments, variables, prefixed names)."""
    return [m.group("word").upper() for m in _TOKENS.finditer(query) if m.lastgroup == "word"]


def check_query(query: str) -> None:
    """Raise :class:`QueryRefused` for an update or a query with ``SERVICE``; return otherwise.

    Malformed queries pass: the engine's parser reports them with a position.
    """
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


def check_not_update(update: str) -> None:
    """Every update request is refused; the message names the operation when it can."""
    form = next((w for w in keywords(update) if w not in _PROLOGUE), "update")
    raise QueryRefused(
        "read_only",
        f"this endpoint is read-only: SPARQL Update ({form}) is not accepted; send a SELECT, ASK, "
        "CONSTRUCT or DESCRIBE query",
    )

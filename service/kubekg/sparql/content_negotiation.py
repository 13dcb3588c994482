"""Choosing a response format from an HTTP ``Accept`` header, with q-values, by ``python-mimeparse``.

Each kind of response (SPARQL solutions, RDF graphs, pages) offers a list of media types; the client's
``Accept`` header picks one. Without ``Accept`` (or with ``*/*``) the kind's default wins. ``None`` means
that nothing offered fits, which interfaces turn into 406 Not Acceptable.
"""

from __future__ import annotations

from collections.abc import Mapping

import mimeparse

from kubekg.sparql.result_formats import FORMATS, ResultFormat

#: Media types a client may ask for, per kind of result: ours in order of preference, then aliases
#: (so that a wildcard such as ``text/*`` picks a canonical type).
SOLUTION_TYPES: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES: dict[str, str] = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "turtle",
    "application/turtle": "turtle",
    "text/plain": "ntriples",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
HTML = "text/html"


def best_media_type(accept: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers most; ``offers[0]`` is ours, and wins ties and a missing header.

    A header that cannot be parsed counts as missing (RFC 9110 lets a server ignore it).
    """
    if not accept or not accept.strip():
        return offers[0]
    try:
        # mimeparse breaks ties in favour of the *last* offer, so hand it our list reversed.
        chosen = mimeparse.best_match(offers[::-1], accept)
    except (ValueError, IndexError):
        return offers[0]
    return chosen or None


def choose_format(accept: str | None, offers: Mapping[str, str]) -> ResultFormat | None:
    """The result format for ``accept`` among ``offers`` (media type -> format name), or ``None``."""
    media_type = best_media_type(accept, list(offers))
    return FORMATS[offers[media_type]] if media_type else None


def solution_format(accept: str | None) -> ResultFormat | None:
    """Format for SELECT / ASK results; SPARQL JSON by default."""
    return choose_format(accept, SOLUTION_TYPES)


def graph_format(accept: str | None) -> ResultFormat | None:
    """Format for CONSTRUCT / DESCRIBE results and other RDF graphs; Turtle by default."""
    return choose_format(accept, GRAPH_TYPES)


def wants_html(accept: str | None, alternatives: Mapping[str, str]) -> bool:
    """True when the client prefers HTML to every one of ``alternatives`` (a browser, typically)."""
    return best_media_type(accept, [*alternatives, HTML]) == HTML if accept else False


def offered(offers: Mapping[str, str]) -> str:
    """The canonical media types of ``offers``, for a 406 message."""
    return ", ".join(dict.fromkeys(FORMATS[name].media_type for name in offers.values()))

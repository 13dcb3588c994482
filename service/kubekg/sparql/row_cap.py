"""The row cap of SELECT results: write at most ``max_rows`` rows, in any result format, and say if cut.

The common case costs one pass: the result is written in the negotiated format and its rows are
counted in the bytes. Only a result that is large (over a byte budget) or over the cap is evaluated
again, as TSV that is cut after ``max_rows`` + 1 rows inside the serialiser, then rewritten in the
negotiated format. Queries with random or time functions may differ between the two evaluations;
the cap holds either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pyoxigraph as ox

TSV = ox.QueryResultsFormat.TSV
#: Serialised bytes allowed per row before a result is treated as possibly over the row cap.
BYTES_PER_ROW_BUDGET = 512


class _Stop(Exception):
    """Raised from a sink to stop the serialiser writing into it."""


class _LineCappedSink:
    """A binary writer that keeps the first ``limit`` lines, then stops the serialiser."""

    __slots__ = ("limit", "lines", "parts")

    def __init__(self, limit: int) -> None:
        self.limit, self.lines, self.parts = limit, 0, []

    def write(self, chunk: bytes) -> int:
        chunk = bytes(chunk)
        count = chunk.count(b"\n")
        if self.lines + count < self.limit:
            self.lines += count
            self.parts.append(chunk)
            return len(chunk)
        cut = -1
        for _ in range(self.limit - self.lines):
            cut = chunk.index(b"\n", cut + 1)
        self.parts.append(chunk[: cut + 1])
        self.lines = self.limit
        raise _Stop

    def flush(self) -> None:
        pass


class _ByteBudgetSink:
    """A binary writer that stops the serialiser once more than ``budget`` bytes were written."""

    __slots__ = ("budget", "size", "parts")

    def __init__(self, budget: int) -> None:
        self.budget, self.size, self.parts = budget, 0, []

    def write(self, chunk: bytes) -> int:
        self.size += len(chunk)
        if self.size > self.budget:
            raise _Stop
        self.parts.append(bytes(chunk))
        return len(chunk)

    def flush(self) -> None:
        pass


# In JSON a value's quote marks are escaped, so '"bindings":[{"' is the start of a first solution with
# a binding, and '},{"' the start of each next one, unless a value ends in "},{" (its closing quote is
# then followed by one of ] } , :). An empty solution is written "{}".
_JSON_VALUE_ENDING_LIKE_A_BOUNDARY = re.compile(rb'\},\{"[\]},:]')
#: Fewest bytes a row takes in each format (JSON: '{"x":{"type":"uri","value":""}},' when not empty).
_MIN_ROW_BYTES = {ox.QueryResultsFormat.JSON: 32, ox.QueryResultsFormat.XML: 17, ox.QueryResultsFormat.CSV: 2, TSV: 1}


def count_solutions(body: bytes, fmt: ox.QueryResultsFormat, at_most: int | None = None) -> int | None:
    """The number of solutions in ``body`` as pyoxigraph writes it, or None when it cannot tell cheaply.

    With ``at_most``, a body too short to hold more rows than that returns ``at_most`` uncounted.
    Markup never occurs inside values in these formats (XML escapes ``<``; JSON escapes ``"``; CSV
    quotes any field with a quote or line break; TSV escapes line breaks), so counting markup is exact.
    """
    if fmt == ox.QueryResultsFormat.JSON:
        if not body.startswith(b'{"head":') or b"{}" in body:
            return None
    if at_most is not None and len(body) <= at_most * _MIN_ROW_BYTES.get(fmt, 0):
        return at_most
    if fmt == TSV:
        return body.count(b"\n") - 1
    if fmt == ox.QueryResultsFormat.XML:
        return body.count(b"<result>")
    if fmt == ox.QueryResultsFormat.CSV:
        return body.count(b"\r\n") - 1 if b'"' not in body else None
    if fmt == ox.QueryResultsFormat.JSON and not _JSON_VALUE_ENDING_LIKE_A_BOUNDARY.search(body):
        return body.count(b'},{"') + (b'"bindings":[{"' in body)
    return None


def _first_rows_as_tsv(solutions: ox.QuerySolutions, max_rows: int) -> tuple[int, bytes]:
    """(rows, TSV text) of at most ``max_rows`` + 1 rows of ``solutions``."""
    sink = _LineCappedSink(limit=max_rows + 2)  # the header, max_rows rows and one row too many
    try:
        solutions.serialize(sink, format=TSV)
    except _Stop:
        pass
    tsv = b"".join(sink.parts)
    return tsv.count(b"\n") - 1, tsv


def write_capped(
    solutions: ox.QuerySolutions,
    fmt: ox.QueryResultsFormat,
    max_rows: int,
    rerun: Callable[[], ox.QuerySolutions],
) -> tuple[bytes, int, bool]:
    """(body, rows, truncated): ``solutions`` in ``fmt``, at most ``max_rows`` of them.

    ``rerun`` evaluates the same query again; it is called only for large or over-cap results.
    """
    if not solutions.variables:  # rows without columns: their number is bounded by the query text
        return solutions.serialize(format=fmt), 0, False
    sink = _ByteBudgetSink(max_rows * BYTES_PER_ROW_BUDGET)
    try:
        solutions.serialize(sink, format=fmt)
    except _Stop:
        pass
    else:
        body = b"".join(sink.parts)
        rows = count_solutions(body, fmt, at_most=max_rows)
        if rows is None:
            rows, _ = _first_rows_as_tsv(rerun(), max_rows)
        if rows <= max_rows:
            return body, rows, False
    rows, tsv = _first_rows_as_tsv(rerun(), max_rows)
    if rows <= max_rows:  # over the byte budget, not the row cap: long values
        return rerun().serialize(format=fmt), rows, False
    tsv = tsv[: tsv.rindex(b"\n", 0, len(tsv) - 1) + 1]  # drop the row too many
    if fmt != TSV:
        tsv = ox.parse_query_results(tsv, format=TSV).serialize(format=fmt)
    return tsv, max_rows, True

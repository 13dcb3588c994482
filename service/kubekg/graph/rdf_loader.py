"""Parse RDF files into quads, all or nothing, with errors that name the file and line."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kubekg.errors import DataLoadError

#: File endings we read, and the parser for each. Triples of a triple format go to the default graph.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def format_for(path: Path) -> ox.RdfFormat:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise DataLoadError(f"{path}: unknown RDF file type {path.suffix!r}; use one of {known}") from None


def parse_file(path: Path) -> list[ox.Quad]:
    """All quads of one file, or a :class:`DataLoadError` naming the file, line and column."""
    return _read(path, list)


def load_files(store: ox.Store, paths: Iterable[Path]) -> None:
    """Stream every file's quads into ``store`` without holding them in Python (a million triples
    are a gigabyte as Python objects). A file that fails raises :class:`DataLoadError`; the caller
    drops the store, so nothing half-loaded is ever used."""
    paths = list(paths)
    if not paths:
        raise DataLoadError("no data files given")
    for path in paths:
        _read(path, store.extend)


def _read(path: Path, consume):
    path = Path(path)
    fmt = format_for(path)
    if not path.is_file():
        raise DataLoadError(f"{path}: no such data file")
    try:
        with open(path, "rb") as source:  # read-only, opened here so the mode is ours to see and test
            return consume(ox.parse(source, format=fmt))
    except SyntaxError as e:
        where = f":{e.lineno}" if e.lineno else ""
        if e.offset:
            where += f":{e.offset}"
        raise DataLoadError(f"{path}{where}: {fmt.name} syntax error: {e.msg}") from None
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise DataLoadError(f"{path}: cannot be read: {e}") from None

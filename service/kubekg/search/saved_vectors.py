"""Vectors kept in files between runs: the semantic index's, and those of the texts bulk work encodes.

Training the ranker encodes thousands of generated questions; after an edit to the graph almost all of
them are the same again. :func:`load_texts` / :func:`save_texts` keep each text's vector, keyed by the
model that computed it, so a retrain encodes only what is new. Every write is atomic (a temporary file
then a rename) and a cache folder that cannot be written only costs the work again next time.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import numpy as np

log = logging.getLogger(__name__)

SEPARATOR = "\n"  # between the saved texts (one UTF-8 string: a fixed-width array would be 4 bytes a character)


def model_file(cache_dir: Path, name: str, fingerprint: str) -> Path:
    """The file ``name`` of the model ``fingerprint`` in ``cache_dir`` (one file a model)."""
    return cache_dir / f"{name}-{hashlib.sha256(fingerprint.encode()).hexdigest()[:16]}.npz"


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write ``path`` through ``write(file)`` so that readers see the old file or the whole new one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                write(f)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:  # a read-only cache folder only costs the work again next time
        log.warning("could not write the cache file %s: %s", path, e)


def load_texts(path: Path, fingerprint: str) -> dict[str, np.ndarray]:
    """The vectors saved at ``path`` by the model ``fingerprint``, by text ({} when there are none)."""
    if not path.is_file():
        return {}
    try:
        with np.load(path, allow_pickle=False) as saved:
            texts = bytes(saved["texts"]).decode("utf-8").split(SEPARATOR)
            vectors, model = saved["vectors"], str(saved["model"])
    except (OSError, ValueError, KeyError, EOFError) as e:
        log.warning("saved vectors %s are unreadable (%s); encoding again", path, e)
        return {}
    if not len(vectors):
        return {}
    if model != fingerprint or vectors.ndim != 2 or len(texts) != len(vectors) or vectors.dtype != np.float32:
        return {}
    return dict(zip(texts, vectors, strict=True))


def save_texts(path: Path, fingerprint: str, vectors: dict[str, np.ndarray]) -> None:
    """Save ``vectors`` (text → vector, all from the model ``fingerprint``) at ``path``."""
    texts = [t for t in vectors if SEPARATOR not in t]
    matrix = np.stack([vectors[t] for t in texts]).astype(np.float32) if texts else np.zeros((0, 0), np.float32)
    joined = np.frombuffer(SEPARATOR.join(texts).encode("utf-8"), dtype=np.uint8)
    write_atomically(path, lambda f: np.savez(f, texts=joined, vectors=matrix, model=np.array(fingerprint)))

"""Hashes of the bundled ontology and data files: the service must never change them."""

from __future__ import annotations

import hashlib

from kubekg.settings import PROJECT_ROOT

WATCHED = [PROJECT_ROOT / "ontology", PROJECT_ROOT / "data"]


def snapshot() -> dict[str, str]:
    """sha256 of every file under ontology/ and data/, by path."""
    return {
        str(p.relative_to(PROJECT_ROOT)): hashlib.sha256(p.read_bytes()).hexdigest()
        for root in WATCHED
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(
        [f"changed {p}" for p in before.keys() & after.keys() if before[p] != after[p]]
        + [f"removed {p}" for p in before.keys() - after.keys()]
        + [f"added {p}" for p in after.keys() - before.keys()]
    )

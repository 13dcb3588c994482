"""Nothing lost, nothing changed: the bundled files are only ever read.

The session hashes ontology/ and data/ when it starts (``files_at_start`` in conftest) and checks them
again when it ends. The first test here checks them mid-way, after the API fuzzing, hostile SPARQL,
load and property tests, which run before this file. The second records every file the service opens
from Python while it loads, answers, searches and validates: none of ontology/ or data/ is opened for
writing. (pyoxigraph parses RDF files in Rust with a read-only ``File::open``.)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from kubekg import KnowledgeBase
from kubekg.settings import PROJECT_ROOT
from tests.file_integrity import WATCHED, changes, snapshot

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def test_bundled_files_are_unchanged_after_fuzz_load_and_hostile_runs(files_at_start):
    assert files_at_start, "nothing was hashed"
    assert not changes(files_at_start, snapshot())


def _is_watched(path: object) -> bool:
    if isinstance(path, int):
        return False
    try:
        resolved = Path(os.fsdecode(path)).resolve()
    except (TypeError, ValueError, OSError):
        return False
    return any(resolved.is_relative_to(root) for root in WATCHED)


def test_the_service_opens_its_files_read_only():
    opened: list[tuple[str, int]] = []
    recording = [True]

    def hook(event: str, args: tuple) -> None:
        if recording[0] and event == "open" and _is_watched(args[0]):
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            opened.append((os.fsdecode(args[0]), flags))

    sys.addaudithook(hook)  # hooks cannot be removed: this one stops recording at the end
    try:
        kb = KnowledgeBase.load(index=True)
        kb.ask("What does etcd do?")
        kb.search("container runtime", 3)
        assert kb.validate().conforms
    finally:
        recording[0] = False
    assert opened, "the hook saw no file of ontology/ or data/ being opened"
    writable = [(path, flags) for path, flags in opened if flags & WRITE_FLAGS]
    assert not writable, writable
    assert all(Path(p).resolve().is_relative_to(PROJECT_ROOT) for p, _ in opened)

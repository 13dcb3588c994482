"""What the graph layer needs from whoever holds the graph: its store and a way to run a SELECT.

:class:`kubekg.KnowledgeBase` satisfies it; typing against this protocol keeps the graph layer free of
any import from the layers above it.
"""

from __future__ import annotations

from typing import Protocol

import pyoxigraph as ox


class GraphReader(Protocol):
    store: ox.Store

    def select(self, query: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict[str, object]]:
        """Rows of a SELECT (the project's prefixes added), as dicts of pyoxigraph terms."""
        ...

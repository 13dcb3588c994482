"""The SPARQL layer: run one protocol request against a store, safely and within limits.

- ``guard``: refuse updates, ``SERVICE`` and over-deep nesting before anything runs;
- ``executor``: query worker processes with hard deadlines (a runaway query is killed, not waited for);
- ``query_evaluation``: parse, negotiate the result format, cap rows, serialise (what a worker runs);
- ``content_negotiation``, ``result_formats``, ``row_cap``: ``Accept`` with q-values, the formats, the cap.

May use: the graph layer and the foundation modules. Knows nothing of search, QA or the interfaces.
"""

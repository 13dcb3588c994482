"""The question-answering pipeline: from a question in Korean or English to an answer with evidence.

Stages, each a module: ``question_shapes`` (cue words and the kind of answer the grammar asks for),
``entity_linker`` (mentions → entities and classes), ``followups`` (a follow-up rewritten against the
previous answer's context), then one of two cores: ``rule_engine`` (fixed shapes, hand-set scoring; the
default) or ``engine`` (readings enumerated from the graph, ``readings``; ranked by the learned
``ranker``, trained by ``training`` on questions the graph generates). ``query_builder`` writes the
SPARQL, ``composer`` and ``answer_writer`` the answer, ``evidence`` its triples and passages. ``setup``
builds the chosen core for a knowledge base; ``evaluation`` scores it on the sets in ``data/eval/``.

May use: the search, sparql and graph layers and the foundation modules. Never imports an interface.
"""

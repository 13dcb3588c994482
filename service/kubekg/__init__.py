"""kubekg: a bilingual knowledge graph and question-answering service for Kubernetes cluster basics.

>>> from kubekg import KnowledgeBase
>>> kb = KnowledgeBase.load()                      # the bundled graph
>>> kb.sparql("ASK { ?s ?p ?o }").value
True
"""

from kubekg.errors import DataLoadError, KubekgError, QueryError
from kubekg.knowledge_base import KnowledgeBase

__version__ = "0.1.0"
__all__ = ["KnowledgeBase", "KubekgError", "DataLoadError", "QueryError", "__version__"]

"""kubekg over HTTP: ``create_app()`` for the whole service, ``sparql_router()`` for the SPARQL endpoint alone.

An interface: FastAPI routers (``/ask``, ``/search``, ``/sparql``, ``/resource``, ``/mcp``, ``/health``)
that translate HTTP to :class:`kubekg.KnowledgeBase` calls and back. It may use every layer below;
only the CLI and the MCP interface import it.
"""

from kubekg.api.app import app_from_environment, create_app
from kubekg.api.sparql_router import sparql_router

__all__ = ["create_app", "app_from_environment", "sparql_router"]

"""kubekg over HTTP: ``create_app()`` for the whole service, ``sparql_router()`` for the SPARQL endpoint alone."""

from kubekg.api.app import app_from_environment, create_app
from kubekg.api.sparql_router import sparql_router

__all__ = ["create_app", "app_from_environment", "sparql_router"]

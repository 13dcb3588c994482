"""``/mcp``: the MCP server (:mod:`kubekg.mcp.server`) over the streamable-HTTP transport, inside the app.

Stateless and with plain JSON responses: every request stands alone, so the endpoint works behind
proxies and with ``kubekg serve --workers N``. The tools share the app's :class:`ServiceState`: one
knowledge base and one pool of SPARQL workers for ``/sparql`` and ``/mcp`` alike.
"""

from __future__ import annotations

from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.routing import BaseRoute

from kubekg.api.service_state import ServiceState
from kubekg.mcp.server import create_mcp_server

MCP_PATH = "/mcp"


def streamable_http(state: ServiceState, path: str = MCP_PATH) -> tuple[list[BaseRoute], StreamableHTTPSessionManager]:
    """The routes that serve MCP at ``path``, and their session manager.

    Add the routes to the app; its lifespan must run ``session_manager.run()`` around serving (the
    transport's task group lives there; a manager runs once). On a loopback address (the ``host``
    setting) the SDK's DNS-rebinding protection is on: only ``localhost`` / ``127.0.0.1`` Host and
    Origin headers are accepted.
    """
    server = create_mcp_server(state)
    transport = server.streamable_http_app(
        streamable_http_path=path,
        stateless_http=True,
        json_response=True,
        max_request_body_size=state.settings.max_body_bytes,
        host=state.settings.host,
    )
    return list(transport.routes), server.session_manager

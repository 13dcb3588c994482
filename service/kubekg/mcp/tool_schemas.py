"""The MCP server's tools as function-calling schemas, for chatbots that do not speak MCP.

Generated from the MCP server's own tool list (names, descriptions, JSON Schemas of the arguments), so
the two never drift apart. Each tool maps onto the HTTP API as :data:`HTTP_EQUIVALENTS` says.

>>> [t["function"]["name"] for t in function_schemas("openai")]
['ask', 'search', 'sparql', 'describe']
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal, TypeVar

from kubekg.settings import Settings

Flavour = Literal["openai", "anthropic"]
T = TypeVar("T")

#: How a chatbot that holds these schemas can run each tool against ``kubekg serve``.
HTTP_EQUIVALENTS = {
    "ask": 'POST /ask {"question": question}',
    "search": "GET /search?q={query}&k={k}",
    "sparql": "POST /sparql query={query} (Accept: application/sparql-results+json)",
    "describe": "GET /resource/{name} (Accept: text/turtle), or the MCP tool",
}


def tool_definitions(settings: Settings | None = None) -> list[dict[str, Any]]:
    """``name``, ``description`` and ``input_schema`` of every tool, as the MCP server lists them."""
    from kubekg.api.service_state import ServiceState
    from kubekg.mcp.server import create_mcp_server

    server = create_mcp_server(ServiceState(settings or Settings()))
    tools = _run(server.list_tools())
    return [{"name": t.name, "description": t.description or "", "input_schema": _clean(t.input_schema)} for t in tools]


def function_schemas(flavour: Flavour, settings: Settings | None = None) -> list[dict[str, Any]]:
    """The tools in OpenAI's (``tools=[{"type": "function", ...}]``) or Anthropic's (``tools=[...]``) shape."""
    tools = tool_definitions(settings)
    if flavour == "openai":
        return [
            {
                "type": "function",
                "function": {"name": t["name"], "description": t["description"], "parameters": t["input_schema"]},
            }
            for t in tools
        ]
    if flavour == "anthropic":
        return [{"name": t["name"], "description": t["description"], "input_schema": t["input_schema"]} for t in tools]
    raise ValueError(f"unknown format {flavour!r}; use openai or anthropic")


def _clean(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without pydantic's generated titles (``askArguments``, ``Question``): noise to a model."""
    out = {k: v for k, v in schema.items() if k != "title"}
    if "properties" in out:
        out["properties"] = {
            name: {k: v for k, v in prop.items() if k != "title"} for name, prop in out["properties"].items()
        }
    return out


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` to completion, also when called from inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()

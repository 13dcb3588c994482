"""`/mcp` of a live `kubekg serve`, driven by the SDK's streamable-HTTP client, beside /sparql."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from mcp import Client

pytestmark = pytest.mark.anyio

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
async def http_client(live_server: str) -> AsyncIterator[Client]:
    async with Client(live_server + "/mcp", read_timeout_seconds=120) as client:
        yield client


async def test_tools_over_http_share_the_service_knowledge_base(http_client, live_server):
    assert [t.name for t in (await http_client.list_tools()).tools] == ["ask", "search", "sparql", "describe"]
    over_mcp = (await http_client.call_tool("sparql", {"query": COUNT})).structured_content
    over_http = httpx.get(live_server + "/sparql", params={"query": COUNT}).json()
    assert over_mcp["results"] == over_http
    desc = (await http_client.call_tool("describe", {"entity": "containerd"})).structured_content
    assert desc["iri"] == "https://w3id.org/kubekg/resource/containerd" and desc["labels"]["ko"]
    summary = (await http_client.read_resource("kubekg://entity/containerd/summary")).contents[0].text
    assert summary.startswith("# containerd")


async def test_ask_over_http(http_client):
    answer = (
        await http_client.call_tool("ask", {"question": "Which CLI works with all CRI runtimes?"})
    ).structured_content
    assert [a["label"] for a in answer["answers"]] == ["crictl"] and answer["evidence"]


async def test_bad_input_over_http_is_a_tool_error_and_the_service_stays_up(http_client, live_server):
    refused = await http_client.call_tool("sparql", {"query": "LOAD <http://127.0.0.1:9/x.ttl>"})
    assert refused.is_error and "read-only" in refused.content[0].text
    missing = await http_client.call_tool("search", {"k": 3})
    assert missing.is_error and "query" in missing.content[0].text
    long = await http_client.call_tool("ask", {"question": "x" * 10_000})
    assert long.is_error and "limit" in long.content[0].text
    assert httpx.get(live_server + "/health").status_code == 200
    assert not (await http_client.call_tool("sparql", {"query": "ASK { ?s ?p ?o }"})).is_error


def test_other_hosts_are_refused_on_loopback(live_server):
    """DNS-rebinding protection: a page on another origin cannot drive the local server's tools."""
    resp = httpx.post(
        live_server + "/mcp",
        json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
        headers={"Host": "attacker.example", "Accept": "application/json, text/event-stream"},
    )
    assert resp.status_code in (403, 421)

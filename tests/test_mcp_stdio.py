"""`kubekg mcp` as a chatbot client starts it: a subprocess spoken to over stdin/stdout by the SDK's client."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
from mcp import Client, StdioServerParameters

from tests.live_server import KUBEKG

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
async def stdio_client() -> AsyncIterator[Client]:
    params = StdioServerParameters(
        command=str(KUBEKG),
        args=["mcp"],
        env={**os.environ, "HF_HUB_OFFLINE": "1", "KUBEKG_MAX_CONCURRENT_QUERIES": "1"},
    )
    async with Client(params, read_timeout_seconds=120) as client:
        yield client


async def test_ask_in_korean_returns_crictl_with_evidence(stdio_client):
    result = await stdio_client.call_tool("ask", {"question": "모든 CRI 런타임과 호환되는 CLI는?"})
    assert not result.is_error, result.content
    answer = result.structured_content
    assert answer["lang"] == "ko" and not answer["abstained"]
    assert [a["label"] for a in answer["answers"]] == ["crictl"]
    assert answer["evidence"] and answer["sources"]
    assert "crictl" in answer["answer"]


async def test_bad_input_is_an_error_and_the_server_keeps_running(stdio_client):
    update = await stdio_client.call_tool("sparql", {"query": "DROP ALL"})
    assert update.is_error and "read-only" in update.content[0].text
    long = await stdio_client.call_tool("ask", {"question": "쿠버네티스" * 2000})
    assert long.is_error and "limit" in long.content[0].text
    missing = await stdio_client.call_tool("describe", {})
    assert missing.is_error and "entity" in missing.content[0].text
    rows = await stdio_client.call_tool("sparql", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    assert not rows.is_error and int(rows.structured_content["results"]["results"]["bindings"][0]["n"]["value"]) > 1000

"""`kubekg tools`: the MCP tools as function-calling schemas, agreeing with the MCP server and the HTTP API."""

from __future__ import annotations

import json

import pytest
from fastapi.openapi.utils import get_openapi
from typer.testing import CliRunner

from kubekg.api import create_app
from kubekg.cli import app
from kubekg.mcp.tool_schemas import function_schemas, tool_definitions

runner = CliRunner()


@pytest.fixture(scope="module")
def openapi() -> dict:
    api = create_app()
    return get_openapi(title="kubekg", version="0", routes=api.routes)


def test_openai_and_anthropic_shapes_from_the_cli():
    openai = json.loads(runner.invoke(app, ["tools", "--format", "openai"]).output)
    assert [t["type"] for t in openai] == ["function"] * 4
    assert [t["function"]["name"] for t in openai] == ["ask", "search", "sparql", "describe"]
    anthropic = json.loads(runner.invoke(app, ["tools", "-f", "anthropic"]).output)
    assert [set(t) for t in anthropic] == [{"name", "description", "input_schema"}] * 4
    for o, a in zip(openai, anthropic, strict=True):
        assert o["function"]["parameters"] == a["input_schema"] and o["function"]["description"] == a["description"]
        assert a["input_schema"]["type"] == "object" and "title" not in a["input_schema"]
    bad = runner.invoke(app, ["tools", "--format", "gemini"])
    assert bad.exit_code == 2 and "openai or anthropic" in bad.output


def test_schemas_are_the_mcp_servers_own_definitions():
    tools = {t["name"]: t for t in tool_definitions()}
    assert tools["describe"]["input_schema"]["required"] == ["entity"]
    assert function_schemas("anthropic")[0]["description"] == tools["ask"]["description"]
    assert "\n" not in tools["ask"]["description"].split("\n\n")[0]  # paragraphs, not wrapped lines


def test_arguments_match_what_the_http_api_accepts(openapi):
    tools = {t["name"]: t["input_schema"] for t in tool_definitions()}
    ask_body = openapi["components"]["schemas"]["AskRequest"]
    assert set(tools["ask"]["properties"]) == set(ask_body["properties"]) and tools["ask"]["required"] == ["question"]
    search_params = {p["name"]: p["schema"] for p in openapi["paths"]["/search"]["get"]["parameters"]}
    k = tools["search"]["properties"]["k"]
    assert (k["minimum"], k["maximum"], k["default"]) == (
        search_params["k"]["minimum"],
        search_params["k"]["maximum"],
        search_params["k"]["default"],
    )
    sparql_params = {p["name"] for p in openapi["paths"]["/sparql"]["get"]["parameters"]}
    assert "query" in sparql_params and tools["sparql"]["required"] == ["query"]

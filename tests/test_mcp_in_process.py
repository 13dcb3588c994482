"""The MCP server driven by the SDK's own client, in-process: tools, resources, and bad input."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from mcp import Client
from mcp_types import ResourceTemplateReference

from kubekg import KnowledgeBase
from kubekg.api.service_state import ServiceState
from kubekg.mcp.server import create_mcp_server
from kubekg.settings import Settings

pytestmark = pytest.mark.anyio

CRICTL = "https://w3id.org/kubekg/resource/crictl"
CLIS = "PREFIX k: <https://w3id.org/kubekg/ontology#> SELECT ?cli WHERE { ?cli a k:CLI } ORDER BY ?cli"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
async def client(kb: KnowledgeBase) -> AsyncIterator[Client]:
    state = ServiceState(Settings(max_concurrent_queries=1, query_timeout=2, max_rows=50))
    await state.load(kb)
    try:
        async with Client(create_mcp_server(state)) as c:
            yield c
    finally:
        state.close()


def error_text(result) -> str:
    assert result.is_error, result
    return result.content[0].text


async def test_lists_four_read_only_tools_with_descriptions_for_a_model(client):
    tools = {t.name: t for t in (await client.list_tools()).tools}
    assert list(tools) == ["ask", "search", "sparql", "describe"]
    for tool in tools.values():
        assert tool.annotations.read_only_hint and not tool.annotations.destructive_hint
        assert tool.output_schema is not None  # structured output
    assert "first" in tools["ask"].description and "abstained" in tools["ask"].description
    assert "ask" in tools["search"].description and "section_id" in tools["search"].description
    assert "read-only" in tools["sparql"].description.lower() and "50 rows" in tools["sparql"].description
    assert tools["search"].input_schema["properties"]["k"]["maximum"] == 100
    assert "ask" in client.instructions and "search" in client.instructions


async def test_ask_returns_the_answer_object_with_evidence_and_sources(client):
    result = await client.call_tool("ask", {"question": "Which CLI works with all CRI runtimes?"})
    assert not result.is_error
    answer = result.structured_content
    assert [a["iri"] for a in answer["answers"]] == [CRICTL] and not answer["abstained"]
    assert answer["evidence"] and answer["sources"] and answer["sparql"]
    assert json.loads(result.content[0].text)["answers"] == answer["answers"]  # the same, as text


async def test_search_returns_passages_and_facts_with_scores_sections_and_entities(client):
    result = await client.call_tool("search", {"query": "crictl pods", "k": 10})
    hits = result.structured_content["hits"]
    assert len(hits) == 10 and result.structured_content["k"] == 10
    assert {h["kind"] for h in hits} == {"passage", "fact"}
    assert all(0 <= h["score"] <= 1 and h["section_id"] and h["section_title"] and h["entities"] for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert CRICTL in hits[0]["entities"]


async def test_sparql_returns_json_results_and_turtle(client):
    rows = (await client.call_tool("sparql", {"query": CLIS})).structured_content
    assert rows["form"] == "solutions" and rows["rows"] == 3 and not rows["truncated"]
    assert [b["cli"]["value"].rsplit("/", 1)[1] for b in rows["results"]["results"]["bindings"]] == [
        "crictl",
        "ctr",
        "nerdctl",
    ]
    asked = (await client.call_tool("sparql", {"query": "ASK { ?s ?p ?o }"})).structured_content
    assert asked["results"]["boolean"] is True
    graph = (await client.call_tool("sparql", {"query": f"DESCRIBE <{CRICTL}>"})).structured_content
    assert graph["form"] == "graph" and "kr:crictl" in graph["turtle"]


async def test_sparql_has_the_endpoint_guards(client):
    assert "read_only" in error_text(await client.call_tool("sparql", {"query": "CLEAR ALL"}))
    assert "read_only" in error_text(await client.call_tool("sparql", {"query": "INSERT DATA { <a:a> <a:b> <a:c> }"}))
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert "service_refused" in error_text(await client.call_tool("sparql", {"query": service}))
    malformed = error_text(await client.call_tool("sparql", {"query": "SELECT ?x WHERE { ?x ?y }"}))
    assert "line 1, column 26" in malformed
    capped = (await client.call_tool("sparql", {"query": "SELECT * WHERE { ?s ?p ?o }"})).structured_content
    assert capped["truncated"] and capped["rows"] == 50
    assert "query_timeout" in error_text(await client.call_tool("sparql", {"query": RUNAWAY}))
    assert (await client.call_tool("sparql", {"query": "ASK { ?s ?p ?o }"})).structured_content["results"]["boolean"]


async def test_describe_finds_an_entity_by_iri_curie_or_any_label(client):
    for name in (CRICTL, "kr:crictl", "crictl", "크라이씨티엘"):
        desc = (await client.call_tool("describe", {"entity": name})).structured_content
        assert desc["iri"] == CRICTL and desc["labels"] == {"en": "crictl", "ko": "crictl"}
    assert desc["definitions"]["ko"] and desc["sources"]
    works = [f for f in desc["facts"] if f["predicate"]["iri"].endswith("#worksWithImplementationsOf")]
    assert works and works[0]["value"]["iri"].endswith("/cri") and "crictl" in works[0]["sections"]
    api = (await client.call_tool("describe", {"entity": "API 서버"})).structured_content
    assert api["iri"].endswith("/kube-apiserver")


async def test_describe_of_an_unknown_name_lists_close_matches(client):
    text = error_text(await client.call_tool("describe", {"entity": "kubelett"}))
    assert "no entity is called 'kubelett'" in text and "kr:kubelet" in text


async def test_bad_input_is_a_tool_error_the_model_can_read(client):
    missing = error_text(await client.call_tool("ask", {}))
    assert "question" in missing and "required" in missing.lower()
    assert "the limit is 1000" in error_text(await client.call_tool("ask", {"question": "x" * 10_000}))
    assert "empty" in error_text(await client.call_tool("ask", {"question": "   "}))
    assert "k" in error_text(await client.call_tool("search", {"query": "etcd", "k": 0}))
    assert "query" in error_text(await client.call_tool("sparql", {}))
    # and the server keeps answering
    result = await client.call_tool("ask", {"question": "What does etcd store?"})
    assert not result.is_error and result.structured_content["answers"]


async def test_resources_entities_and_the_ontology(client):
    listed = {str(r.uri) for r in (await client.list_resources()).resources}
    assert {"kubekg://ontology", "kubekg://entities"} <= listed
    templates = {t.uri_template for t in (await client.list_resource_templates()).resource_templates}
    assert templates == {"kubekg://entity/{name}", "kubekg://entity/{name}/summary"}

    turtle = (await client.read_resource("kubekg://entity/crictl")).contents[0]
    assert turtle.mime_type == "text/turtle" and "k:worksWithImplementationsOf kr:cri" in turtle.text
    summary = (await client.read_resource("kubekg://entity/crictl/summary")).contents[0].text
    assert summary.startswith("# crictl") and "## Sources" in summary and "[crictl]" in summary
    ontology = (await client.read_resource("kubekg://ontology")).contents[0].text
    assert "owl:Class" in ontology and "k:askObject" in ontology
    index = (await client.read_resource("kubekg://entities")).contents[0].text
    assert "| crictl | crictl | crictl |" in index


async def test_an_unknown_entity_resource_is_an_error_and_names_complete(client):
    with pytest.raises(Exception, match="kubelett"):
        await client.read_resource("kubekg://entity/kubelett")
    done = await client.complete(
        ResourceTemplateReference(uri="kubekg://entity/{name}"), {"name": "name", "value": "kube-"}
    )
    assert "kube-apiserver" in done.completion.values


async def test_while_the_knowledge_base_loads_tools_and_resources_say_so():
    async with Client(create_mcp_server(ServiceState(Settings()))) as loading:
        assert "still loading" in error_text(await loading.call_tool("ask", {"question": "What does etcd store?"}))
        assert "still loading" in error_text(await loading.call_tool("sparql", {"query": "ASK {}"}))
        with pytest.raises(Exception, match="still loading"):
            await loading.read_resource("kubekg://entity/etcd")


async def test_ask_takes_the_previous_answers_context_for_a_follow_up(client):
    first = (await client.call_tool("ask", {"question": "Who maintains crictl?"})).structured_content
    result = await client.call_tool("ask", {"question": "What about nerdctl?", "context": first["context"]})
    assert not result.is_error
    assert [a["iri"].rsplit("/", 1)[-1] for a in result.structured_content["answers"]] == ["containerd-community"]
    bad = await client.call_tool("ask", {"question": "What about nerdctl?", "context": {"lang": "xx"}})
    assert "context" in error_text(bad)

"""/ask, /search and /health in-process, over a stand-in QA engine (the routes, not the answers)."""

from __future__ import annotations

import threading
import time

import pytest
from fastapi.testclient import TestClient

from kubekg import KnowledgeBase
from kubekg.answer_models import Answer, AnswerItem, SearchHit
from kubekg.api import create_app
from kubekg.errors import QuestionError
from kubekg.settings import Settings


def fake_ask(question: str, context: dict | None = None) -> Answer:
    if not question.strip():
        raise QuestionError("the question is empty; ask something about Kubernetes cluster basics")
    if question == "slow":
        time.sleep(1.0)
    return Answer(
        question=question,
        lang="en",
        answer="crictl.",
        answers=[AnswerItem(label="crictl", iri="https://w3id.org/kubekg/resource/crictl")],
        confidence=0.9,
        abstained=False,
        sparql="SELECT ?x WHERE { ?x a k:CLI }",
    )


def fake_search(text: str, k: int = 5) -> list[SearchHit]:
    return [
        SearchHit(id=f"p{i}", kind="passage", text=f"passage {i} about {text}", lang="en", score=1.0 - i / 10)
        for i in range(k)
    ]


@pytest.fixture(scope="module")
def client(kb: KnowledgeBase):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(kb, "ask", fake_ask)
        mp.setattr(kb, "search", fake_search)
        with TestClient(create_app(Settings(max_concurrent_queries=1), kb=kb)) as c:
            end = time.monotonic() + 30
            while c.get("/health").status_code != 200 and time.monotonic() < end:
                time.sleep(0.05)
            yield c


def test_ask_by_post_and_by_get(client):
    for resp in (
        client.post("/ask", json={"question": "Which CLI works with all CRI runtimes?"}),
        client.get("/ask", params={"q": "x?"}),
    ):
        assert resp.status_code == 200, resp.text
        body = resp.json()
        assert body["answer"] == "crictl." and body["answers"][0]["iri"].endswith("/crictl")
        assert set(body) >= {
            "question",
            "lang",
            "answer",
            "answers",
            "confidence",
            "abstained",
            "sparql",
            "evidence",
            "sources",
        }


def test_question_errors_are_400_in_the_error_shape(client):
    resp = client.post("/ask", json={"question": "  "})
    assert resp.status_code == 400
    assert resp.json()["error"] == {
        "status": 400,
        "code": "bad_question",
        "message": "the question is empty; ask something about Kubernetes cluster basics",
    }
    for bad in (client.post("/ask", json={}), client.post("/ask", content=b"not json"), client.get("/ask")):
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"
    assert client.put("/ask").status_code == 405


def test_search_returns_scored_hits(client):
    body = client.get("/search", params={"q": "container runtime", "k": 3}).json()
    assert body["query"] == "container runtime" and body["k"] == 3
    assert [h["id"] for h in body["hits"]] == ["p0", "p1", "p2"]
    assert client.get("/search", params={"q": "x", "k": 0}).status_code == 422


def test_ask_runs_off_the_event_loop(client):
    slow = threading.Thread(target=lambda: client.post("/ask", json={"question": "slow"}))
    slow.start()
    time.sleep(0.1)
    start = time.monotonic()
    assert client.get("/health").status_code == 200
    assert time.monotonic() - start < 0.5  # not stuck behind the 1 s question
    slow.join()


def test_openapi_documents_the_answer_with_an_example(client):
    spec = client.get("/openapi.json").json()
    answer = spec["components"]["schemas"]["Answer"]
    assert answer["examples"][0]["answers"][0]["label"] == "crictl"
    assert "AskRequest" in spec["components"]["schemas"] and "SearchResults" in spec["components"]["schemas"]


def test_health_is_503_until_the_knowledge_base_is_loaded(monkeypatch, kb):
    release = threading.Event()

    def slow_load(*args, **kwargs):
        release.wait(10)
        return kb

    monkeypatch.setattr(KnowledgeBase, "load", slow_load)
    with TestClient(create_app(Settings(max_concurrent_queries=1))) as c:
        loading = c.get("/health")
        assert loading.status_code == 503 and loading.json()["status"] == "loading"
        refused = c.get("/sparql", params={"query": "ASK {}"})
        assert refused.status_code == 503 and refused.json()["error"]["code"] == "not_ready"
        release.set()
        end = time.monotonic() + 10
        while c.get("/health").status_code != 200 and time.monotonic() < end:
            time.sleep(0.05)
        assert c.get("/health").json()["status"] == "ok"

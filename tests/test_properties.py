"""Property tests: whatever a client sends, the answer is an answer or a clear refusal, never a crash.

- any Unicode string asked of :meth:`KnowledgeBase.ask` gives a valid :class:`Answer` or a
  :class:`QuestionError`, and no other exception;
- any byte string sent to ``/sparql`` as an ``application/sparql-query`` body or as a form gives a 200
  or a 4xx in the one error shape, never a 5xx;
- any ``Host`` header gives the same (the endpoint's own URL, built from it, is the base IRI).

Examples are bounded (and the same on every run) so the file stays fast; raise ``KUBEKG_PROPERTY_EXAMPLES``
for a longer local hunt.
"""

from __future__ import annotations

import os
import time
from urllib.parse import quote_from_bytes

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubekg import KnowledgeBase
from kubekg.answer_models import Answer
from kubekg.api import create_app
from kubekg.errors import QuestionError
from kubekg.settings import Settings

EXAMPLES = int(os.environ.get("KUBEKG_PROPERTY_EXAMPLES", "60"))

bounded = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Questions: any text, text around the length limit, and text built from words the engine knows.
WORDS = ["etcd", "crictl", "무엇", "은", "는", "?", "which", "all", "CRI", "how many", "not", "모든", "does", " ", "\n"]
questions = st.one_of(
    st.text(max_size=200),
    st.text(min_size=990, max_size=1010, alphabet=st.characters(codec="utf-8")),
    st.lists(st.sampled_from(WORDS) | st.text(max_size=3), max_size=12).map("".join),
)

#: SPARQL bodies: any bytes, and bytes built from SPARQL tokens (so some parse, and some run).
TOKENS = [
    *(t.encode() for t in "SELECT ASK CONSTRUCT DESCRIBE WHERE FILTER OPTIONAL UNION MINUS GRAPH VALUES".split()),
    *(t.encode() for t in "PREFIX BASE LIMIT ORDER BY DISTINCT COUNT REGEX STR LANG BIND AS SERVICE".split()),
    b"*",
    b"{",
    b"}",
    b"(",
    b")",
    b".",
    b";",
    b"?s",
    b"?p",
    b"?o",
    b"<urn:x>",
    b'"a"',
    b"'b'@ko",
    b"k:",
    b"1",
    b"#",
    b"\n",
    b"\xff",
    b"\x00",
    b"\xed\xa0\x80",
    "한국어".encode(),
]
bodies = st.one_of(
    st.binary(max_size=300),
    st.lists(st.sampled_from(TOKENS) | st.binary(max_size=4), max_size=25).map(b" ".join),
)


def _fine(resp: httpx.Response) -> None:
    assert resp.status_code == 200 or 400 <= resp.status_code < 500, resp.text[:500]
    if resp.status_code != 200:
        error = resp.json()["error"]
        assert error["status"] == resp.status_code and error["code"] and error["message"]


@settings(bounded, max_examples=max(EXAMPLES // 2, 10))  # a first-time question costs an embedding
@given(question=questions)
def test_any_question_gives_an_answer_or_a_question_error(kb: KnowledgeBase, question: str):
    try:
        answer = kb.ask(question)
    except QuestionError as e:
        assert str(e)
        return
    assert isinstance(answer, Answer)
    again = Answer.model_validate_json(answer.model_dump_json())  # valid, and it survives JSON
    assert again == answer
    assert answer.answer.strip()
    assert not (answer.abstained and answer.answers)


@pytest.fixture(scope="module")
def sparql_client(live_server: str):
    with httpx.Client(base_url=live_server, timeout=30) as client:
        yield client


@bounded
@given(body=bodies)
def test_any_bytes_as_a_sparql_query_body_are_answered_or_refused(sparql_client: httpx.Client, body: bytes):
    _fine(sparql_client.post("/sparql", content=body, headers={"content-type": "application/sparql-query"}))


@bounded
@given(body=bodies, as_field=st.booleans())
def test_any_bytes_as_a_sparql_form_are_answered_or_refused(sparql_client: httpx.Client, body: bytes, as_field: bool):
    # Either the whole form body is the bytes, or the bytes are the (percent-encoded) 'query' field.
    content = b"query=" + quote_from_bytes(body).encode() if as_field else body
    _fine(sparql_client.post("/sparql", content=content, headers={"content-type": "application/x-www-form-urlencoded"}))


@pytest.fixture(scope="module")
def in_process(kb: KnowledgeBase):
    with TestClient(create_app(Settings(max_concurrent_queries=1), kb=kb)) as client:
        end = time.monotonic() + 30
        while client.get("/health").status_code != 200 and time.monotonic() < end:
            time.sleep(0.05)
        yield client


@bounded
@given(host=st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0xFF), min_size=1, max_size=40))
def test_any_host_header_gives_no_server_error(in_process: TestClient, host: str):
    headers = {"host": host.encode("latin-1")}  # as a client may send it: any byte but controls and space
    _fine(in_process.get("/sparql", headers={**headers, "accept": "text/turtle"}))
    _fine(in_process.get("/sparql", params={"query": "SELECT ?x WHERE { BIND(<rel> AS ?x) }"}, headers=headers))

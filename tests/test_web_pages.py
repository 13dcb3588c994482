"""The web pages over HTTP, as a browser without JavaScript sees them: ask, the editor, entity pages.

What only a real browser shows (scripts, the drawing, accessibility) is in test_web_browser.py.
"""

from __future__ import annotations

import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest

from kubekg.settings import PROJECT_ROOT
from kubekg.web import i18n
from kubekg.web.editor import examples
from kubekg.web.static_files import manifest

HTML = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
VENDOR = PROJECT_ROOT / "service" / "kubekg" / "web" / "static" / "vendor"


class _Links(HTMLParser):
    """Every URL a page would load or link to, and every element's lang."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.langs: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "xlink:href") and value:
                self.urls.append(value)
            if name == "lang" and value:
                self.langs.append((tag, value))


def links_of(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def answer_region(html: str) -> str:
    return html.split('<section id="answer"', 1)[1].split("</section>", 1)[0]


def test_home_page_has_the_ask_form_and_examples_in_both_languages(http):
    page = http.get("/", headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = page.text
    assert re.search(r'<form role="search" action="/" method="get"', text)
    assert 'name="q"' in text and 'aria-live="polite"' in text
    for lang, questions in examples()["questions"].items():
        for question in questions:
            assert re.search(rf'<a lang="{lang}" href="/\?q=[^"]+">{re.escape(question)}</a>', text), question
    assert 'href="/docs"' in text.split("<footer", 1)[1]  # the API docs are linked from the footer


def test_asking_on_the_server_shows_answer_evidence_passages_and_sparql(http):
    page = http.get("/", params={"q": "클러스터 정보는 어디에 저장돼?"}, headers=HTML)
    assert page.status_code == 200
    region = answer_region(page.text)
    assert 'href="/resource/etcd">etcd</a>' in region  # the answer item links to its page
    assert '<table class="evidence">' in region and "resp-store-cluster-information" in region
    assert "<blockquote" in region  # the cited passage
    assert "SELECT" in region and 'href="/sparql#query=' in region  # the SPARQL, and a link to edit it
    assert "<meter" in region  # confidence


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_evidence_with_a_literal_object_is_shown_in_either_ui_language(http, lang):
    # a definition's evidence ends in the definition's text, not an IRI: it is shown, not sent as a term
    evidence = http.get("/ask", params={"q": "crictl은 뭐야"}).json()["evidence"]
    assert any(not e["object"].startswith("https://") for e in evidence)  # the case this is about
    page = http.get("/", params={"q": "crictl은 뭐야", "lang": lang}, headers=HTML)
    assert page.status_code == 200, page.text[-600:]
    assert '<table class="evidence">' in answer_region(page.text)


def test_an_abstention_shows_the_nearest_passages(http):
    page = http.get("/", params={"q": "what port does etcd use?", "lang": "en"}, headers=HTML)
    region = answer_region(page.text)
    assert "abstained" in region and "The passages of the note nearest to the question" in region
    assert "<blockquote" in region


def test_the_page_has_a_json_twin_that_is_the_answer(http):
    question = "Who maintains nerdctl?"
    twin = http.get("/", params={"q": question}, headers={"accept": "application/json"})
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    api = http.get("/ask", params={"q": question}).json()
    assert twin.json()["answers"] == api["answers"] and twin.json()["answer"] == api["answer"]


def test_partial_answer_for_the_script_is_the_answer_region_only(http):
    part = http.get("/", params={"q": "Who maintains crictl?"}, headers={**HTML, "x-kubekg-partial": "answer"})
    assert part.status_code == 200
    assert part.text.lstrip().startswith("<article") and "<html" not in part.text
    context = json.loads(re.search(r'data-context="([^"]*)"', part.text).group(1).replace("&#34;", '"'))
    assert context["answers"] == ["https://w3id.org/kubekg/resource/kubernetes-community"]


def test_a_follow_up_on_the_page_sends_the_previous_context(http):
    first = http.get("/", params={"q": "Who maintains crictl?", "lang": "en"}, headers=HTML)
    hidden = re.search(r'<input type="hidden" name="context" value="([^"]*)"', first.text)
    assert hidden, "the form carries the answer's context for a follow-up"
    context = hidden.group(1).replace("&#34;", '"')
    follow = http.get("/", params={"q": "What about nerdctl?", "context": context}, headers=HTML)
    assert 'href="/resource/containerd-community"' in answer_region(follow.text)


def test_bad_follow_up_context_is_a_400_page_with_a_reason(http):
    for bad in ("{not json", json.dumps({"anchor": "https://example.org/nothing", "lang": "en"}), "[1, 2]"):
        page = http.get("/", params={"q": "What about nerdctl?", "context": bad}, headers=HTML)
        assert page.status_code == 400, bad
        assert 'role="alert"' in page.text and "context" in answer_region(page.text)
    api = http.get("/", params={"q": "x", "context": "{not json"}, headers={"accept": "application/json"})
    assert api.status_code == 400 and "context" in api.json()["error"]["message"]


def test_language_from_query_cookie_and_accept_language(http):
    korean = http.get("/", headers={**HTML, "accept-language": "ko-KR,ko;q=0.9,en;q=0.8"})
    assert '<html lang="ko">' in korean.text and "그래프에 물어보기" in korean.text
    english = http.get("/", headers={**HTML, "accept-language": "en-US,en;q=0.9"})
    assert '<html lang="en">' in english.text and "Ask the graph" in english.text
    chosen = http.get("/", params={"lang": "ko"}, headers={**HTML, "accept-language": "en"})
    assert '<html lang="ko">' in chosen.text and chosen.cookies.get(i18n.COOKIE) == "ko"
    kept = http.get("/sparql", headers={**HTML, "accept-language": "en", "cookie": f"{i18n.COOKIE}=ko"})
    assert '<html lang="ko">' in kept.text and "SPARQL 편집기" in kept.text
    # the switch names each language in that language, and keeps the rest of the URL
    assert '<a lang="en" hreflang="en" href="/?lang=en">English</a>' in chosen.text
    asked = http.get("/", params={"q": "etcd", "lang": "en"}, headers=HTML)
    assert 'href="/?q=etcd&amp;lang=ko">한국어</a>' in asked.text


def test_accept_language_parsing():
    assert i18n.from_accept_language("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7") == "ko"
    assert i18n.from_accept_language("fr-FR, en;q=0.5, ko;q=0.4") == "en"
    assert i18n.from_accept_language("en;q=0.2, ko") == "ko"
    assert i18n.from_accept_language("ko;q=0, en;q=bad") is None
    assert i18n.from_accept_language("de, fr") is None and i18n.from_accept_language(None) is None


def test_message_files_have_the_same_keys():
    assert set(i18n.messages("en")) == set(i18n.messages("ko"))
    assert i18n.translate("ko", "graph_title", label="etcd") == "etcd의 연결 관계"


def test_every_literal_carries_its_language_on_the_entity_page(http):
    page = http.get("/resource/crictl", params={"lang": "ko"}, headers=HTML)
    assert page.status_code == 200
    text = page.text
    assert '<span lang="ko">crictl</span>' in text or '<span lang="ko">' in text.split("<h1>", 1)[1]
    assert re.search(r'<blockquote lang="ko">[^<]*crictl', text) and re.search(r'<blockquote lang="en">', text)
    assert re.search(r'<p lang="en" class="definition">', text) and re.search(r'<p lang="ko" class="definition">', text)
    assert "연결 관계" in text  # the UI strings follow the chosen language


def test_entity_page_carries_its_neighbourhood_graph_and_edge_table(http):
    text = http.get("/resource/containerd", headers=HTML).text
    data = json.loads(re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', text, re.S).group(1))
    ids = {n["id"] for n in data["nodes"]}
    assert "https://w3id.org/kubekg/resource/crictl" in ids and "https://w3id.org/kubekg/resource/docker" in ids
    assert all(e["source"] in ids and e["target"] in ids and e["label"] for e in data["edges"])
    table = text.split('id="graph-edges"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr data-edge=") == len(data["edges"])  # the same edges, as a table
    config = json.loads(re.search(r'id="graph-config">(.*?)</script>', text, re.S).group(1))
    assert config["query"].lstrip().startswith("PREFIX") and "CONSTRUCT" in config["query"]


def test_the_expand_query_returns_the_neighbours_with_labels_in_the_ui_language(http):
    text = http.get("/resource/containerd", params={"lang": "ko"}, headers=HTML).text
    config = json.loads(re.search(r'id="graph-config">(.*?)</script>', text, re.S).group(1))
    query = config["query"].replace(config["slot"], "https://w3id.org/kubekg/resource/crictl")
    triples = http.post(
        "/sparql",
        content=query,
        headers={"content-type": "application/sparql-query", "accept": "application/n-triples"},
    )
    assert triples.status_code == 200
    assert "<https://w3id.org/kubekg/resource/kubernetes-community>" in triples.text
    assert '"쿠버네티스 커뮤니티"@ko' in triples.text and "@en" not in triples.text


def test_editor_page_offers_examples_and_completion_from_the_graph(http):
    page = http.get("/sparql", headers=HTML)
    assert page.status_code == 200
    assert "<textarea" in page.text and "<form" in page.text  # a plain form without JavaScript
    config = json.loads(re.search(r'id="editor-config">(.*?)</script>', page.text, re.S).group(1))
    assert config["endpoint"] == "/sparql"
    assert "https://w3id.org/kubekg/ontology#CLI" in config["vocabulary"]["classes"]
    assert "https://w3id.org/kubekg/ontology#maintainedBy" in config["vocabulary"]["properties"]
    assert page.text.count('class="example-query"') == len(examples()["queries"])


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_example_question_is_answered(kb, lang):
    for question in examples()["questions"][lang]:
        answer = kb.ask(question)
        assert not answer.abstained and answer.lang == lang, question


def test_every_example_query_returns_something(kb):
    for example in examples()["queries"]:
        result = kb.sparql(example["query"])
        found = bool(result) if isinstance(result, ox.QueryBoolean) else len(list(result)) > 0
        assert found, example["title"]["en"]
        assert set(example["title"]) == {"en", "ko"}


@pytest.mark.parametrize(
    "path", ["/", "/?q=Who+maintains+crictl%3F", "/sparql", "/resource/containerd", "/resource/crictl", "/docs"]
)
def test_no_page_references_an_outside_url(http, path):
    page = http.get(path, headers=HTML)
    assert page.status_code == 200
    for url in links_of(page.text).urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"{path} references {url}"
    assert "url(http" not in page.text and "@import" not in page.text


def test_docs_work_offline_from_vendored_swagger_ui(http):
    docs = http.get("/docs")
    assert docs.status_code == 200
    loads = [u for u in links_of(docs.text).urls if u.startswith("/static/")]
    assert any(u.endswith("swagger-ui-bundle.js") for u in loads) and any(u.endswith("swagger-ui.css") for u in loads)
    for url in loads:
        assert http.get(url).status_code == 200, url
    assert "openapi.json" in docs.text and http.get("/openapi.json").status_code == 200


def test_static_files_have_cache_headers(http):
    entry = manifest()["packages"]["@zazuko/yasgui"]
    vendored = http.get(f"/static/vendor/{entry['folder']}/yasgui.min.js")
    assert vendored.status_code == 200 and "immutable" in vendored.headers["cache-control"]
    own = http.get("/static/app.css")
    assert own.status_code == 200 and own.headers["cache-control"] == "no-cache" and own.headers.get("etag")
    assert http.get("/static/app.css", headers={"if-none-match": own.headers["etag"]}).status_code == 304
    assert http.get("/static/../pyproject.toml").status_code == 404


def test_vendored_files_match_the_manifest_and_the_lock_file():
    lock = json.loads((PROJECT_ROOT / "frontend" / "package-lock.json").read_text())["packages"]
    wanted = json.loads((PROJECT_ROOT / "frontend" / "package.json").read_text())["dependencies"]
    packages = manifest()["packages"]
    assert set(packages) == set(wanted)
    for name, entry in packages.items():
        assert entry["version"] == lock[f"node_modules/{name}"]["version"] == wanted[name], name
        folder = VENDOR / entry["folder"]
        assert any(f.startswith(("LICENSE", "LICENCE")) for f in entry["files"]), f"{name} has no licence file"
        on_disk = {p.name for p in folder.iterdir()}
        assert on_disk == set(entry["files"]), f"{folder} holds files the manifest does not list"
        for file, digest in entry["files"].items():
            assert hashlib.sha256((folder / file).read_bytes()).hexdigest() == digest, f"{name}/{file} changed"


def test_pages_are_rendered_by_templates_not_assembled_in_python():
    web = PROJECT_ROOT / "service" / "kubekg"
    for path in web.rglob("*.py"):
        source = Path(path).read_text(encoding="utf-8")
        assert not re.search(r"""f["'][^"'\n]*<(html|body|table|div|p|a|h1)[\s>]""", source), path

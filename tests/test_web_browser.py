"""The web pages in a real browser: Debian's chromium, driven by Playwright, headless.

Each test checks that no request left 127.0.0.1, and axe-core checks each page for serious or critical
accessibility violations. The tests skip, saying why, where Playwright or chromium is missing
(`make test` installs both where it can: pip for Playwright, apt for chromium and fonts-noto-cjk).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live_server import start_server, stop_server

CHROMIUM = Path(os.environ.get("KUBEKG_CHROMIUM", "/usr/bin/chromium"))

try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError as e:  # pragma: no cover - depends on the machine
    pytest.skip(f"browser tests need Playwright and axe ({e}); pip install -e '.[test]'", allow_module_level=True)
if not CHROMIUM.exists():  # pragma: no cover - depends on the machine
    pytest.skip(
        f"browser tests need chromium at {CHROMIUM}: apt-get install chromium fonts-noto-cjk "
        "(or set KUBEKG_CHROMIUM to another chromium binary)",
        allow_module_level=True,
    )

SERIOUS = {"serious", "critical"}


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """A server as `make serve` runs it (semantic index on), on a free loopback port."""
    proc, base = start_server(env={"KUBEKG_QUERY_TIMEOUT": "5"}, timeout=600)
    yield base
    stop_server(proc)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield browser
        browser.close()


def open_page(browser: Browser, site: str, *, javascript: bool = True, locale: str = "en-US") -> tuple[Page, list]:
    """A fresh page whose requests are all recorded; any request off 127.0.0.1 is refused and listed."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, java_script_enabled=javascript, locale=locale
    )
    outside: list[str] = []

    def only_local(route):
        url = route.request.url
        if url.startswith(site) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, [outside, errors]


@pytest.fixture
def page(browser, site) -> Iterator[Page]:
    page, (outside, errors) = open_page(browser, site)
    yield page
    page.context.close()
    assert not outside, f"requests left 127.0.0.1: {outside}"
    assert not errors, f"script errors: {errors}"


def no_serious_violations(page: Page) -> None:
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    assert not serious, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in serious
    )


def ask_on_page(page: Page, question: str) -> None:
    page.fill("#q", question)
    page.press("#q", "Enter")
    expect(page.locator("#answer article .sentence")).to_be_visible()


@pytest.mark.parametrize(
    "question, entity",
    [("클러스터 정보는 어디에 저장돼?", "etcd"), ("Which CLI works with all CRI runtimes?", "crictl")],
)
def test_ask_from_the_home_page(site, page, question, entity):
    page.goto(site + "/")
    ask_on_page(page, question)
    answer = page.locator("#answer article")
    expect(answer.locator(f'.items a[href="/resource/{entity}"]')).to_be_visible()
    expect(answer.locator("table.evidence tbody tr").first).to_be_visible()
    expect(answer.locator("details.sparql a", has_text=re.compile("editor|편집기"))).to_be_attached()
    assert "q=" in page.url  # the URL follows the answer, so it can be shared
    took = page.evaluate("performance.getEntriesByName('kubekg-ask')[0].duration")
    assert took > 0  # measured for the note by frontend/screenshots.py; not asserted against a limit
    no_serious_violations(page)


def test_ask_with_javascript_off(browser, site):
    page, (outside, _) = open_page(browser, site, javascript=False, locale="ko-KR")
    page.goto(site + "/")
    expect(page.locator("h1")).to_have_text("그래프에 물어보기")
    page.fill("#q", "쿠블렛은 누구 지시를 받아?")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"\?q="))
    expect(page.locator('#answer .items a[href="/resource/kube-apiserver"]')).to_be_visible()
    expect(page.locator("#answer table.evidence")).to_be_visible()
    page.context.close()
    assert not outside


def test_a_follow_up_question_on_the_page(site, page):
    page.goto(site + "/?lang=en")
    ask_on_page(page, "Who maintains crictl?")
    expect(page.locator('#answer .items a[href="/resource/kubernetes-community"]')).to_be_visible()
    ask_on_page(page, "What about nerdctl?")
    expect(page.locator('#answer .items a[href="/resource/containerd-community"]')).to_be_visible()


def test_editor_runs_an_example_query_and_draws_construct_results(site, page):
    page.goto(site + "/sparql")
    expect(page.locator(".yasqe .CodeMirror")).to_be_visible()
    expect(page.locator("#plain-editor")).to_be_hidden()
    page.locator("a.example-query").first.click()
    expect(page.locator(".yasr table tbody tr").first).to_be_visible()
    assert page.locator(".yasr table tbody tr").count() == 3  # the three CLIs
    no_serious_violations(page)
    page.locator("a.example-query", has_text="CONSTRUCT").click()
    page.locator(".yasr_btnGroup .select_graph").click()
    expect(page.locator("svg.construct-graph a.node-link").first).to_be_attached()


def test_editor_completes_from_the_graphs_own_vocabulary(site, page):
    page.goto(site + "/sparql")
    expect(page.locator(".yasqe .CodeMirror")).to_be_visible()
    completers = page.evaluate("Yasgui.Yasqe.defaults.autocompleters")
    assert {"kubekg-class", "kubekg-property", "kubekg-prefixes"} <= set(completers)
    assert not {"class", "property", "prefixes"} & set(completers)  # the ones that ask outside services
    page.evaluate(
        "kubekgYasgui.getTab().getYasqe().setValue('PREFIX k: <https://w3id.org/kubekg/ontology#>\\nSELECT * WHERE { ?x a k:C')"
    )
    page.evaluate(
        "(() => { const y = kubekgYasgui.getTab().getYasqe(); y.focus(); y.setCursor(y.lastLine(), 1e3); y.autocomplete(); })()"
    )
    expect(page.locator(".CodeMirror-hints li", has_text="k:CLI")).to_be_visible()


def test_editor_opens_the_query_of_an_answer(site, page):
    page.goto(site + "/?q=" + "Who maintains crictl?".replace(" ", "+"))
    page.locator("#answer details.sparql summary").click()
    page.locator("#answer details.sparql a").click()
    page.wait_for_url(re.compile(r"/sparql#"))
    expect(page.locator(".yasqe .CodeMirror")).to_contain_text("maintainedBy")


def test_entity_page_graph_expands_and_its_nodes_are_links(site, page):
    page.goto(site + "/resource/containerd?lang=ko")
    expect(page.locator("#graph-svg a.node-link").first).to_be_attached()
    before = page.locator("#graph-svg circle").count()
    assert before == page.locator("#graph-edges tbody tr").count() + 1 or before > 3
    page.locator('button.expand[data-node="https://w3id.org/kubekg/resource/crictl"]').click()
    expect(page.locator("#expand-query-text")).to_contain_text("CONSTRUCT")
    expect(page.locator('#graph-svg a[href="/resource/kubernetes-community"]')).to_be_attached()
    assert page.locator("#graph-svg circle").count() > before
    no_serious_violations(page)
    page.locator('#graph-svg a[href="/resource/crictl"]').click()
    page.wait_for_url(re.compile(r"/resource/crictl$"))
    expect(page.locator("h1")).to_contain_text("crictl")


def test_switching_language_is_kept_across_pages(site, page):
    page.goto(site + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator('header a[lang="ko"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("h1")).to_have_text("그래프에 물어보기")
    page.goto(site + "/sparql")
    expect(page.locator("h1")).to_have_text("SPARQL 편집기")
    page.locator('header a[lang="en"]').click()
    expect(page.locator("h1")).to_have_text("SPARQL editor")


def test_home_and_docs_pages_load_offline_and_are_accessible(site, page):
    page.goto(site + "/")
    no_serious_violations(page)
    page.goto(site + "/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("kubekg")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    no_serious_violations(page)

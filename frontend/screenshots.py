"""``make screenshots``: pictures of every page at 1280x800, and how soon an answer appears.

It starts ``kubekg serve`` on a free loopback port (as ``make serve`` runs it), opens each page in Debian's
chromium through Playwright, writes ``docs/screenshots/*.png``, and prints the time from pressing Enter
on the ask form to the answer being on the page (the page's own ``performance.measure``), per question.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402
from tests.live_server import start_server, stop_server  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
QUESTIONS = [
    "클러스터 정보는 어디에 저장돼?",
    "Which CLI works with all CRI runtimes?",
    "쿠블렛은 누구 지시를 받아?",
    "Who maintains nerdctl?",
    "nerdctl로 도커 컴포즈 돼요?",
    "How many control-plane components are there?",
]


def ask(page: Page, question: str) -> float:
    """Type ``question``, press Enter, wait for the answer; the page's measured milliseconds."""
    page.fill("#q", question)
    page.press("#q", "Enter")
    page.wait_for_function(
        "q => document.querySelector('#answer article') && performance.getEntriesByName('kubekg-ask').length"
        " && new URLSearchParams(location.search).get('q') === q",
        arg=question,
    )
    took = page.evaluate("performance.getEntriesByName('kubekg-ask').at(-1).duration")
    page.evaluate("performance.clearMeasures('kubekg-ask')")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the chromium binary")
    parser.add_argument("--out", type=Path, default=OUT, help="where the PNG files go")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    proc, base = start_server(timeout=600)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=args.chromium, headless=True)
            shots: list[str] = []

            def shot(page: Page, name: str) -> None:
                page.screenshot(path=str(args.out / f"{name}.png"))
                shots.append(name)

            for locale, lang in (("en-US", "en"), ("ko-KR", "ko")):
                context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale)
                page = context.new_page()
                page.goto(f"{base}/")
                shot(page, f"home-{lang}")
                page.goto(f"{base}/?lang={lang}")
                timings = [ask(page, q) for q in QUESTIONS]
                print(
                    f"answer shown after Enter ({lang} UI): " + ", ".join(f"{t:.0f}" for t in timings) + " ms; "
                    f"first {timings[0]:.0f} ms, median {statistics.median(timings):.0f} ms"
                )
                ask(page, QUESTIONS[0] if lang == "ko" else QUESTIONS[1])
                shot(page, f"answer-{lang}")
                page.goto(f"{base}/sparql")
                page.wait_for_selector(".yasqe .CodeMirror")
                page.locator("a.example-query").first.click()
                page.wait_for_selector(".yasr table tbody tr")
                shot(page, f"sparql-{lang}")
                page.goto(f"{base}/resource/containerd")
                page.wait_for_selector("#graph-svg a.node-link")
                page.locator("#graph-h").scroll_into_view_if_needed()
                shot(page, f"resource-{lang}")
                context.close()
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(f"{base}/sparql")
            page.wait_for_selector(".yasqe .CodeMirror")
            page.locator("a.example-query", has_text="CONSTRUCT").click()
            page.locator(".yasr_btnGroup .select_graph").click()
            page.wait_for_selector("svg.construct-graph a.node-link")
            page.locator("#yasgui .yasr").scroll_into_view_if_needed()
            shot(page, "sparql-construct-graph")
            page.goto(f"{base}/docs")
            page.wait_for_selector(".swagger-ui .info .title")
            shot(page, "docs")
            browser.close()
    finally:
        stop_server(proc)
    print(f"wrote {len(shots)} screenshots to {args.out}: {', '.join(shots)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

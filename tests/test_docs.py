"""The README and docs/ say what really runs: their links resolve, their commands and flags exist, and
the console examples without side effects print what the docs show."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from kubekg.cli import app
from kubekg.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def code_blocks(page: Path, kinds: tuple[str, ...] = ("console", "sh")) -> list[str]:
    return [body for kind, body in FENCE.findall(page.read_text()) if kind in kinds]


def commands(block: str) -> list[list[str]]:
    """The ``kubekg ...`` command lines of a console or shell block (continuation lines joined)."""
    found = []
    for line in block.replace("\\\n", " ").split("\n"):
        line = line.removeprefix("$ ").strip()
        line = re.sub(r"^(HF_HUB_OFFLINE=1 )?(\.venv/bin/|\S*/\.venv/bin/)?", "", line)
        if line.startswith("kubekg "):
            try:
                words = shlex.split(line, comments=True)
            except ValueError:  # a quoted query that continues on the next lines: the words before it
                words = shlex.split(line.split("'")[0], comments=True)
            found.append(words[1:])
    return found


def anchors(page: Path) -> set[str]:
    """GitHub-style anchors of a page's headings."""
    text = FENCE.sub("", page.read_text())
    out = set()
    for title in re.findall(r"^#+ (.+)$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
        out.add(slug)
    return out


def test_the_readme_is_a_front_door_that_links_every_page():
    readme = (ROOT / "README.md").read_text()
    assert len(readme.splitlines()) < 200
    linked = {Path(target).name for target in LINK.findall(readme) if target.startswith("docs/")}
    assert linked >= {p.name for p in (ROOT / "docs").glob("*.md") if p.name != "README.md"}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(page):
    for target in LINK.findall(FENCE.sub("", page.read_text())):
        if re.match(r"^[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        assert resolved.exists(), f"{page.name}: {target}"
        if anchor and resolved.suffix == ".md":
            assert anchor in anchors(resolved), f"{page.name}: no heading for #{anchor} in {resolved.name}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_repository_path_the_docs_name_exists(page):
    text = page.read_text()
    for path in set(re.findall(r"`((?:tests|benchmarks|ontology|data|service|docs)/[\w./-]+)`", text)):
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0  # made by a run
        assert ignored or (ROOT / path).exists(), f"{page.name} names {path}"


def cli_commands() -> dict:
    """The click commands behind the typer app, by name."""
    return dict(typer.main.get_command(app).commands)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_kubekg_command_and_flag_the_docs_use_exists(page):
    known = cli_commands()
    for block in code_blocks(page):
        for words in commands(block):
            if words == ["--help"]:
                continue
            name, *rest = words
            assert name in known, f"{page.name}: kubekg {name} is not a command"
            options = {o for p in known[name].params for o in (*p.opts, *p.secondary_opts)} | {"--help"}
            for word in rest:
                if word.startswith("-") and word != "-":
                    flag = word.split("=")[0]
                    assert flag in options, f"{page.name}: kubekg {name} has no option {flag}"


def test_the_docs_use_the_commands_they_are_about():
    used = {words[0] for page in PAGES for block in code_blocks(page) for words in commands(block) if words}
    assert {"sparql", "ask", "search", "eval", "stats", "validate", "tools", "mcp"} <= used


def shown_sparql_examples() -> list[tuple[str, str]]:
    """(query, output) of each ``$ kubekg sparql '...'`` whose output the docs show, read as typed."""
    examples = []
    for page in PAGES:
        for block in code_blocks(page, ("console",)):
            for match in re.finditer(r"^\$ kubekg sparql '(.*?)'\n((?:(?!\$ )[^\n]*\n)+)", block, re.M | re.S):
                examples.append((match.group(1), match.group(2).rstrip("\n")))
    return examples


def test_the_shown_sparql_examples_print_what_the_docs_show():
    examples = shown_sparql_examples()
    assert examples, "the README shows at least one kubekg sparql example with its output"
    runner = CliRunner()
    for query, shown in examples:
        result = runner.invoke(app, ["sparql", query])
        assert result.exit_code == 0, result.output
        assert result.output.rstrip("\n") == shown


def test_every_setting_is_documented():
    operations = (ROOT / "docs" / "operations.md").read_text()
    for name in Settings.model_fields:
        assert f"`KUBEKG_{name.upper()}`" in operations, name

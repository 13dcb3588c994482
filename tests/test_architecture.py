"""The package's layers import downwards only, and the top level stays small.

Every ``import`` in every module counts, including those inside functions and under ``TYPE_CHECKING``:
a layer that needs a type from above takes a protocol of its own instead (``graph.reader``).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "service" / "kubekg"

FOUNDATION = {"kubekg.errors", "kubekg.settings", "kubekg.answer_models"}
# What each layer may import besides itself and the foundation.
MAY_IMPORT: dict[str, set[str]] = {
    "foundation": set(),
    "graph": set(),
    "sparql": {"graph"},
    "search": {"graph"},
    "qa": {"graph", "sparql", "search"},
    "knowledge_base": {"graph", "sparql", "search", "qa"},
    "package": {"knowledge_base"},
    "api": {"package", "knowledge_base", "graph", "sparql", "search", "qa", "mcp", "web"},
    "web": {"package", "knowledge_base", "graph", "sparql", "search", "qa"},
    "mcp": {"package", "knowledge_base", "graph", "sparql", "search", "qa", "api"},
    "cli": {"package", "knowledge_base", "graph", "sparql", "search", "qa", "api", "mcp"},
}


def layer_of(module: str) -> str:
    if module in FOUNDATION:
        return "foundation"
    if module == "kubekg":
        return "package"
    parts = module.split(".")
    return parts[1]


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def kubekg_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of a kubekg module in ``path``; ``from kubekg import x`` counts as
    ``kubekg.x`` when x is a module, else as the package itself."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "kubekg"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kubekg":
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent / Path(*candidate.split("."))).with_suffix(".py").exists() or (
                    PACKAGE.parent / Path(*candidate.split(".")) / "__init__.py"
                ).exists()
                found.append((node.lineno, candidate if is_module else node.module))
    return found


def violations(package: Path = PACKAGE) -> list[str]:
    bad = []
    for path in sorted(package.rglob("*.py")):
        here = module_name(path)
        own = layer_of(here)
        for line, target in kubekg_imports(path):
            theirs = layer_of(target)
            if theirs in (own, "foundation") or theirs in MAY_IMPORT[own]:
                continue
            bad.append(f"{path.relative_to(package.parent)}:{line}: {own} layer imports {target} ({theirs})")
    return bad


def test_layers_import_downwards_only():
    assert violations() == []


def test_the_check_catches_an_upward_import(tmp_path, monkeypatch):
    # A copy of the real package with one upward import added must fail the same check.
    fake = tmp_path / "kubekg"
    for path in PACKAGE.rglob("*.py"):
        target = fake / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text())
    (fake / "graph" / "sneaky.py").write_text("from kubekg.qa.engine import QAEngine\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)  # module names are read relative to it
    assert violations(fake) == ["kubekg/graph/sneaky.py:1: graph layer imports kubekg.qa.engine (qa)"]


def test_every_module_belongs_to_a_known_layer():
    for path in PACKAGE.rglob("*.py"):
        assert layer_of(module_name(path)) in MAY_IMPORT, path


def test_the_top_level_stays_small():
    modules = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py")
    assert len(modules) <= 8, modules
    for sub in ("graph", "sparql", "search", "qa", "api", "mcp"):
        doc = ast.get_docstring(ast.parse((PACKAGE / sub / "__init__.py").read_text()))
        assert doc and "may use" in doc.lower(), f"{sub}/__init__.py says what the layer may use"


@pytest.mark.parametrize("name", ["KnowledgeBase", "KubekgError", "DataLoadError", "QueryError"])
def test_documented_public_imports_keep_working(name):
    import kubekg

    assert hasattr(kubekg, name)

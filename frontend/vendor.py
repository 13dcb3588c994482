"""``make vendor``: the front-end files of the web pages, rebuilt from the committed npm lock file.

It installs ``package-lock.json`` exactly (``npm ci --ignore-scripts``, in a scratch folder), copies the
files the pages load into ``service/kubekg/web/static/vendor/NAME-VERSION/`` together with each package's
licence, and writes ``manifest.json`` beside them: for every package its version, licence and the sha256
of every file. The service never reaches npm: the copied files are committed, and a test checks them
against the manifest and the manifest against the lock file.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENDOR = HERE.parent / "service" / "kubekg" / "web" / "static" / "vendor"

#: What each package contributes: the files the pages load (paths inside the npm package).
FILES: dict[str, list[str]] = {
    "@zazuko/yasgui": ["build/yasgui.min.js", "build/yasgui.min.css"],
    "d3-dispatch": ["dist/d3-dispatch.min.js"],
    "d3-quadtree": ["dist/d3-quadtree.min.js"],
    "d3-timer": ["dist/d3-timer.min.js"],
    "d3-force": ["dist/d3-force.min.js"],
    "swagger-ui-dist": ["swagger-ui-bundle.js", "swagger-ui.css"],
}
LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "NOTICE")


def folder_name(package: str, version: str) -> str:
    """``@zazuko/yasgui`` at 4.6.2 -> ``yasgui-4.6.2``: the folder (and URL path) of a vendored package."""
    return f"{package.rsplit('/', 1)[-1]}-{version}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _licence_files(source: Path, meta: dict, target: Path) -> list[Path]:
    found = [source / name for name in LICENCE_NAMES if (source / name).is_file()]
    copied = []
    for path in found:
        shutil.copyfile(path, target / path.name)
        copied.append(target / path.name)
    if not copied:  # the package states its licence only in package.json: say so, with where it comes from
        note = target / "LICENSE.txt"
        repo = meta.get("repository")
        repo = repo.get("url") if isinstance(repo, dict) else repo
        note.write_text(
            f"{meta['name']} {meta['version']} is distributed under the {meta.get('license')} licence, as its "
            f"package.json states; the npm package ships no licence text of its own.\nSource: {repo}\n",
            encoding="utf-8",
        )
        copied.append(note)
    return copied


def vendor(modules: Path, out: Path = VENDOR) -> dict:
    """Copy the files of :data:`FILES` from an installed ``node_modules`` into ``out``; returns the manifest."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    manifest: dict = {"generated_by": "make vendor (frontend/vendor.py)", "packages": {}}
    for package, files in FILES.items():
        source = modules / package
        meta = json.loads((source / "package.json").read_text(encoding="utf-8"))
        folder = folder_name(package, meta["version"])
        target = out / folder
        target.mkdir()
        copied = []
        for rel in files:
            shutil.copyfile(source / rel, target / Path(rel).name)
            copied.append(target / Path(rel).name)
        copied += _licence_files(source, meta, target)
        manifest["packages"][package] = {
            "version": meta["version"],
            "license": meta.get("license"),
            "folder": folder,
            "files": {p.name: sha256(p) for p in copied},
        }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(HERE / name, Path(scratch) / name)
        subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], cwd=scratch, check=True
        )
        manifest = vendor(Path(scratch) / "node_modules")
    for package, entry in manifest["packages"].items():
        print(f"{package} {entry['version']} -> {VENDOR.relative_to(HERE.parent)}/{entry['folder']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

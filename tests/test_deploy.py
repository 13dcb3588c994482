"""The Kubernetes manifests in deploy/kubernetes/, rendered with kustomize and checked offline.

`kubectl kustomize` renders the base and the store overlay; kubernetes-validate checks them strictly
against the Kubernetes schemas; checkov reports no failed check (a skipped one carries its reason in
the manifest). The validators come from their own virtual environment (`make test` makes it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kubekg.settings import PROJECT_ROOT, Settings

DEPLOY = PROJECT_ROOT / "deploy" / "kubernetes"
TOOLS = Path(os.environ.get("KUBEKG_DEPLOY_TOOLS", PROJECT_ROOT / ".venv-tools" / "bin"))
KUBECTL = shutil.which("kubectl")
pytestmark = pytest.mark.skipif(KUBECTL is None, reason="kubectl is not installed: it renders the kustomizations")


def tool(name: str) -> str:
    path = TOOLS / name
    if not path.exists():
        pytest.skip(f"{name} is not installed at {path} (make test installs it from deploy/validate-requirements.txt)")
    return str(path)


@pytest.fixture(scope="module", params=["base", "overlays/store"])
def rendered(request, tmp_path_factory) -> tuple[str, Path, list[dict]]:
    out = tmp_path_factory.mktemp("k8s") / "rendered.yaml"
    text = subprocess.run(
        [KUBECTL, "kustomize", str(DEPLOY / request.param)], check=True, capture_output=True, text=True
    )
    out.write_text(text.stdout)
    return request.param, out, [d for d in yaml.safe_load_all(text.stdout) if d]


def kinds(docs: list[dict]) -> dict[str, dict]:
    return {f"{d['kind']}/{d['metadata']['name']}": d for d in docs}


def test_the_manifests_hold_what_a_stateless_replica_needs(rendered):
    name, _, docs = rendered
    found = kinds(docs)
    for wanted in ("Namespace/kubekg", "Deployment/kubekg", "Service/kubekg", "HorizontalPodAutoscaler/kubekg",
                   "PodDisruptionBudget/kubekg", "NetworkPolicy/kubekg", "ServiceAccount/kubekg"):  # fmt: skip
        assert wanted in found, f"{name} lacks {wanted}"
    assert all(d["metadata"].get("namespace") == "kubekg" for d in docs if d["kind"] != "Namespace")
    pod = found["Deployment/kubekg"]["spec"]["template"]["spec"]
    assert pod["automountServiceAccountToken"] is False and pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"]["type"] == "RuntimeDefault"
    container = pod["containers"][0]
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] and not security["allowPrivilegeEscalation"]
    assert security["capabilities"]["drop"] == ["ALL"]
    for probe in ("startupProbe", "readinessProbe"):
        assert container[probe]["httpGet"]["path"] == "/health", probe
    assert "livenessProbe" in container
    assert {"cpu", "memory"} <= set(container["resources"]["requests"]) & set(container["resources"]["limits"])
    assert found["HorizontalPodAutoscaler/kubekg"]["spec"]["metrics"][0]["resource"]["name"] == "cpu"


def test_the_store_overlay_points_kubekg_at_read_only_oxigraph_replicas():
    docs = [d for d in yaml.safe_load_all(subprocess.run(
        [KUBECTL, "kustomize", str(DEPLOY / "overlays" / "store")], check=True, capture_output=True, text=True
    ).stdout) if d]  # fmt: skip
    found = kinds(docs)
    env = {
        e["name"]: e.get("value")
        for e in found["Deployment/kubekg"]["spec"]["template"]["spec"]["containers"][0]["env"]
    }
    assert Settings(store=env["KUBEKG_STORE"]).store == "http://oxigraph:7878/query"
    store = found["StatefulSet/oxigraph"]["spec"]["template"]["spec"]
    assert [c["name"] for c in store["initContainers"]] == ["export", "load"]
    assert store["initContainers"][0]["args"][:1] == ["export"]
    assert store["containers"][0]["args"][0] == "serve-read-only"
    assert (
        found["NetworkPolicy/oxigraph"]["spec"]["ingress"][0]["from"][0]["podSelector"]["matchLabels"][
            "app.kubernetes.io/component"
        ]
        == "api"
    )


def test_kubernetes_validate_strict_passes(rendered):
    name, path, _ = rendered
    done = subprocess.run(
        [tool("kubernetes-validate"), "--strict", "--quiet", str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, f"{name}: {done.stdout}{done.stderr}"


def test_checkov_finds_no_failed_check_and_every_skip_says_why(rendered):
    name, path, docs = rendered
    done = subprocess.run(
        [tool("checkov"), "-f", str(path), "--framework", "kubernetes", "--skip-download", "--quiet", "-o", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_NO_OUTPUT_COLOR": "1"},
    )
    report = json.loads(done.stdout)
    report = report[0] if isinstance(report, list) else report
    failed = report.get("results", {}).get("failed_checks", [])
    assert not failed, f"{name}: " + "; ".join(f"{c['check_id']} {c['resource']}" for c in failed)
    for doc in docs:
        for key, value in (doc["metadata"].get("annotations") or {}).items():
            if key.startswith("checkov.io/skip"):
                check, _, reason = value.partition("=")
                assert check.startswith("CKV_") and len(reason.split()) >= 5, value

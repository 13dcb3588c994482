"""Every group of the note's facts, checked by SPARQL against the loaded (inferred) graph."""

from __future__ import annotations

import pytest

from tests.conftest import ask, iris

KR = "https://w3id.org/kubekg/resource/"


def resp(entity: str, pattern: str) -> str:
    """ASK: ``entity`` is responsible for something whose English label matches ``pattern``."""
    return f"""ASK {{ kr:{entity} k:responsibleFor ?r . ?r rdfs:label ?l .
                      FILTER(LANG(?l) = "en" && REGEX(?l, "{pattern}", "i")) }}"""


FACTS = {
    # control plane
    "master node manages/plans/schedules/monitors": resp("master-node", "monitor"),
    "apiserver orchestrates all cluster operations": resp("kube-apiserver", "orchestrat"),
    "etcd stores cluster information": resp("etcd", "cluster (information|data|state)|information"),
    "etcd is a key-value store": resp("etcd", "key.value"),
    "scheduler picks the node for a container": resp("kube-scheduler", "node"),
    "controller-manager runs controllers": resp("kube-controller-manager", "controller"),
    "node-controller onboards nodes": resp("node-controller", "onboard|new node"),
    "node-controller handles unavailable nodes": resp("node-controller", "unavailable|destroyed"),
    "replication-controller keeps desired replicas": resp("replication-controller", "desired|replica"),
    "node-controller is part of kube-controller-manager": "ASK { kr:node-controller k:partOf kr:kube-controller-manager }",
    "replication-controller is part of kube-controller-manager": "ASK { kr:replication-controller k:partOf kr:kube-controller-manager }",
    "controller-manager has parts (inverse inferred)": "ASK { kr:kube-controller-manager k:hasPart kr:node-controller }",
    # worker nodes
    "worker nodes host applications as containers": resp("worker-node", "container"),
    "container runtime engine examples": "ASK { kr:container-runtime-engine k:hasExample kr:docker , kr:rkt }",
    "kubelet follows kube-apiserver": "ASK { kr:kubelet k:takesInstructionsFrom kr:kube-apiserver }",
    "kubelet manages containers and kube-proxy": "ASK { kr:kubelet k:manages kr:container , kr:kube-proxy }",
    "kubelet deploys and removes containers": resp("kubelet", "deploy|destroy|remov"),
    "apiserver pulls kubelet status reports": "ASK { kr:kubelet k:reportsStatusTo kr:kube-apiserver }",
    "kube-proxy enables communication between nodes": resp("kube-proxy", "communicat"),
    "kube-proxy sets up rules on each node": resp("kube-proxy", "rule"),
    "worker node hosts kubelet (inverse inferred)": "ASK { kr:worker-node k:hostsComponent kr:kubelet }",
    # CRI / OCI / dockershim / containerd
    "kubernetes once supported only docker": "ASK { kr:kubernetes k:initiallySupportedOnly kr:docker }",
    "CRI lets OCI runtimes work with kubernetes": "ASK { kr:cri k:requiresConformanceTo kr:oci }",
    "OCI standardises containers": resp("oci", "standard"),
    "image-spec defines how images are built": resp("oci-image-spec", "image"),
    "runtime-spec defines how runtimes are developed": resp("oci-runtime-spec", "runtime"),
    "image-spec and runtime-spec are part of OCI": "ASK { kr:oci-image-spec k:partOf kr:oci . kr:oci-runtime-spec k:partOf kr:oci }",
    "dockershim kept docker supported": "ASK { kr:dockershim k:providesSupportFor kr:docker }",
    "dockershim removed in v1.24": """ASK { kr:dockershim k:removedIn ?v . ?v rdfs:label ?l
                                           FILTER(CONTAINS(STR(?l), "1.24")) }""",
    "docker does not implement CRI": "ASK { FILTER NOT EXISTS { kr:docker k:implements kr:cri } }",
    "containerd is CRI-compatible": "ASK { kr:containerd k:implements kr:cri }",
    "containerd was part of docker": "ASK { kr:containerd k:formerlyPartOf kr:docker }",
    "containerd usable without docker": "ASK { kr:containerd k:usableIndependentlyOf kr:docker }",
    # the CLI table
    "ctr: debugging, containerd community, works with containerd": """ASK {
        kr:ctr k:purpose kr:purpose-debugging ; k:maintainedBy kr:containerd-community ; k:worksWith kr:containerd }""",
    "nerdctl: general purpose, containerd community, works with containerd": """ASK {
        kr:nerdctl k:purpose kr:purpose-general ; k:maintainedBy kr:containerd-community ; k:worksWith kr:containerd }""",
    "crictl: debugging, kubernetes community, all CRI runtimes": """ASK {
        kr:crictl k:purpose kr:purpose-debugging ; k:maintainedBy kr:kubernetes-community ;
                  k:worksWithImplementationsOf kr:cri }""",
    # ctr
    "ctr is installed with containerd": "ASK { kr:ctr k:installation kr:install-bundled-with-containerd }",
    "ctr limitations": """ASK { kr:ctr k:hasLimitation kr:limitation-limited-features ,
                                  kr:limitation-not-user-friendly , kr:limitation-not-for-production }""",
    "ctr example commands": "ASK { kr:ctr k:exampleCommand kr:cmd-ctr-images-pull , kr:cmd-ctr-run }",
    # nerdctl
    "nerdctl improves on ctr and resembles docker": "ASK { kr:nerdctl k:improvesOn kr:ctr ; k:resembles kr:docker }",
    "nerdctl features": """ASK { kr:nerdctl k:hasFeature kr:feature-docker-compatible-cli , kr:feature-compose ,
        kr:feature-encrypted-images , kr:feature-lazy-pulling , kr:feature-p2p-image-distribution ,
        kr:feature-image-signing , kr:feature-kubernetes-namespaces }""",
    "nerdctl examples": "ASK { kr:nerdctl k:exampleCommand kr:cmd-nerdctl-run-redis , kr:cmd-nerdctl-run-webserver }",
    # crictl
    "crictl separate install": "ASK { kr:crictl k:installation kr:install-separately }",
    "crictl is pod-aware": "ASK { kr:crictl k:hasFeature kr:feature-pod-awareness }",
    "crictl is not for creating containers": "ASK { kr:crictl k:hasLimitation kr:limitation-not-for-creating-containers }",
    "crictl examples": """ASK { kr:crictl k:exampleCommand kr:cmd-crictl-pull , kr:cmd-crictl-images , kr:cmd-crictl-ps ,
        kr:cmd-crictl-exec , kr:cmd-crictl-logs , kr:cmd-crictl-pods }""",
    "the signing and namespace features are not crictl's (the note misprints them)": "ASK { FILTER NOT EXISTS { kr:crictl k:hasFeature kr:feature-image-signing } }",
}


@pytest.mark.parametrize("query", FACTS.values(), ids=FACTS.keys())
def test_fact(kb, query):
    assert ask(kb, query)


def test_four_control_plane_components_on_the_master_node(kb):
    found = iris(kb, "SELECT ?x WHERE { ?x a k:ControlPlaneComponent ; k:runsOn kr:master-node }")
    assert found == {KR + n for n in ("kube-apiserver", "etcd", "kube-scheduler", "kube-controller-manager")}


def test_node_components_on_worker_nodes(kb):
    found = iris(kb, "SELECT ?x WHERE { ?x a k:NodeComponent ; k:runsOn kr:worker-node }")
    assert found == {KR + n for n in ("container-runtime-engine", "kubelet", "kube-proxy")}


def test_subclass_membership_is_inferred(kb):
    assert ask(kb, "ASK { kr:etcd a k:Component . kr:kubelet a k:Component . kr:master-node a k:Node }")


def test_the_three_clis(kb):
    assert iris(kb, "SELECT ?x WHERE { ?x a k:CLI }") == {KR + n for n in ("ctr", "nerdctl", "crictl")}

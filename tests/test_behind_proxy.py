"""kubekg behind a real reverse proxy (Debian's nginx) on the sub-path /kg/.

The proxy strips the prefix and says the original scheme in X-Forwarded-Proto; kubekg runs with
``KUBEKG_ROOT_PATH=/kg``. Page links, the OpenAPI docs, /mcp, /sparql's base IRI and the resource pages
must all work under the prefix.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.live_server import LIVE_SETTINGS, free_port, start_server, stop_server
from tests.test_web_pages import HTML, links_of

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make test installs it with apt as root)")

CONFIG = """daemon off;
pid {home}/nginx.pid;
error_log {home}/error.log;
events {{}}
http {{
  access_log off;
  client_body_temp_path {home}/body; proxy_temp_path {home}/proxy; fastcgi_temp_path {home}/fastcgi;
  uwsgi_temp_path {home}/uwsgi; scgi_temp_path {home}/scgi;
  server {{
    listen 127.0.0.1:{port};
    location /kg/ {{
      proxy_pass http://127.0.0.1:{upstream}/;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto https;
      proxy_http_version 1.1;
      proxy_buffering off;
    }}
  }}
}}
"""


@pytest.fixture(scope="module")
def proxied(kb, tmp_path_factory) -> Iterator[str]:  # kb: the index cache is written before a question
    proc, base = start_server(env={**LIVE_SETTINGS, "KUBEKG_ROOT_PATH": "/kg"})
    home = tmp_path_factory.mktemp("nginx")
    port = free_port()
    (home / "nginx.conf").write_text(CONFIG.format(home=home, port=port, upstream=base.rsplit(":", 1)[1]))
    nginx = subprocess.Popen([NGINX, "-c", str(home / "nginx.conf"), "-p", str(home)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/kg"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield url
    nginx.terminate()
    nginx.wait(timeout=15)
    stop_server(proc)


def test_pages_link_under_the_prefix(proxied):
    for path in ("/", "/?q=Who+maintains+crictl%3F", "/sparql", "/resource/crictl", "/docs"):
        page = httpx.get(proxied + path, headers=HTML, timeout=120)  # the first question builds the QA engine
        assert page.status_code == 200, path
        for url in links_of(page.text).urls:
            assert url.startswith(("/kg/", "#")), f"{path} links to {url}"
        for url in links_of(page.text).urls:
            if url.startswith("/kg/static/"):
                assert httpx.get(proxied[: -len("/kg")] + url).status_code == 200, url
    switch = httpx.get(proxied + "/resource/crictl", headers=HTML).text
    assert 'href="/kg/resource/crictl?lang=ko"' in switch


def test_openapi_and_docs_know_the_prefix(proxied):
    docs = httpx.get(proxied + "/docs").text
    assert '"url": "/kg/openapi.json"' in docs
    assert httpx.get(proxied + "/openapi.json").json()["servers"] == [{"url": "/kg"}]


def test_sparql_resolves_against_the_public_url(proxied):
    base = httpx.get(
        proxied + "/sparql", params={"query": "SELECT ?b WHERE { BIND(<x> AS ?b) }"}, headers={"accept": "text/csv"}
    )
    host = proxied.split("//", 1)[1].split("/", 1)[0]
    assert base.text.split()[-1] == f"https://{host}/kg/x"  # the proxy's scheme, host and prefix
    description = httpx.get(proxied + "/sparql", headers={"accept": "text/turtle"}).text
    assert f"<https://{host}/kg/sparql>" in description
    editor = httpx.get(proxied + "/sparql", headers=HTML).text
    assert re.search(r'"endpoint": "/kg/sparql"', editor)


def test_ask_resources_and_mcp_work_under_the_prefix(proxied):
    answer = httpx.get(proxied + "/ask", params={"q": "Who maintains crictl?"}, timeout=120).json()
    assert answer["answers"][0]["iri"] == "https://w3id.org/kubekg/resource/kubernetes-community"
    turtle = httpx.get(proxied + "/resource/crictl", headers={"accept": "text/turtle"})
    assert turtle.status_code == 200 and "kubernetes-community" in turtle.text
    initialize = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}},
    }
    mcp = httpx.post(proxied + "/mcp", json=initialize, headers={"accept": "application/json, text/event-stream"})
    assert mcp.status_code == 200 and mcp.json()["result"]["serverInfo"]["name"] == "kubekg"

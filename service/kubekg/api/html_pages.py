"""The two HTML pages of the service: the SPARQL query form and an entity's linked-data page.

Plain HTML with a little inline CSS and script; no external assets, so the pages work offline.
Every value from the graph is escaped.
"""

from __future__ import annotations

from html import escape

from kubekg.graph.namespaces import INFERRED_GRAPH
from kubekg.graph.rdf_terms import curie
from kubekg.graph.resource_view import Fact, Node, ResourceDescription

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{margin-bottom:.2rem} .ko{color:#555} .muted{color:#777;font-size:.9em}
table{border-collapse:collapse;width:100%}
td,th{border-top:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
textarea{width:100%;font:14px monospace} pre{background:#f6f6f6;padding:.6rem;overflow:auto;white-space:pre-wrap}
blockquote{margin:.4rem 0 .8rem 1rem;padding-left:.8rem;border-left:3px solid #ccc}
"""


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body>{body}</body></html>"
    )


_EXAMPLE_QUERY = """PREFIX k: <https://w3id.org/kubekg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?cli ?label WHERE {
  ?cli a k:CLI ; rdfs:label ?label .
  FILTER(LANG(?label) = "en")
} ORDER BY ?cli"""

_QUERY_SCRIPT = """
document.getElementById('f').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const out = document.getElementById('out');
  out.textContent = 'running…';
  const body = new URLSearchParams({query: document.getElementById('q').value});
  const resp = await fetch(location.pathname, {method: 'POST', body,
    headers: {'Accept': document.getElementById('accept').value}});
  const cut = resp.headers.get('X-Kubekg-Truncated') === 'true' ? ' (truncated)' : '';
  out.textContent = resp.status + ' ' + (resp.headers.get('Content-Type') || '') + cut + '\\n\\n' + await resp.text();
});
"""


def query_page(endpoint: str) -> str:
    """A form that sends a query to ``endpoint`` and shows the response (works without script too)."""
    accepts = [
        ("application/sparql-results+json, text/turtle;q=0.9", "JSON / Turtle"),
        ("application/sparql-results+xml, application/rdf+xml;q=0.9", "XML / RDF/XML"),
        ("text/csv, application/n-triples;q=0.9", "CSV / N-Triples"),
        ("text/tab-separated-values, application/ld+json;q=0.9", "TSV / JSON-LD"),
    ]
    options = "".join(f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in accepts)
    body = f"""
<h1>kubekg SPARQL endpoint</h1>
<p class="muted">SPARQL 1.1 Protocol at <code>{escape(endpoint)}</code>: GET <code>?query=</code>, POST form or
<code>application/sparql-query</code>. Read-only; no <code>SERVICE</code>; queries have a time limit and a row cap.
Entities have pages: <a href="resource/crictl">/resource/crictl</a>.</p>
<form id="f" method="get" action="{escape(endpoint)}">
<textarea id="q" name="query" rows="12" spellcheck="false">{escape(_EXAMPLE_QUERY)}</textarea>
<p>Result format (SELECT/ASK / CONSTRUCT/DESCRIBE): <select id="accept">{options}</select>
<button type="submit">Run query</button></p>
</form>
<pre id="out"></pre>
<script>{_QUERY_SCRIPT}</script>"""
    return _page("kubekg SPARQL", body)


def _node_html(node: Node, base: str) -> str:
    if not node.is_iri:
        lang = f' <span class="muted">@{escape(node.lang)}</span>' if node.lang else ""
        return f"{escape(node.value)}{lang}"
    en, ko = node.label("en"), node.label("ko")
    text = escape(en) + (f' <span class="ko">· {escape(ko)}</span>' if ko != en else "")
    if (name := node.local_name) is not None:
        return f'<a href="{escape(base + name)}" title="{escape(node.value)}">{text}</a>'
    return f'<span title="{escape(node.value)}">{text}</span>'


def _where(fact: Fact) -> str:
    if fact.inferred:
        return '<span class="muted">inferred</span>'
    sections = [g.rsplit("/", 1)[-1] for g in fact.graphs if g != INFERRED_GRAPH]
    return " ".join(f'<a href="#src-{escape(s)}">{escape(s)}</a>' for s in sections)


def _facts_table(facts: list[Fact], base: str, heading: str) -> str:
    if not facts:
        return ""
    rows = "".join(
        f"<tr><td>{_node_html(f.predicate, base)}</td><td>{_node_html(f.other, base)}</td><td>{_where(f)}</td></tr>"
        for f in facts
    )
    return f"<h2>{heading}</h2><table><tr><th>relation</th><th>value</th><th>source</th></tr>{rows}</table>"


def resource_page(view: ResourceDescription, base: str) -> str:
    """The page of one entity; ``base`` is the path prefix of resource pages (``/resource/``)."""
    en, ko = view.labels.get("en", view.name), view.labels.get("ko")
    title = escape(en) + (f' <span class="ko">· {escape(ko)}</span>' if ko and ko != en else "")
    types = ", ".join(_node_html(t, base) for t in view.types)
    definitions = "".join(
        f'<p lang="{escape(lang)}">{escape(text)}</p>' for lang, text in sorted(view.definitions.items())
    )
    alt = "; ".join(
        f"{escape(', '.join(v))} <span class='muted'>@{escape(k)}</span>" for k, v in view.alt_labels.items()
    )
    sources = "".join(
        f'<h3 id="src-{escape(s.graph.rsplit("/", 1)[-1])}">{escape(s.titles.get("en", ""))}'
        f' <span class="ko">· {escape(s.titles.get("ko", ""))}</span>'
        f' <span class="muted">{escape(curie(s.graph))}</span></h3>'
        + "".join(f'<blockquote lang="{escape(lang)}">{escape(text)}</blockquote>' for lang, text in s.passages.items())
        for s in view.sources
    )
    formats = " · ".join(
        f'<a href="{escape(base + view.name)}?format={f}">{label}</a>'
        for f, label in (("turtle", "Turtle"), ("jsonld", "JSON-LD"), ("ntriples", "N-Triples"))
    )
    body = f"""
<h1>{title}</h1>
<p class="muted"><code>{escape(view.iri)}</code> · {types}</p>
{definitions}
{f"<p><b>Also called:</b> {alt}</p>" if alt else ""}
{_facts_table(view.facts, base, "Facts")}
{_facts_table(view.incoming, base, "Referenced by")}
{f"<h2>Sources</h2>{sources}" if sources else ""}
<p class="muted">As RDF: {formats} (or ask with an <code>Accept</code> header).
<a href="../sparql">SPARQL endpoint</a></p>"""
    return _page(f"{en} — kubekg", body)

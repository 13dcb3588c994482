// The neighbourhood graph of an entity page: drawn from the page's own data, and grown by "expand",
// which runs the CONSTRUCT query shown on the page and adds its nodes and edges to the drawing and table.
(() => {
  const dataEl = document.getElementById("graph-data");
  const configEl = document.getElementById("graph-config");
  if (!dataEl || !configEl || !window.d3 || !window.kubekgGraph) return;
  const data = JSON.parse(dataEl.textContent);
  const config = JSON.parse(configEl.textContent);
  for (const n of data.nodes) n.href = n.name ? config.resource + n.name : null;

  const figure = document.getElementById("graph");
  figure.hidden = false;
  const graph = kubekgGraph.create(document.getElementById("graph-svg"), { lang: config.lang });
  graph.add(data);
  const table = document.querySelector("#graph-edges tbody");
  const expanded = new Set([data.nodes.find((n) => n.centre).id]);

  function cell(node) {
    const td = document.createElement("td");
    td.lang = node.lang || config.lang;
    if (node.href) {
      const a = document.createElement("a");
      a.href = node.href;
      a.textContent = node.label;
      td.appendChild(a);
    } else {
      td.textContent = node.label;
    }
    return td;
  }

  function button(node) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "expand";
    b.dataset.node = node.id;
    b.textContent = config.expand;
    b.setAttribute("aria-label", config.expandLabel.replace("{label}", node.label));
    b.addEventListener("click", () => expand(node.id, b));
    return b;
  }

  async function expand(iri, trigger) {
    if (expanded.has(iri)) return;
    expanded.add(iri);
    const query = config.query.split(config.slot).join(iri);
    document.getElementById("expand-query-text").textContent = query;
    const details = document.getElementById("expand-query");
    details.hidden = false;
    details.open = true;
    const response = await fetch(config.endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: "application/n-triples" },
      body: query,
    });
    const found = kubekgGraph.fromTriples(kubekgGraph.parseNTriples(await response.text()), config.lang, config.resource, config.namespace, config.prefixes);
    graph.add(found);
    const byId = new Map(found.nodes.map((n) => [n.id, n]));
    const known = new Set([...table.querySelectorAll("button.expand")].map((b) => b.dataset.node));
    for (const edge of found.edges) {
      const key = `${edge.source} ${edge.predicate} ${edge.target}`;
      if (table.querySelector(`tr[data-edge="${CSS.escape(key)}"]`)) continue;
      const row = document.createElement("tr");
      row.dataset.edge = key;
      const relation = document.createElement("td");
      relation.textContent = edge.label;
      const other = edge.source === iri ? byId.get(edge.target) : byId.get(edge.source);
      const last = document.createElement("td");
      if (other && !known.has(other.id) && !expanded.has(other.id)) {
        last.appendChild(button(other));
        known.add(other.id);
      }
      row.append(cell(byId.get(edge.source)), relation, cell(byId.get(edge.target)), last);
      table.appendChild(row);
    }
    if (trigger) trigger.disabled = true;
  }

  for (const b of document.querySelectorAll("button.expand")) {
    b.hidden = false;
    b.addEventListener("click", () => expand(b.dataset.node, b));
  }
})();

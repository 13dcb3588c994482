// A small node-link drawing in SVG with d3-force: each node a link to its page, each edge labelled.
// Used by the entity pages (their neighbourhood) and by the SPARQL editor (CONSTRUCT results).
(() => {
  const SVG = "http://www.w3.org/2000/svg";
  const RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label";

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    if (parent) parent.appendChild(node);
    return node;
  }

  function localName(iri) {
    return iri.replace(/[/#]$/, "").split(/[/#]/).pop();
  }

  // A short name for an IRI without a label: prefix:local where a prefix fits, else its last segment.
  function shortName(iri, prefixes) {
    let best = null;
    for (const [prefix, namespace] of Object.entries(prefixes || {})) {
      if (iri.startsWith(namespace) && iri.length > namespace.length && (!best || namespace.length > best[1].length)) best = [prefix, namespace];
    }
    return best ? `${best[0]}:${iri.slice(best[1].length)}` : localName(iri);
  }

  // {nodes, edges} from triples [{subject, predicate, object, objectIsIri, objectLang}]: rdfs:label
  // triples name the nodes and relations (in `lang` when there is one), the rest become edges.
  function fromTriples(triples, lang, resourceBase, resourceNamespace, prefixes) {
    const labels = new Map();
    for (const t of triples) {
      if (t.predicate !== RDFS_LABEL || t.objectIsIri) continue;
      if (!labels.has(t.subject) || t.objectLang === lang) labels.set(t.subject, { text: t.object, lang: t.objectLang || "en" });
    }
    const nodes = new Map();
    const node = (iri) => {
      if (!nodes.has(iri)) {
        const label = labels.get(iri);
        const name = iri.startsWith(resourceNamespace) ? iri.slice(resourceNamespace.length) : null;
        nodes.set(iri, {
          id: iri,
          label: label ? label.text : name ? name : shortName(iri, prefixes),
          lang: label ? label.lang : "en",
          name,
          href: name && !name.includes("/") ? resourceBase + name : null,
        });
      }
      return nodes.get(iri);
    };
    const edges = [];
    for (const t of triples) {
      if (t.predicate === RDFS_LABEL || !t.objectIsIri) continue;
      node(t.subject);
      node(t.object);
      const label = labels.get(t.predicate);
      edges.push({ source: t.subject, target: t.object, predicate: t.predicate, label: label ? label.text : shortName(t.predicate, prefixes) });
    }
    return { nodes: [...nodes.values()], edges };
  }

  // N-Triples (what the endpoint returns for a CONSTRUCT) as triples for fromTriples.
  const TRIPLE = /^(<[^>]*>|_:\S+)\s+<([^>]*)>\s+(<[^>]*>|_:\S+|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<[^>]*>)?)\s*\.\s*$/;
  function parseNTriples(text) {
    const triples = [];
    for (const line of text.split("\n")) {
      const m = TRIPLE.exec(line.trim());
      if (!m) continue;
      const isIri = m[3].startsWith("<");
      const literal = m[4] !== undefined ? JSON.parse(`"${m[4].replace(/\\U([0-9A-Fa-f]{8})/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))}"`) : null;
      triples.push({
        subject: m[1].replace(/^<|>$/g, ""),
        predicate: m[2],
        object: isIri ? m[3].slice(1, -1) : literal !== null ? literal : m[3],
        objectIsIri: isIri,
        objectLang: m[5] || null,
      });
    }
    return triples;
  }

  function create(svg, options) {
    const lang = (options && options.lang) || document.documentElement.lang;
    const nodes = new Map();
    const edges = new Map();
    const width = 900;
    const height = 480;

    function layout() {
      const list = [...nodes.values()];
      const links = [...edges.values()].map((e) => ({ ...e }));
      for (const n of list) if (n.centre) Object.assign(n, { fx: width / 2, fy: height / 2 });
      const simulation = d3
        .forceSimulation(list)
        .force("link", d3.forceLink(links).id((d) => d.id).distance(150))
        .force("charge", d3.forceManyBody().strength(-600))
        .force("collide", d3.forceCollide(52))
        .force("x", d3.forceX(width / 2).strength(0.04))
        .force("y", d3.forceY(height / 2).strength(0.07))
        .stop();
      for (let i = 0; i < 300; i += 1) simulation.tick(); // laid out once, not animated
      return links;
    }

    function render(links) {
      for (const child of [...svg.children]) if (child.tagName !== "title") child.remove();
      const list = [...nodes.values()];
      const xs = list.map((n) => n.x);
      const ys = list.map((n) => n.y);
      const pad = 70;
      const [x0, x1] = [Math.min(...xs) - pad, Math.max(...xs) + pad];
      const [y0, y1] = [Math.min(...ys) - pad / 2, Math.max(...ys) + pad / 2];
      svg.setAttribute("viewBox", `${x0} ${y0} ${Math.max(x1 - x0, 200)} ${Math.max(y1 - y0, 160)}`);
      const defs = el("defs", {}, svg);
      const marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "27", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
      el("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow" }, marker);
      const edgeLayer = el("g", { class: "edges", "aria-hidden": "true" }, svg);
      for (const link of links) {
        const { source: s, target: t } = link;
        el("line", { x1: s.x, y1: s.y, x2: t.x, y2: t.y, class: link.inferred ? "edge inferred" : "edge", "marker-end": "url(#arrow)" }, edgeLayer);
        // beside the line, on its left as it runs: the labels of a pair of opposite edges do not overlap
        const length = Math.hypot(t.x - s.x, t.y - s.y) || 1;
        const [nx, ny] = [(s.y - t.y) / length, (t.x - s.x) / length];
        const at = { x: (s.x + t.x) / 2 + nx * 9, y: (s.y + t.y) / 2 + ny * 9 + 4 };
        const text = el("text", { x: at.x, y: at.y, class: "edge-label", "text-anchor": "middle", lang }, edgeLayer);
        text.textContent = link.label;
      }
      const nodeLayer = el("g", { class: "nodes" }, svg);
      for (const n of list) {
        const holder = n.href ? el("a", { href: n.href, class: "node-link" }, nodeLayer) : el("g", {}, nodeLayer);
        el("circle", { cx: n.x, cy: n.y, r: n.centre ? 20 : 15, class: n.centre ? "node centre" : "node" }, holder);
        const text = el("text", { x: n.x, y: n.y + (n.centre ? 36 : 30), class: "node-label", "text-anchor": "middle", lang: n.lang || lang }, holder);
        text.textContent = n.label;
      }
    }

    return {
      add(data) {
        const fresh = [];
        for (const n of data.nodes) {
          if (!nodes.has(n.id)) {
            nodes.set(n.id, { ...n });
            fresh.push(n);
          }
        }
        for (const e of data.edges) {
          const key = `${e.source} ${e.predicate} ${e.target}`;
          if (!edges.has(key)) edges.set(key, { ...e });
        }
        render(layout());
        return fresh;
      },
      size() {
        return { nodes: nodes.size, edges: edges.size };
      },
    };
  }

  window.kubekgGraph = { create, fromTriples, parseNTriples };
})();

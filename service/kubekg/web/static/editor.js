// The SPARQL editor: YASGUI over this service's endpoint only, completing the graph's own prefixes,
// classes and properties (never an outside vocabulary service), with the page's example queries and a graph view
// of CONSTRUCT results.
(() => {
  const configEl = document.getElementById("editor-config");
  if (!configEl || !window.Yasgui) return;
  const config = JSON.parse(configEl.textContent);
  const { Yasqe, Yasr } = Yasgui;
  const vocabulary = config.vocabulary;

  // Completion from the served graph: the class and property completers, with their lists replaced.
  Yasqe.forkAutocompleter("class", { name: "kubekg-class", bulk: true, get: () => vocabulary.classes, persistenceId: null });
  Yasqe.forkAutocompleter("property", { name: "kubekg-property", bulk: true, get: () => vocabulary.properties, persistenceId: null });
  const prefixes = Object.entries(vocabulary.prefixes).map(([prefix, namespace]) => `${prefix}: <${namespace}>`);
  Yasqe.forkAutocompleter("prefixes", { name: "kubekg-prefixes", get: () => prefixes, persistenceId: null });
  const replaced = new Set(["class", "property", "prefixes"]);
  Yasqe.defaults.autocompleters = Yasqe.defaults.autocompleters.filter((name) => !replaced.has(name));

  class GraphView {
    constructor(yasr) {
      this.yasr = yasr;
      this.priority = 5;
      this.label = config.graphLabel;
    }
    canHandleResults() {
      const results = this.yasr.results;
      return Boolean(results && results.getType && results.getType() === "ttl" && window.d3 && window.kubekgGraph);
    }
    getIcon() {
      const icon = document.createElement("span");
      icon.textContent = "◉";
      icon.setAttribute("aria-hidden", "true");
      return icon;
    }
    draw() {
      const triples = this.yasr.results.getStatements().map((q) => ({
        subject: q.subject.value,
        predicate: q.predicate.value,
        object: q.object.value,
        objectIsIri: q.object.termType === "NamedNode",
        objectLang: q.object.language || null,
      }));
      const data = kubekgGraph.fromTriples(triples, document.documentElement.lang, config.resource, config.namespace, vocabulary.prefixes);
      const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("class", "construct-graph");
      svg.setAttribute("role", "group");
      svg.setAttribute("aria-label", config.graphLabel);
      this.yasr.resultsEl.appendChild(svg);
      kubekgGraph.create(svg, { lang: document.documentElement.lang }).add(data);
    }
  }
  Yasr.registerPlugin("graph", GraphView);

  document.getElementById("plain-editor").hidden = true;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST", acceptHeaderGraph: "application/n-triples,*/*;q=0.9" },
    endpointCatalogueOptions: { getData: () => [{ endpoint: config.endpoint }] },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    yasqe: { value: config.first, persistenceId: null },
    yasr: { pluginOrder: ["table", "graph", "response"], defaultPlugin: "table", persistenceId: null },
  });
  window.kubekgYasgui = yasgui;

  // YASGUI leaves some controls without a name and puts its "+" button in the tab list: name them in the
  // UI language, and give the button the tab role, whenever YASGUI (re)draws them.
  const labels = config.labels;
  function name(selector, label) {
    for (const el of document.querySelectorAll(selector)) if (!el.getAttribute("aria-label")) el.setAttribute("aria-label", label);
  }
  function patch() {
    name("#yasgui input.autocomplete", labels.endpoint);
    name("#yasgui .CodeMirror textarea", labels.query);
    name("#yasgui select.tableSizer", labels.pageSize);
    name("#yasgui input.tableFilter", labels.filter);
    name("#yasgui .tabsList a[role=tab] input", labels.tabName);
    name("#yasgui .tabsList .addTab", labels.addTab);
    for (const el of document.querySelectorAll("#yasgui .tabsList .addTab")) el.setAttribute("role", "tab");
  }
  patch();
  new MutationObserver(patch).observe(document.getElementById("yasgui"), { childList: true, subtree: true });

  for (const link of document.querySelectorAll("a.example-query")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const tab = yasgui.getTab();
      tab.setQuery(link.dataset.query);
      tab.query();
    });
  }
})();

// The ask form answers in place: it fetches the server-rendered answer (the same URL the form would
// load, with X-Kubekg-Partial: answer), swaps it in, keeps the follow-up context, and updates the URL.
(() => {
  const form = document.getElementById("ask-form");
  const region = document.getElementById("answer");
  if (!form || !region || !window.fetch || !window.history) return;

  function keepContext(article) {
    let hidden = document.getElementById("ask-context");
    const value = article ? article.dataset.context : "";
    if (!value) {
      if (hidden) hidden.remove();
      return;
    }
    if (!hidden) {
      hidden = document.createElement("input");
      Object.assign(hidden, { type: "hidden", name: "context", id: "ask-context" });
      form.appendChild(hidden);
    }
    hidden.value = value;
  }

  async function ask(url) {
    performance.mark("kubekg-ask-start");
    region.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, { headers: { "X-Kubekg-Partial": "answer", Accept: "text/html" } });
      region.innerHTML = await response.text(); // server-rendered and escaped there
    } catch (error) {
      const box = document.createElement("div");
      box.className = "error";
      box.setAttribute("role", "alert");
      box.textContent = String(error);
      region.replaceChildren(box);
    }
    region.removeAttribute("aria-busy");
    keepContext(region.querySelector("article[data-context]"));
    const examples = document.querySelector(".examples");
    if (examples) examples.hidden = true;
    performance.mark("kubekg-answer-shown");
    performance.measure("kubekg-ask", "kubekg-ask-start", "kubekg-answer-shown");
  }

  form.addEventListener("submit", (event) => {
    const data = new FormData(form);
    const question = String(data.get("q") || "").trim();
    if (!question) return;
    event.preventDefault();
    const params = new URLSearchParams({ q: question });
    if (data.get("context")) params.set("context", data.get("context"));
    const url = `${form.getAttribute("action")}?${params}`;
    history.pushState({ question }, "", url);
    document.title = `${question} — kubekg`;
    ask(url);
  });
  window.addEventListener("popstate", () => location.reload());
})();

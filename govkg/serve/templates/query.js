"use strict";
// The query page of `govkg serve`: pick a competency question or write a query, run it
// against this server's /query, show the answer. Every value is put in with textContent.
(function () {
  const examples = JSON.parse(document.getElementById("examples").textContent);
  const byId = new Map(examples.map(function (e) { return [e.id, e]; }));
  const select = document.getElementById("example");
  const editor = document.getElementById("query");
  const question = document.getElementById("question");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const starter = editor.value;

  function show(id) {
    const ex = byId.get(id);
    editor.value = ex ? ex.query : starter;
    question.textContent = ex ? ex.question + (ex.params ? " Parameters: " + ex.params : "") : "";
  }

  select.addEventListener("change", function () { show(select.value); });
  const wanted = new URLSearchParams(window.location.search).get("example");
  if (wanted && byId.has(wanted)) {
    select.value = wanted;
    show(wanted);
  }

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    td.textContent = term.value;
    if (term["xml:lang"]) {
      const tag = document.createElement("span");
      tag.className = "lang";
      tag.textContent = "@" + term["xml:lang"];
      td.appendChild(tag);
    }
    if (term.type === "uri") td.title = term.value;
    return td;
  }

  function table(answer) {
    const vars = answer.head.vars || [];
    const t = document.createElement("table");
    t.id = "answer";
    const head = t.createTHead().insertRow();
    vars.forEach(function (v) {
      const th = document.createElement("th");
      th.textContent = v;
      head.appendChild(th);
    });
    const body = t.createTBody();
    answer.results.bindings.forEach(function (b) {
      const row = body.insertRow();
      vars.forEach(function (v) { row.appendChild(cell(b[v])); });
    });
    return t;
  }

  async function run() {
    results.replaceChildren();
    say("running…", false);
    const started = performance.now();
    let response;
    try {
      response = await fetch("query", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded",
                   "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
        body: new URLSearchParams({ query: editor.value }),
      });
    } catch (err) {
      say("the server did not answer (" + err.message + ")", true);
      return;
    }
    const ms = Math.round(performance.now() - started);
    const type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
    const text = await response.text();
    if (!response.ok) {
      say("error " + response.status + ": " + (text.trim().split("\n")[0] || response.statusText), true);
      return;
    }
    if (type === "application/sparql-results+json") {
      const answer = JSON.parse(text);
      if (typeof answer.boolean === "boolean") {
        say("answer: " + answer.boolean + " (" + ms + " ms)", false);
        return;
      }
      const n = answer.results.bindings.length;
      say(n + (n === 1 ? " row" : " rows") + " (" + ms + " ms)", false);
      results.appendChild(table(answer));
    } else {
      const pre = document.createElement("pre");
      pre.id = "graph";
      pre.textContent = text;
      say("graph (" + type + ", " + ms + " ms)", false);
      results.appendChild(pre);
    }
  }

  document.getElementById("run").addEventListener("click", run);
  editor.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  });
})();

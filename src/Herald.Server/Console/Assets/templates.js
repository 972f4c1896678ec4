// Templates: the list (filter by status), the new-template form with live lint, and one template's page
// (status per sender, submit for approval, sync). Everything goes through /v1/templates.
(function () {
  "use strict";
  const h = window.herald;
  const $ = id => document.getElementById(id);

  async function senderNames() {
    const r = await h.api("GET", "/v1/senders");
    const names = {};
    if (r.ok) for (const s of r.json) names[s.id] = `${s.name} (${s.channel})`;
    return names;
  }

  function statusBadge(s) { return `<span class="badge status-${h.escape(s)}">${h.escape(s)}</span>`; }

  function bodyOf(t) { return (t.components.find(c => c.type === "BODY") || {}).text || ""; }

  // ---- list ----
  async function list(root) {
    const filter = $("status-filter"), more = $("templates-more");
    const params = new URLSearchParams(location.search);
    filter.value = params.get("status") || "";
    let all = [], cursor = null, names = {};
    const render = () => {
      const want = filter.value;
      const shown = all.filter(t => !want || (want === "draft" ? t.statuses.length === 0 : t.statuses.some(s => s.status === want)));
      if (shown.length === 0) {
        root.innerHTML = `<p class="muted">${all.length === 0 ? "No templates yet." : "No template has this status."}</p>`;
        return;
      }
      root.innerHTML = `<div class="table-wrap"><table><caption class="sr-only">Templates</caption><thead><tr>
        <th scope="col">Name</th><th scope="col">Language</th><th scope="col">Category</th><th scope="col">Status per sender</th><th scope="col">Body</th></tr></thead><tbody>` +
        shown.map(t => `<tr><td><a href="/console/templates/${encodeURIComponent(t.id)}">${h.escape(t.name)}</a></td>
          <td>${h.escape(t.language)}</td><td>${h.escape(t.category)}</td>
          <td>${t.statuses.length === 0 ? statusBadge("draft") : t.statuses.map(s => `<div>${statusBadge(s.status)} <small class="muted">${h.escape(names[s.sender] || s.sender)}</small></div>`).join("")}</td>
          <td class="muted">${h.escape(bodyOf(t).slice(0, 80))}${bodyOf(t).length > 80 ? "…" : ""}</td></tr>`).join("") +
        "</tbody></table></div>";
    };
    const load = async () => {
      const r = await h.api("GET", "/v1/templates?limit=100" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""));
      if (!r.ok) { h.showProblem("templates-problem", r.json); return; }
      all = all.concat(r.json.data);
      cursor = r.json.next_cursor;
      more.hidden = !cursor;
      more.style.display = cursor ? "" : "none"; // console.css gives buttons a display, which beats the hidden attribute
      render();
    };
    filter.addEventListener("change", () => {
      const p = new URLSearchParams(location.search);
      if (filter.value) p.set("status", filter.value); else p.delete("status");
      history.replaceState(null, "", location.pathname + (p.toString() ? "?" + p : ""));
      render();
    });
    more.addEventListener("click", load);
    names = await senderNames();
    await load();
  }

  // ---- new ----
  function lines(id) { return $(id).value.split("\n").map(s => s.trim()).filter(s => s.length > 0); }

  /** Variable names in order of first appearance: "1", "2" … or "first_name" …. */
  function variables(text) {
    const seen = [];
    for (const m of text.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)) if (!seen.includes(m[1])) seen.push(m[1]);
    return seen;
  }

  function requestOf() {
    const components = [];
    const header = $("tpl-header").value;
    const bodyText = $("tpl-body").value;
    const vars = variables(bodyText);
    // Named variables ({{first_name}}) make a NAMED template; its examples go by name, in order of first appearance.
    const named = vars.some(v => !/^\d+$/.test(v));
    const examples = lines("tpl-examples");
    const headerExample = $("tpl-header-example").value.trim();
    if (header.trim()) {
      const hd = { type: "HEADER", format: "TEXT", text: header };
      const hv = variables(header);
      if (headerExample && hv.length) {
        hd.example = named ? { header_text_named_params: [{ param_name: hv[0], example: headerExample }] } : { header_text: [headerExample] };
      }
      components.push(hd);
    }
    const body = { type: "BODY", text: bodyText };
    if (examples.length) {
      body.example = named
        ? { body_text_named_params: vars.slice(0, examples.length).map((v, i) => ({ param_name: v, example: examples[i] })) }
        : { body_text: [examples] };
    }
    components.push(body);
    const footer = $("tpl-footer").value;
    if (footer.trim()) components.push({ type: "FOOTER", text: footer });
    const buttons = lines("tpl-buttons");
    if (buttons.length) components.push({ type: "BUTTONS", buttons: buttons.map(text => ({ type: "QUICK_REPLY", text })) });
    return { name: $("tpl-name").value.trim(), language: $("tpl-language").value.trim(), category: $("tpl-category").value,
      parameter_format: named ? "NAMED" : "POSITIONAL", components };
  }

  function newTemplate(form) {
    const summary = $("lint-summary"), problems = $("lint-problems");
    let seq = 0;
    const show = (items, text) => {
      summary.textContent = text;
      problems.innerHTML = items.map(p => `<li>${h.escape(p.message)}</li>`).join("");
    };
    const lint = async () => {
      const req = requestOf();
      if (!req.name || !req.language) { show([], "Give the template a name and a language; problems appear here as you type."); return; }
      const mine = ++seq;
      const r = await h.api("POST", "/v1/templates/lint", req);
      if (mine !== seq) return; // an older answer arriving late
      if (!r.ok) { show(r.json?.errors || [], h.problemText(r.json)); return; }
      if (r.json.valid) show([], "No problems found: the template is ready to save.");
      else show(r.json.errors, `${r.json.errors.length} problem${r.json.errors.length > 1 ? "s" : ""} to fix before saving:`);
    };
    const later = h.debounce(lint, 350);
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", async e => {
      e.preventDefault();
      h.showProblem("save-problem", null);
      const req = requestOf();
      if (!req.name) { h.showProblem("save-problem", { detail: "Give the template a name (lowercase letters, digits and underscores)." }); $("tpl-name").focus(); return; }
      if (!req.language) { h.showProblem("save-problem", { detail: "Give the template's language, e.g. en or en_US." }); $("tpl-language").focus(); return; }
      // Lint first: a template with problems is not sent to be refused.
      const check = await h.api("POST", "/v1/templates/lint", req);
      if (check.ok && !check.json.valid) {
        show(check.json.errors, `${check.json.errors.length} problem${check.json.errors.length > 1 ? "s" : ""} to fix before saving:`);
        h.showProblem("save-problem", { detail: "Fix the problems listed above, then save again." });
        return;
      }
      $("save").disabled = true;
      const r = await h.api("POST", "/v1/templates", req);
      $("save").disabled = false;
      if (r.ok) { location.href = "/console/templates/" + encodeURIComponent(r.json.id) + "?created=1"; return; }
      h.showProblem("save-problem", r.json);
    });
    if ($("tpl-name").value && $("tpl-body").value) lint();
  }

  // ---- one template ----
  async function detail(root) {
    const id = root.dataset.id;
    const names = await senderNames();
    const render = t => {
      $("tpl-title").textContent = t.name;
      document.title = t.name + " · Herald";
      const c = type => t.components.find(x => x.type === type);
      const buttons = (c("BUTTONS")?.buttons || []).map(b => h.escape(b.text)).join(", ");
      $("tpl-facts").innerHTML = `<dl class="facts">
        <dt>Language</dt><dd>${h.escape(t.language)}</dd>
        <dt>Category</dt><dd>${h.escape(t.category)}</dd>
        ${c("HEADER")?.text ? `<dt>Header</dt><dd>${h.escape(c("HEADER").text)}</dd>` : ""}
        <dt>Body</dt><dd><div class="preview">${h.escape(bodyOf(t))}</div></dd>
        ${c("FOOTER")?.text ? `<dt>Footer</dt><dd>${h.escape(c("FOOTER").text)}</dd>` : ""}
        ${buttons ? `<dt>Buttons</dt><dd>${buttons}</dd>` : ""}
        <dt>Variables</dt><dd>${t.placeholders.length ? t.placeholders.map(p => `<code>{{${h.escape(p)}}}</code>`).join(" ") : "none"}</dd>
        <dt>Id</dt><dd><code>${h.escape(t.id)}</code></dd></dl>`;
      $("tpl-statuses").innerHTML = t.statuses.length === 0
        ? `<tr><td colspan="5" class="muted">Draft: not on any sender yet. Submit it for approval.</td></tr>`
        : t.statuses.map(s => `<tr><td>${h.escape(names[s.sender] || s.sender)}</td><td>${statusBadge(s.status)}</td>
            <td>${h.escape(s.quality)}</td><td>${h.escape(s.reason || "")}</td><td>${h.escape(h.when(s.updated_at))}</td></tr>`).join("");
    };
    const r = await h.api("GET", "/v1/templates/" + encodeURIComponent(id));
    if (!r.ok) { h.showProblem("tpl-problem", r.json); $("tpl-facts").hidden = true; return; }
    render(r.json);
    if (new URLSearchParams(location.search).has("created")) {
      $("tpl-result").innerHTML = `<p class="notice">Template saved.</p>`;
    }
    const act = async (button, verb, done) => {
      button.disabled = true;
      $("tpl-result").innerHTML = "";
      h.showProblem("tpl-problem", null);
      const res = await h.api("POST", `/v1/templates/${encodeURIComponent(id)}/${verb}`);
      button.disabled = false;
      if (!res.ok) { h.showProblem("tpl-problem", res.json); return; }
      render(res.json.template);
      const lines = res.json.results.map(x => `<li>${h.escape(names[x.sender] || x.sender)}: ${x.problem ? h.escape(x.problem.message) : h.escape(x.status || "unchanged")}</li>`);
      $("tpl-result").innerHTML = `<div class="notice">${done}${lines.length ? `<ul>${lines.join("")}</ul>` : " No WhatsApp or Viber sender to ask."}</div>`;
    };
    $("tpl-submit")?.addEventListener("click", e => act(e.currentTarget, "submit", "Submitted for approval."));
    $("tpl-sync")?.addEventListener("click", e => act(e.currentTarget, "sync", "Status synced from the providers."));
  }

  const root = document.querySelector("[data-page]");
  if (!root) return;
  if (root.dataset.page === "templates-list") list(root);
  else if (root.dataset.page === "template-new") newTemplate(root);
  else if (root.dataset.page === "template-detail") detail(root);
})();

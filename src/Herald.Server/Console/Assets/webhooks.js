// Customer webhook endpoints: add one (its secret shown once), rotate the secret (the old one signs beside it for
// 24 h), turn it off and on, delete it (after a second click), and look at its latest deliveries, replaying one.
(function () {
  "use strict";
  const h = window.herald;
  const $ = id => document.getElementById(id);
  const form = document.querySelector('[data-page="webhooks"]');
  if (!form) return;
  const open = new Set();

  function showSecret(title, value) {
    $("new-secret-title").textContent = title;
    $("new-secret-value").value = value;
    $("new-secret").hidden = false;
    $("new-secret-value").focus();
    $("new-secret-value").select();
  }

  function row(e) {
    const state = e.enabled ? `<span class="badge ok">on</span>` : `<span class="badge bad">off</span> <span class="hint">${h.escape(e.disabled_reason || "")}</span>`;
    const id = h.escape(e.id);
    return `<tr data-endpoint="${id}"><td><code>${h.escape(e.url)}</code></td>
      <td>${e.events.map(t => `<code>${h.escape(t)}</code>`).join(" ")}</td><td>${state}</td>
      <td><button type="button" class="secondary" data-deliveries="${id}" aria-expanded="${open.has(e.id)}">Deliveries</button>
        <button type="button" class="secondary" data-rotate="${id}">Rotate secret</button>
        <button type="button" class="secondary" data-toggle="${id}" data-enabled="${e.enabled}">${e.enabled ? "Turn off" : "Turn on"}</button>
        <button type="button" class="danger" data-delete="${id}">Delete</button></td></tr>
      <tr data-log="${id}" ${open.has(e.id) ? "" : "hidden"}><td colspan="4"><div id="log-${id}"></div></td></tr>`;
  }

  async function load() {
    const r = await h.api("GET", "/v1/webhook-endpoints");
    if (!r.ok) { h.showProblem("endpoints-problem", r.json); return; }
    if (r.json.length === 0) { $("endpoints").innerHTML = `<p class="muted">No endpoints yet.</p>`; return; }
    $("endpoints").innerHTML = `<div class="table-wrap"><table><caption class="sr-only">Webhook endpoints</caption><thead><tr>
      <th scope="col">URL</th><th scope="col">Events</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead><tbody>` +
      r.json.map(row).join("") + "</tbody></table></div>";
    for (const id of open) await deliveries(id);
  }

  async function deliveries(id) {
    const target = $("log-" + id);
    if (!target) return;
    const r = await h.api("GET", `/v1/webhook-endpoints/${encodeURIComponent(id)}/deliveries?limit=20`);
    if (!r.ok) { h.showProblem("endpoints-problem", r.json); return; }
    target.innerHTML = r.json.data.length === 0 ? `<p class="muted">No deliveries yet.</p>` :
      `<table><caption class="sr-only">Latest deliveries</caption><thead><tr><th scope="col">Event</th><th scope="col">Status</th>
        <th scope="col">Attempts</th><th scope="col">Last answer</th><th scope="col">When</th><th scope="col"></th></tr></thead><tbody>` +
      r.json.data.map(d => `<tr><td><code>${h.escape(d.event_type)}</code></td>
        <td><span class="badge ${d.status === "delivered" ? "ok" : d.status === "failed" ? "bad" : "warn"}">${h.escape(d.status)}</span></td>
        <td>${d.attempts}${d.next_attempt_at ? ` <span class="hint">next ${h.escape(h.when(d.next_attempt_at))}</span>` : ""}</td>
        <td>${h.escape(d.last_status_code ? "HTTP " + d.last_status_code : d.last_error || "")}</td><td>${h.escape(h.when(d.created_at))}</td>
        <td>${d.status === "pending" ? "" : `<button type="button" class="secondary" data-replay="${h.escape(d.id)}" data-endpoint-id="${h.escape(id)}">Replay</button>`}</td></tr>`).join("") +
      "</tbody></table>";
  }

  form.addEventListener("submit", async e => {
    e.preventDefault();
    h.showProblem("endpoint-problem", null);
    const url = $("endpoint-url").value.trim();
    if (!url) { h.showProblem("endpoint-problem", { detail: "Give the URL Herald should post events to." }); $("endpoint-url").focus(); return; }
    const events = [...form.querySelectorAll('input[name="events"]:checked')].map(c => c.value);
    const r = await h.api("POST", "/v1/webhook-endpoints", events.length ? { url, events } : { url });
    if (!r.ok) { h.showProblem("endpoint-problem", r.json); return; }
    form.reset();
    showSecret(`Endpoint ${r.json.url} added.`, r.json.secret);
    await load();
  });

  $("endpoints").addEventListener("click", async e => {
    const b = e.target.closest("button");
    if (!b) return;
    h.showProblem("endpoints-problem", null);
    const path = id => `/v1/webhook-endpoints/${encodeURIComponent(id)}`;
    let r = null;
    if (b.dataset.deliveries) {
      const id = b.dataset.deliveries;
      if (open.has(id)) open.delete(id); else open.add(id);
      document.querySelector(`[data-log="${CSS.escape(id)}"]`).hidden = !open.has(id);
      b.setAttribute("aria-expanded", String(open.has(id)));
      if (open.has(id)) await deliveries(id);
      return;
    }
    if (b.dataset.replay) {
      r = await h.api("POST", `${path(b.dataset.endpointId)}/deliveries/${encodeURIComponent(b.dataset.replay)}/replay`);
      if (!r.ok) { h.showProblem("endpoints-problem", r.json); return; }
      await deliveries(b.dataset.endpointId);
      return;
    }
    if (b.dataset.delete && b.dataset.confirm !== "1") {
      b.dataset.confirm = "1";
      b.textContent = "Confirm delete";
      return;
    }
    b.disabled = true;
    if (b.dataset.rotate) r = await h.api("POST", `${path(b.dataset.rotate)}/rotate-secret`, {});
    else if (b.dataset.toggle) r = await h.api("PATCH", path(b.dataset.toggle), { enabled: b.dataset.enabled !== "true" });
    else if (b.dataset.delete) r = await h.api("DELETE", path(b.dataset.delete));
    b.disabled = false;
    if (r && !r.ok) { h.showProblem("endpoints-problem", r.json); return; }
    if (b.dataset.rotate) showSecret("New secret: the previous one keeps signing beside it for 24 hours.", r.json.secret);
    await load();
  });

  load();
  h.poll(async () => { for (const id of open) await deliveries(id); }, 3000);
})();

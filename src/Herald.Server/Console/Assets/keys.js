// API keys: list, create (the value shown once, with a copy button), rotate (a new value, the old one keeps working
// for 24 h) and revoke (at once, after a second click to confirm).
(function () {
  "use strict";
  const h = window.herald;
  const $ = id => document.getElementById(id);
  const form = document.querySelector('[data-page="keys"]');
  if (!form) return;

  function showKey(title, value) {
    $("new-key-title").textContent = title;
    $("new-key-value").value = value;
    $("copy-done").textContent = "";
    $("new-key").hidden = false;
    $("new-key-value").focus();
    $("new-key-value").select();
  }

  function state(k) {
    const now = Date.now();
    if (k.revoked_at && new Date(k.revoked_at).getTime() <= now) return ["revoked", "bad"];
    if (k.revoked_at) return ["ends " + h.when(k.revoked_at), "warn"];
    if (k.expires_at && new Date(k.expires_at).getTime() <= now) return ["expired", "bad"];
    return ["active", "ok"];
  }

  async function load() {
    const r = await h.api("GET", "/v1/api-keys");
    if (!r.ok) { h.showProblem("keys-problem", r.json); return; }
    const keys = r.json.slice().sort((a, b) => b.created_at.localeCompare(a.created_at));
    if (keys.length === 0) { $("keys").innerHTML = `<p class="muted">No keys.</p>`; return; }
    $("keys").innerHTML = `<div class="table-wrap"><table><caption class="sr-only">API keys</caption><thead><tr>
      <th scope="col">Name</th><th scope="col">Key starts</th><th scope="col">Scopes</th><th scope="col">Created</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead><tbody>` +
      keys.map(k => {
        const [label, cls] = state(k);
        const live = cls !== "bad";
        return `<tr data-key="${h.escape(k.id)}"><td>${h.escape(k.name)}</td><td><code>${h.escape(k.prefix)}…</code></td>
          <td>${k.scopes.map(s => `<code>${h.escape(s)}</code>`).join(" ")}</td><td>${h.escape(h.when(k.created_at))}</td>
          <td><span class="badge ${cls}">${h.escape(label)}</span></td>
          <td>${live ? `<button type="button" class="secondary" data-rotate="${h.escape(k.id)}" aria-label="Rotate ${h.escape(k.name)}">Rotate</button>
            <button type="button" class="danger" data-revoke="${h.escape(k.id)}" aria-label="Revoke ${h.escape(k.name)}">Revoke</button>` : ""}</td></tr>`;
      }).join("") + "</tbody></table></div>";
  }

  form.addEventListener("submit", async e => {
    e.preventDefault();
    h.showProblem("key-problem", null);
    const name = $("key-name").value.trim();
    const scopes = [...form.querySelectorAll('input[name="scopes"]:checked')].map(c => c.value);
    if (!name) { h.showProblem("key-problem", { detail: "Give the key a name that says who uses it." }); $("key-name").focus(); return; }
    if (scopes.length === 0) { h.showProblem("key-problem", { detail: "Tick at least one scope: a key can do only what its scopes allow." }); return; }
    const r = await h.api("POST", "/v1/api-keys", { name, scopes });
    if (!r.ok) { h.showProblem("key-problem", r.json); return; }
    form.reset();
    showKey(`Key "${r.json.name}" created.`, r.json.key);
    await load();
  });

  $("keys").addEventListener("click", async e => {
    const b = e.target.closest("button");
    if (!b) return;
    h.showProblem("keys-problem", null);
    if (b.dataset.rotate) {
      b.disabled = true;
      const r = await h.api("POST", `/v1/api-keys/${encodeURIComponent(b.dataset.rotate)}/rotate`);
      b.disabled = false;
      if (!r.ok) { h.showProblem("keys-problem", r.json); return; }
      showKey(`Key "${r.json.name}" rotated: the old value keeps working for 24 hours.`, r.json.key);
      await load();
    } else if (b.dataset.revoke) {
      if (b.dataset.confirm !== "1") {
        b.dataset.confirm = "1";
        b.textContent = "Confirm revoke";
        b.setAttribute("aria-label", "Confirm: " + b.getAttribute("aria-label"));
        return;
      }
      b.disabled = true;
      const r = await h.api("DELETE", `/v1/api-keys/${encodeURIComponent(b.dataset.revoke)}`);
      if (!r.ok) { b.disabled = false; h.showProblem("keys-problem", r.json); return; }
      await load();
    }
  });

  $("copy-key").addEventListener("click", async () => {
    const input = $("new-key-value");
    try { await navigator.clipboard.writeText(input.value); $("copy-done").textContent = "Copied."; }
    catch { input.focus(); input.select(); $("copy-done").textContent = "Selected: press Ctrl+C (⌘C) to copy."; }
  });

  load();
})();

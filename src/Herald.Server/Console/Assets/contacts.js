// Contacts: the list (search by name or number, cursor pages), one contact's form (attributes as "name = value"
// lines), and the CSV import. Everything goes through /v1/contacts.
(function () {
  "use strict";
  const $ = id => document.getElementById(id);
  const h = window.herald;

  // ---- list ----
  const rows = $("contact-rows");
  if (rows) {
    const canWrite = rows.dataset.canWrite === "true";
    let next = null, query = "";
    const attrs = a => Object.entries(a || {}).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join(", ");
    async function load(cursor) {
      const q = new URLSearchParams({ limit: "50" });
      if (query) q.set("q", query);
      if (cursor) q.set("cursor", cursor);
      const r = await h.api("GET", "/v1/contacts?" + q);
      if (!r.ok) { h.showProblem("contacts-problem", r.json); return; }
      h.showProblem("contacts-problem", null);
      next = r.json.next_cursor;
      rows.innerHTML = r.json.data.length === 0
        ? `<tr><td colspan="4" class="muted">${query ? "No contact matches." : "No contact yet."}</td></tr>`
        : r.json.data.map(c => {
          const label = h.escape(c.name || "Unnamed");
          const name = canWrite ? `<a href="/console/contacts/edit?id=${encodeURIComponent(c.id)}">${label}</a>` : label;
          return `<tr><td>${name}</td><td><a href="/console/conversations/${encodeURIComponent(c.phone)}">${h.escape(c.phone)}</a></td>
            <td>${h.escape(attrs(c.attributes))}</td><td>${h.escape(c.time_zone || "")}</td></tr>`;
        }).join("");
      $("contacts-next").hidden = !next;
      $("contacts-first").hidden = !cursor;
    }
    $("contact-search").addEventListener("input", h.debounce(() => { query = $("contact-search").value.trim(); load(null); }, 250));
    $("contacts-next").addEventListener("click", () => load(next));
    $("contacts-first").addEventListener("click", () => load(null));
    rows.addEventListener("reload", () => load(null));
    load(null);
  }

  // ---- import ----
  const importForm = $("import-form");
  if (importForm) {
    const file = $("import-file"), column = $("import-phone"), submit = $("import-submit");
    file.addEventListener("change", async () => {
      const f = file.files[0];
      if (!f) return;
      const names = (h.csvRecords(await f.slice(0, 64 * 1024).text(), 1)[0] || []).map(s => s.trim()).filter(Boolean);
      column.innerHTML = names.map(n => `<option value="${h.escape(n)}">${h.escape(n)}</option>`).join("");
      const guess = names.find(n => h.phoneColumnNames.includes(n.toLowerCase()));
      if (guess) column.value = guess;
      column.disabled = names.length === 0;
      submit.disabled = names.length === 0;
    });
    importForm.addEventListener("submit", async e => {
      e.preventDefault();
      h.showProblem("import-problem", null);
      $("import-result").hidden = true;
      submit.disabled = true;
      const text = await file.files[0].text();
      const r = await h.api("POST", "/v1/contacts/import?phone_column=" + encodeURIComponent(column.value), text, "text/csv");
      submit.disabled = false;
      if (!r.ok) { h.showProblem("import-problem", r.json); return; }
      const j = r.json;
      const errors = (j.errors || []).slice(0, 5).map(x => `row ${x.row}: ${x.message}`).join("; ");
      $("import-result").textContent = `${j.rows} rows: ${j.created} created, ${j.updated} updated, ${j.duplicates} duplicates merged, ${j.invalid} invalid.`
        + (errors ? ` First problems — ${errors}` : "");
      $("import-result").hidden = false;
      if (rows) rows.dispatchEvent(new Event("reload"));
    });
  }

  // ---- one contact ----
  const form = $("contact-form");
  if (form) {
    let id = form.dataset.id || null;
    const parse = text => {
      const out = {};
      for (const line of text.split(/\r?\n/)) {
        if (!line.trim()) continue;
        const i = line.indexOf("=");
        if (i <= 0) return { error: `"${line.trim()}" is not "name = value": write each attribute on its own line as name = value.` };
        out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
      }
      return { value: out };
    };
    const show = c => {
      id = c.id;
      $("contact-title").textContent = c.name || c.phone;
      $("contact-phone").value = c.phone;
      $("contact-name").value = c.name || "";
      $("contact-zone").value = c.time_zone || "";
      $("contact-attributes").value = Object.entries(c.attributes || {})
        .map(([k, v]) => `${k} = ${typeof v === "object" ? JSON.stringify(v) : v}`).join("\n");
      $("contact-delete").hidden = false;
      const conv = $("contact-conversation");
      conv.href = "/console/conversations/" + encodeURIComponent(c.phone);
      conv.hidden = false;
    };
    if (id) {
      h.api("GET", "/v1/contacts/" + encodeURIComponent(id)).then(r => r.ok ? show(r.json) : h.showProblem("contact-problem", r.json));
    }
    form.addEventListener("submit", async e => {
      e.preventDefault();
      h.showProblem("contact-problem", null);
      $("contact-notice").hidden = true;
      const attributes = parse($("contact-attributes").value);
      if (attributes.error) { h.showProblem("contact-problem", { detail: attributes.error }); return; }
      const body = { phone: $("contact-phone").value.trim(), name: $("contact-name").value.trim(), attributes: attributes.value };
      if ($("contact-zone").value.trim()) body.time_zone = $("contact-zone").value.trim();
      const r = id
        ? await h.api("PATCH", "/v1/contacts/" + encodeURIComponent(id), body)
        : await h.api("POST", "/v1/contacts", body);
      if (!r.ok) { h.showProblem("contact-problem", r.json); return; }
      const created = !id;
      show(r.json);
      if (created) history.replaceState(null, "", "/console/contacts/edit?id=" + encodeURIComponent(r.json.id));
      $("contact-notice").textContent = created ? "Contact created." : "Contact saved.";
      $("contact-notice").hidden = false;
    });
    $("contact-delete").addEventListener("click", async () => {
      if (!confirm("Delete this contact? Its messages stay in the log.")) return;
      const r = await h.api("DELETE", "/v1/contacts/" + encodeURIComponent(id));
      if (!r.ok) { h.showProblem("contact-problem", r.json); return; }
      location.href = "/console/contacts";
    });
  }
})();

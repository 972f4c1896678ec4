// Broadcast list: newest first, a page at a time with the API's cursor; each row shows its state and progress.
(function () {
  "use strict";
  const $ = id => document.getElementById(id);
  const h = window.herald;
  const LIMIT = 20;
  let next = null;

  const bar = (b, pct, text) => `<div class="bar" role="progressbar" aria-label="Progress of ${h.escape(b.name)}" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${pct}"><span style="width:${pct}%"></span></div>
      <span class="hint">${h.escape(text)}</span>`;

  // Progress is counted per broadcast (its ledger), so only broadcasts still under way ask for it; a list of big
  // finished broadcasts costs one request, not one per row.
  async function fillProgress(b, cell) {
    const r = await h.api("GET", `/v1/broadcasts/${encodeURIComponent(b.id)}`);
    const p = r.ok ? r.json.progress : null;
    if (!p || p.total === 0) { cell.textContent = ""; return; }
    const done = Math.max(p.total - p.pending - p.queued - p.sending, 0);
    const pct = Math.floor(done * 100 / p.total);
    cell.innerHTML = bar(b, pct, `${pct}% · ${done} of ${p.total}`);
  }

  async function load(cursor) {
    const q = new URLSearchParams({ limit: String(LIMIT) });
    if (cursor) q.set("cursor", cursor);
    const r = await h.api("GET", `/v1/broadcasts?${q}`);
    if (!r.ok) { h.showProblem("list-problem", r.json); return; }
    const items = r.json.data;
    next = r.json.next_cursor;
    const active = new Set(["running", "paused", "scheduled"]);
    $("broadcast-rows").innerHTML = items.length === 0
      ? `<tr><td colspan="5" class="muted">No broadcast yet.</td></tr>`
      : items.map((b, i) => {
        const href = b.state === "draft" ? `/console/broadcasts/new?id=${encodeURIComponent(b.id)}` : `/console/broadcasts/${encodeURIComponent(b.id)}`;
        const progress = b.state === "completed" ? bar(b, 100, "100%") : active.has(b.state) ? `<span class="hint">…</span>` : "";
        return `<tr><td><a href="${href}">${h.escape(b.name)}</a></td><td><span class="badge status-${h.escape(b.state)}">${h.escape(b.state)}</span></td>
          <td>${h.escape(b.channel)}</td><td class="bc-progress-cell" data-i="${i}">${progress}</td><td>${h.escape(h.when(b.created_at))}</td></tr>`;
      }).join("");
    $("next-page").hidden = !next;
    $("first-page").hidden = !cursor;
    await Promise.all(items.map((b, i) => active.has(b.state)
      ? fillProgress(b, $("broadcast-rows").querySelector(`td[data-i="${i}"]`)) : null));
  }

  $("next-page").addEventListener("click", () => load(next));
  $("first-page").addEventListener("click", () => load(null));
  load(null);
})();

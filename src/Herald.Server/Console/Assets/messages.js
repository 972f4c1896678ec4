// Message log (filters from the query string, cursor paging of /v1/messages, newest first) and one message's page
// (details and timeline, polled while the message can still change).
(function () {
  "use strict";
  const h = window.herald;
  const $ = id => document.getElementById(id);
  const FINAL = ["read", "failed", "expired", "cancelled", "received"];

  const badge = s => `<span class="badge status-${h.escape(s)}">${h.escape(s)}</span>`;

  // console.css gives .button a display, which beats the hidden attribute: show and hide with both.
  function show(el, on) { el.hidden = !on; el.style.display = on ? "" : "none"; }

  function nextDay(date) { const d = new Date(date + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + 1); return d.toISOString(); }

  async function log(root) {
    const q = new URLSearchParams(location.search);
    const api = new URLSearchParams({ limit: "50" });
    for (const k of ["status", "channel", "cursor", "limit"]) if (q.get(k)) api.set(k, q.get(k));
    const to = (q.get("to") || "").replace(/[\s()-]/g, "");
    if (to) {
      if (!/^\+?[1-9]\d{5,14}$/.test(to)) {
        root.innerHTML = "";
        h.showProblem("messages-problem", { detail: "The phone number must be in international form, e.g. +447700900123." });
        return;
      }
      api.set("to", to.startsWith("+") ? to : "+" + to);
    }
    if (q.get("from")) api.set("created_after", q.get("from") + "T00:00:00Z");
    if (q.get("until")) api.set("created_before", nextDay(q.get("until")));
    const r = await h.api("GET", "/v1/messages?" + api);
    if (!r.ok) { root.innerHTML = ""; h.showProblem("messages-problem", r.json); return; }
    const rows = r.json.data;
    if (rows.length === 0) {
      root.innerHTML = `<p class="muted">${q.get("cursor") ? "No older messages." : "No message matches these filters."}</p>`;
    } else {
      root.innerHTML = `<div class="table-wrap"><table><caption class="sr-only">Messages, newest first</caption><thead><tr>
        <th scope="col">Created</th><th scope="col">Status</th><th scope="col">Channel</th><th scope="col">To / from</th><th scope="col">Content</th></tr></thead><tbody>` +
        rows.map(m => {
          const content = m.template ? `Template ${m.template.name || ""}` : (m.text || "");
          return `<tr><td><a href="/console/messages/${encodeURIComponent(m.id)}">${h.escape(h.when(m.created_at))}</a></td>
            <td>${badge(m.status)}${m.error ? `<div class="hint">${h.escape(m.error.code || m.error.class || "")}</div>` : ""}</td>
            <td>${h.escape(m.channel)}${m.direction === "inbound" ? " ← in" : ""}</td><td>${h.escape(m.to)}</td>
            <td class="muted">${h.escape(content.slice(0, 70))}${content.length > 70 ? "…" : ""}</td></tr>`;
        }).join("") + "</tbody></table></div>";
    }
    if (r.json.next_cursor) {
      const next = new URLSearchParams(q); next.set("cursor", r.json.next_cursor);
      $("next-page").href = "?" + next; show($("next-page"), true);
    }
    if (q.get("cursor")) {
      const first = new URLSearchParams(q); first.delete("cursor");
      $("first-page").href = "?" + first; show($("first-page"), true);
    }
  }

  function detailText(d) {
    if (d === null || d === undefined) return "";
    if (typeof d !== "object") return String(d);
    return Object.entries(d).filter(([, v]) => v !== null && v !== undefined && v !== "")
      .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join(" · ");
  }

  async function message(root) {
    const id = root.dataset.id;
    let stop = null;
    const senders = {};
    const list = await h.api("GET", "/v1/senders");
    if (list.ok) for (const s of list.json) senders[s.id] = `${s.name} (${s.address})`;
    const render = m => {
      $("msg-status").innerHTML = badge(m.status);
      const fact = (label, value) => value === null || value === undefined || value === "" ? "" : `<dt>${label}</dt><dd>${h.escape(value)}</dd>`;
      $("msg-facts").innerHTML = `<dl class="facts">
        ${fact("Status", m.status)}${fact("Direction", m.direction)}${fact("Channel", m.channel)}${fact(m.direction === "inbound" ? "From" : "To", m.to)}
        ${fact("Sender", senders[m.sender] || m.sender)}${fact("Purpose", m.purpose)}${fact("Kind", m.kind)}
        ${m.template ? fact("Template", `${m.template.name} (${m.template.language})`) + fact("Parameters", m.template.parameters ? JSON.stringify(m.template.parameters) : "") : ""}
        ${m.text ? `<dt>Text</dt><dd><div class="preview">${h.escape(m.text)}</div></dd>` : ""}
        ${fact("Encoding", m.encoding)}${fact("Segments", m.segments)}
        ${m.error ? fact("Error", [m.error.class, m.error.code, m.error.message].filter(x => x).join(" · ")) : ""}
        ${m.late_failure ? fact("Note", "Failed after it was delivered (late failure)") : ""}
        ${m.in_doubt ? fact("Note", "Outcome unknown after a crash: check before sending again") : ""}
        ${fact("Send at", h.when(m.send_at))}${fact("Expires", h.when(m.expires_at))}${fact("Attempts", m.attempts)}
        ${fact("Provider id", m.provider_message_id)}${fact("Created", h.when(m.created_at))}${fact("Updated", h.when(m.updated_at))}</dl>`;
      const steps = (m.timeline || []).slice().sort((a, b) => new Date(a.at) - new Date(b.at));
      $("msg-timeline").innerHTML = steps.length === 0 ? `<li class="muted">No events yet.</li>` : steps.map(s =>
        `<li><strong>${h.escape(s.type)}</strong> <time datetime="${h.escape(s.at)}">${h.escape(h.when(s.at))}</time>
          ${s.detail ? `<div class="hint">${h.escape(detailText(s.detail))}</div>` : ""}</li>`).join("");
      const done = FINAL.includes(m.status);
      $("msg-live").textContent = done ? "" : "Updating live until the message reaches a final status…";
      if (done && stop) stop();
      return done;
    };
    stop = h.poll(async () => {
      const r = await h.api("GET", "/v1/messages/" + encodeURIComponent(id));
      if (!r.ok) { h.showProblem("msg-problem", r.json); $("msg-facts").innerHTML = ""; if (stop) stop(); return; }
      render(r.json);
    }, 1500);
  }

  const root = document.querySelector("[data-page]");
  if (!root) return;
  if (root.dataset.page === "messages") log(root);
  else if (root.dataset.page === "message") message(root);
})();

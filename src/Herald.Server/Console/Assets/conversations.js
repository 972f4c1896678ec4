// Conversations. The list groups the newest messages by number (GET /v1/messages pages, merged; the first page is
// polled so new activity rises to the top); a conversation shows the thread and the WhatsApp window from
// POST /v1/messages/check, which answers 200 for any number.
(function () {
  "use strict";
  const $ = id => document.getElementById(id);
  const channelNames = { whatsapp: "WhatsApp", sms: "SMS", viber: "Viber" };
  const normalise = s => { const p = String(s || "").replace(/[\s().-]/g, ""); return /^\+[1-9]\d{6,14}$/.test(p) ? p : null; };
  const link = phone => "/console/conversations/" + encodeURIComponent(phone);

  function listPage() {
    const recent = $("recent"), older = $("older"), latest = new Map(), names = new Map();
    let cursor = null, first = true;

    $("open-form").addEventListener("submit", e => {
      e.preventDefault();
      const p = normalise($("phone").value);
      if (!p) { herald.showProblem("problem", { detail: "Type the number in international format, like +447700900123." }); $("phone").focus(); return; }
      location.href = link(p);
    });

    function merge(messages) {
      for (const m of messages) {
        const had = latest.get(m.to);
        if (!had || had.id < m.id) latest.set(m.to, m);
      }
    }

    function render() {
      const rows = [...latest.values()].sort((a, b) => a.id < b.id ? 1 : -1);
      recent.innerHTML = rows.length ? rows.map(m => {
        const text = m.text ?? (m.template ? "Template " + m.template.name : "");
        const name = names.get(m.to);
        return `<li><a href="${herald.escape(link(m.to))}"><strong>${herald.escape(m.to)}</strong></a>` +
          (name ? `<span>${herald.escape(name)}</span>` : "") +
          `<span class="badge">${herald.escape(channelNames[m.channel] || m.channel)}</span>` +
          `<span class="muted">${m.direction === "inbound" ? "replied" : "sent"} ${herald.escape(new Date(m.created_at).toLocaleString())}</span>` +
          `<span class="snippet">${herald.escape(text)}</span></li>`;
      }).join("") : `<li class="muted">No messages yet.</li>`;
      older.hidden = !cursor;
    }

    async function load(c) {
      const r = await herald.api("GET", "/v1/messages?limit=100" + (c ? "&cursor=" + encodeURIComponent(c) : ""));
      if (!r.ok) { herald.showProblem("problem", r.json); return null; }
      merge(r.json.data);
      return r.json;
    }

    /** Saved contacts' names, looked up once per number, a few per tick. */
    async function lookupNames() {
      const todo = [...latest.keys()].filter(p => !names.has(p)).slice(0, 10);
      for (const p of todo) {
        const r = await herald.api("GET", "/v1/contacts?limit=1&phone=" + encodeURIComponent(p));
        names.set(p, r.ok && r.json.data.length ? r.json.data[0].name || "" : "");
      }
      if (todo.length) render();
    }

    older.addEventListener("click", async () => { const p = await load(cursor); if (p) cursor = p.next_cursor; render(); await lookupNames(); });
    herald.poll(async () => {
      const p = await load(null);
      if (p && first) { cursor = p.next_cursor; first = false; }
      render();
      await lookupNames();
    }, 5000);
  }

  function conversationPage() {
    const box = $("conversation"), phone = normalise(box.dataset.phone), windowEl = $("window");
    if (!phone) { herald.showProblem("problem", { detail: `'${box.dataset.phone}' is not a number in international format, like +447700900123.` }); windowEl.hidden = true; return; }
    let check = null;

    heraldThread.create($("thread"), phone, { moreButton: $("older"), problem: $("problem"), interval: 2000 });

    function showWindow() {
      if (!check || !check.window) return;
      const closes = check.window.closes_at ? new Date(check.window.closes_at).getTime() : 0;
      const open = check.window.open && closes > Date.now();
      if (windowEl.className !== "window " + (open ? "open" : "closed")) $("window-announce").textContent = open ? "WhatsApp window open" : "WhatsApp window closed";
      windowEl.className = "window " + (open ? "open" : "closed");
      windowEl.textContent = open ? "WhatsApp window open, closes in " + herald.duration(closes - Date.now()) : "WhatsApp window closed: template required";
    }

    herald.poll(async () => {
      const r = await herald.api("POST", "/v1/messages/check", { to: phone, channel: "whatsapp", text: "." });
      if (r.ok) { check = r.json; showWindow(); }
    }, 3000);
    setInterval(showWindow, 1000);

    herald.poll(async () => {
      const r = await herald.api("GET", "/v1/contacts?limit=1&phone=" + encodeURIComponent(phone));
      if (!r.ok) return;            // a role without contacts:read still sees the thread
      const c = r.json.data[0];
      $("contact-info").textContent = c ? `${c.name || "Unnamed contact"} · saved contact` : "Not a saved contact";
      if (!c) { $("consent").textContent = ""; return; }
      const d = await herald.api("GET", "/v1/contacts/" + encodeURIComponent(c.id));
      if (!d.ok) return;
      const out = (d.json.consent || []).filter(x => x.opted_out).map(x => channelNames[x.channel] || x.channel);
      $("consent").textContent = out.length ? "Opted out of " + out.join(", ") : "";
    }, 10000);
  }

  if ($("recent")) listPage(); else if ($("conversation")) conversationPage();
})();

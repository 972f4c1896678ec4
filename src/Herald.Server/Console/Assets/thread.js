// A message thread with one number, both ways, oldest first: the newest page of GET /v1/messages?to= is polled and
// merged by id (new messages and status changes appear live); older pages load on request, never everything at once.
(function () {
  "use strict";
  const channelNames = { whatsapp: "WhatsApp", sms: "SMS", viber: "Viber" };

  function create(container, phone, opts) {
    opts = opts || {};
    const messages = new Map();
    let olderCursor = null, loadedOnce = false, stopped = false;
    const more = opts.moreButton || null;

    function bubble(m) {
      const inbound = m.direction === "inbound";
      const mine = opts.customerView ? inbound : !inbound;   // whose side the bubble sits on
      const who = inbound ? "Customer" : "Business";
      const text = m.text ?? (m.template ? `Template ${m.template.name}` : "");
      const time = new Date(m.created_at).toLocaleString();
      const status = inbound ? "" : ` · <span class="badge status-${herald.escape(m.status)}">${herald.escape(m.status)}</span>`;
      const error = m.error && m.error.message ? `<span class="meta">${herald.escape(m.error.message)}</span>` : "";
      return `<div class="bubble ${mine ? "out" : "in"}" data-id="${herald.escape(m.id)}" data-direction="${herald.escape(m.direction)}">` +
        `${herald.escape(text)}<span class="meta">${who} · ${herald.escape(channelNames[m.channel] || m.channel)} · ${herald.escape(time)}${status}</span>${error}</div>`;
    }

    function render() {
      const list = [...messages.values()].filter(m => !opts.filter || opts.filter(m)).sort((a, b) => a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 40;
      container.innerHTML = list.length ? list.map(bubble).join("") : `<p class="muted">No messages with this number yet.</p>`;
      if (nearBottom) container.scrollTop = container.scrollHeight;
      if (more) more.hidden = !olderCursor;
      if (opts.onChange) opts.onChange(list);
    }

    async function fetchPage(cursor) {
      const q = "/v1/messages?limit=50&to=" + encodeURIComponent(phone) + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
      const r = await herald.api("GET", q);
      if (!r.ok) { if (opts.problem) herald.showProblem(opts.problem, r.json); return null; }
      for (const m of r.json.data) messages.set(m.id, m);
      return r.json;
    }

    async function refresh() {
      if (stopped) return;
      const page = await fetchPage(null);
      if (page && !loadedOnce) { olderCursor = page.next_cursor; loadedOnce = true; }
      render();
    }

    async function loadOlder() {
      if (!olderCursor) return;
      const page = await fetchPage(olderCursor);
      if (page) olderCursor = page.next_cursor;
      render();
    }

    if (more) more.addEventListener("click", loadOlder);
    const stopPoll = herald.poll(refresh, opts.interval || 1500);
    return { refresh, loadOlder, stop() { stopped = true; stopPoll(); }, messages };
  }

  window.heraldThread = { create };
})();

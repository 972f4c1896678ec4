// The sandbox phone: a person plays the customer of the sandbox senders. Messages come from GET /v1/messages?to=
// (live), replies go to POST /v1/sandbox/inbound, which opens the window and handles STOP / START / HELP.
(function () {
  "use strict";
  const $ = id => document.getElementById(id);
  const openForm = $("open-form"), phoneEl = $("phone"), handset = $("handset"), thread = $("thread"), replyForm = $("reply-form"),
    replyEl = $("reply"), channelEl = $("reply-channel"), senderEl = $("reply-sender"), resultEl = $("reply-result"), problemEl = $("problem");
  let senders = [], current = null, phone = null;

  const normalise = s => { const p = String(s || "").replace(/[\s().-]/g, ""); return /^\+[1-9]\d{6,14}$/.test(p) ? p : null; };

  function fillSenders() {
    const list = senders.filter(s => s.channel === channelEl.value);
    senderEl.innerHTML = list.map(s => `<option value="${herald.escape(s.id)}">${herald.escape(s.name)} (${herald.escape(s.address)})</option>`).join("")
      || `<option value="">No sandbox ${herald.escape(channelEl.value)} sender</option>`;
  }

  function open(e) {
    if (e) e.preventDefault();
    herald.showProblem(problemEl, null);
    const p = normalise(phoneEl.value);
    if (!p) { herald.showProblem(problemEl, { detail: "Type the number in international format, like +447700900123." }); handset.hidden = false; phoneEl.focus(); return; }
    phone = p;
    phoneEl.value = p;
    history.replaceState(null, "", "?phone=" + encodeURIComponent(p));
    $("handset-number").textContent = p;
    handset.hidden = false;
    resultEl.hidden = true;
    if (current) current.stop();
    const ids = new Set(senders.map(s => s.id));
    current = heraldThread.create(thread, p, { customerView: true, filter: m => ids.has(m.sender), problem: problemEl, interval: 1200 });
  }

  async function reply(text) {
    herald.showProblem(problemEl, null);
    if (!phone) return;
    if (!text.trim()) { herald.showProblem(problemEl, { detail: "Write the reply first." }); replyEl.focus(); return; }
    const r = await herald.api("POST", "/v1/sandbox/inbound", { from: phone, text, channel: channelEl.value, sender: senderEl.value || undefined });
    if (!r.ok) { herald.showProblem(problemEl, r.json); return; }
    const k = r.json.keyword;
    const what = k === "opt_out" || k === "optout" ? `Opted out of ${channelEl.value}.` : k === "opt_in" || k === "optin" ? `Opted back in to ${channelEl.value}.`
      : k === "help" ? "Asked for help." : "Reply received.";
    resultEl.textContent = what + (channelEl.value === "whatsapp" && r.json.window ? " WhatsApp window: " + r.json.window.summary + "." : "");
    resultEl.hidden = false;
    if (text === replyEl.value) replyEl.value = "";
    current?.refresh();
  }

  openForm.addEventListener("submit", open);
  channelEl.addEventListener("change", fillSenders);
  replyForm.addEventListener("submit", e => { e.preventDefault(); reply(replyEl.value); });
  replyForm.querySelectorAll("button[data-keyword]").forEach(b => b.addEventListener("click", () => reply(b.dataset.keyword)));

  (async () => {
    const r = await herald.api("GET", "/v1/senders");
    senders = r.ok ? r.json.filter(s => s.provider === "sandbox") : [];
    fillSenders();
    if (normalise(openForm.dataset.phone)) open();
  })();
})();

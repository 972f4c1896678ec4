// Send one message. Every rule decision comes from Herald: POST /v1/messages/check answers 200 with the window (or
// Viber session), whether free text is allowed, and the SMS encoding and segments; it is polled so the indicator
// follows replies without a reload, and the countdown ticks locally between polls.
(function () {
  "use strict";
  const $ = id => document.getElementById(id);
  const form = $("send-form"), contactInput = $("contact"), results = $("contact-results"), channelEl = $("channel"),
    senderEl = $("sender"), windowEl = $("window"), templateEl = $("template"), varsEl = $("variables"), textEl = $("text"),
    lockEl = $("text-lock"), segmentsEl = $("segments"), previewEl = $("preview"), problemEl = $("problem"), sendBtn = $("send"),
    infoEl = $("contact-info"), attrList = $("attribute-values");

  const state = { senders: [], templates: [], contact: null, phone: null, check: null, checkKey: "", stopResult: null };
  const finalStatuses = new Set(["read", "failed", "expired", "cancelled", "undeliverable"]);
  const placeholderRe = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

  /** "+44 7700 900123" → "+447700900123"; null unless it looks like an E.164 number. */
  function normalisePhone(s) {
    const p = String(s || "").replace(/[\s().-]/g, "");
    return /^\+[1-9]\d{6,14}$/.test(p) ? p : null;
  }

  // ---- senders and templates ----
  async function loadSenders() {
    const r = await herald.api("GET", "/v1/senders");
    state.senders = r.ok ? r.json : [];
    fillSenders();
  }

  function fillSenders() {
    const channel = channelEl.value;
    const list = state.senders.filter(s => s.channel === channel).sort((a, b) => (b.is_default ? 1 : 0) - (a.is_default ? 1 : 0));
    senderEl.innerHTML = list.map(s => `<option value="${herald.escape(s.id)}">${herald.escape(s.name)} (${herald.escape(s.address)})</option>`).join("")
      || `<option value="">No ${herald.escape(channel)} sender</option>`;
  }

  async function loadTemplates() {
    const r = await herald.listAll("/v1/templates");
    state.templates = r.ok ? r.json.data : [];
    fillTemplates();
  }

  function fillTemplates() {
    const sender = senderEl.value, keep = templateEl.value;
    const sms = channelEl.value === "sms";
    $("template-part").hidden = sms;
    const approved = sms ? [] : state.templates.filter(t => (t.statuses || []).some(s => s.sender === sender && s.status === "APPROVED"));
    templateEl.innerHTML = `<option value="">No template (free text)</option>` +
      approved.map(t => `<option value="${herald.escape(t.id)}">${herald.escape(t.name)} (${herald.escape(t.language)})</option>`).join("");
    templateEl.value = approved.some(t => t.id === keep) ? keep : "";
    if (templateEl.value !== keep || !keep) renderVariables(); // keep values the user typed when the list merely refreshes
  }

  const selectedTemplate = () => state.templates.find(t => t.id === templateEl.value) || null;
  const part = (t, type) => (t.components || []).find(c => c.type === type);

  // ---- variables, prefilled from the contact's attributes ----
  function attributes() {
    const a = Object.assign({}, state.contact?.attributes || {});
    if (state.contact?.name && a.name === undefined) a.name = state.contact.name;
    return a;
  }

  /** The attribute for a variable: same key, ignoring case, "_" and "-" (first_name = firstName = First-Name). */
  function attributeFor(name) {
    const key = n => String(n).toLowerCase().replace(/[_-]/g, "");
    const attrs = attributes();
    const hit = Object.keys(attrs).find(k => key(k) === key(name));
    const v = hit === undefined ? undefined : attrs[hit];
    return v === undefined || v === null || typeof v === "object" ? "" : String(v);
  }

  /** The variables of a template part, in order of first use. */
  function namesIn(text) {
    const names = [];
    for (const m of String(text || "").matchAll(placeholderRe)) if (!names.includes(m[1])) names.push(m[1]);
    return names;
  }

  /** Header (text) and body variables; a media header asks for its URL. */
  function fieldsOf(t) {
    const header = part(t, "HEADER"), fields = [];
    if (header && header.format === "TEXT") for (const n of namesIn(header.text)) fields.push({ part: "header", name: n, label: `Header variable {{${n}}}` });
    for (const n of namesIn(part(t, "BODY")?.text)) fields.push({ part: "body", name: n, label: `Variable {{${n}}}` });
    if (header && header.format && header.format !== "TEXT") fields.push({ part: "media", name: "url", label: `Header ${header.format.toLowerCase()} URL` });
    return fields;
  }

  function renderVariables() {
    const t = selectedTemplate();
    varsEl.innerHTML = "";
    if (t) {
      for (const f of fieldsOf(t)) {
        const id = `var-${f.part}-${f.name}`;
        const wrap = document.createElement("div");
        wrap.innerHTML = `<label for="${herald.escape(id)}">${herald.escape(f.label)}</label>` +
          `<input id="${herald.escape(id)}" data-part="${f.part}" data-var="${herald.escape(f.name)}" ${f.part === "media" ? 'type="url" placeholder="https://…"' : 'list="attribute-values"'} autocomplete="off">`;
        if (f.part !== "media") wrap.querySelector("input").value = attributeFor(f.name);
        varsEl.appendChild(wrap);
      }
    }
    const attrs = attributes();
    attrList.innerHTML = Object.entries(attrs).filter(([, v]) => v !== null && typeof v !== "object")
      .map(([k, v]) => `<option value="${herald.escape(v)}" label="${herald.escape(k)}"></option>`).join("");
    updateLock();
    renderPreview();
  }

  function variableValues(partName) {
    const values = {};
    for (const input of varsEl.querySelectorAll(`input[data-part="${partName}"]`)) values[input.dataset.var] = input.value;
    return values;
  }

  /** Positional values in number order, or name → value; the header's own when it has variables. */
  function templateReference(t) {
    const named = t.parameter_format === "NAMED";
    const set = values => named ? values : Object.keys(values).sort((a, b) => Number(a) - Number(b)).map(n => values[n]);
    const header = variableValues("header"), body = variableValues("body"), media = variableValues("media").url;
    const ref = { name: t.name, language: t.language };
    if (Object.keys(header).length) ref.parameters = { header: set(header), body: set(body) };
    else if (Object.keys(body).length) ref.parameters = set(body);
    if (media) ref.header_media_url = media;
    return ref;
  }

  // ---- preview ----
  function fill(text, values) {
    return String(text || "").replace(placeholderRe, (m, n) => values[n] ? values[n] : `{{${n}}}`);
  }

  function renderPreview() {
    const t = selectedTemplate();
    let text = "";
    if (t) {
      const header = part(t, "HEADER");
      text = [header && header.format === "TEXT" ? fill(header.text, variableValues("header")) : header ? `[${header.format.toLowerCase()}]` : "",
        fill(part(t, "BODY")?.text, variableValues("body")), part(t, "FOOTER")?.text].filter(Boolean).join("\n\n");
    } else {
      text = textEl.value;
    }
    previewEl.innerHTML = text ? herald.escape(text) : `<span class="muted">Nothing to send yet.</span>`;
  }

  // ---- the window, from /v1/messages/check ----
  function checkBody() {
    return { to: state.phone, channel: channelEl.value, sender: senderEl.value || undefined, text: textEl.value.trim() ? textEl.value : "." };
  }

  async function refreshCheck() {
    if (!state.phone || !senderEl.value) { state.check = null; state.checkError = null; showWindow(); updateLock(); showSegments(); showReasons(); return; }
    const body = checkBody(), key = JSON.stringify(body);
    const r = await herald.api("POST", "/v1/messages/check", body);
    if (JSON.stringify(checkBody()) !== key) return; // the form changed meanwhile; a newer check follows
    state.check = r.ok ? r.json : null;
    state.checkError = r.ok ? null : r.json;
    showWindow(); updateLock(); showSegments(); showReasons();
  }
  const refreshSoon = herald.debounce(refreshCheck, 250);

  function showWindow() {
    const c = state.check, channel = channelEl.value;
    let cls = "na", text = "Choose a number to see its window", st = "none";
    if (channel === "sms") { text = "No window on SMS"; st = "sms"; }
    else if (c && channel === "whatsapp" && c.window) {
      const closes = c.window.closes_at ? new Date(c.window.closes_at).getTime() : 0;
      if (c.window.open && closes > Date.now()) { cls = "open"; st = "open"; text = "Window open, closes in " + herald.duration(closes - Date.now()); }
      else { cls = "closed"; st = "closed"; text = "Window closed: template required"; }
    } else if (c && channel === "viber" && c.viber_session) {
      const v = c.viber_session, closes = v.closes_at ? new Date(v.closes_at).getTime() : 0;
      if (v.open && closes > Date.now()) {
        cls = "open"; st = "open";
        text = `Session open, closes in ${herald.duration(closes - Date.now())} (${v.remaining_messages} business messages left)`;
      } else { cls = "closed"; st = "closed"; text = "No Viber session: template required"; }
    }
    windowEl.className = "window " + cls;
    if (windowEl.dataset.state !== st) $("window-announce").textContent = text; // announce changes, not every second of the countdown
    windowEl.dataset.state = st;
    windowEl.textContent = text;
  }

  /** Free text is allowed unless Herald says the window or session forbids it. */
  function freeTextAllowed() {
    if (channelEl.value === "sms") return { ok: true };
    const c = state.check;
    if (!c) return { ok: false, why: "Choose a number first." };
    const blocking = (c.reasons || []).find(r => ["window_closed", "viber_session_closed", "viber_session_exhausted"].includes(r.code));
    if (channelEl.value === "whatsapp" && !(c.window && c.window.open)) return { ok: false, why: "Free text is locked: the 24-hour window is closed. Pick an approved template." };
    return blocking ? { ok: false, why: "Free text is locked: " + blocking.message } : { ok: true };
  }

  function updateLock() {
    const allowed = freeTextAllowed();
    const templated = !!selectedTemplate();
    textEl.disabled = templated || !allowed.ok;
    lockEl.textContent = templated ? "A template is selected: its variables are the content." : allowed.ok ? "" : allowed.why;
  }

  /** What else Herald would refuse (opted out, too long, too many in a row…); the window itself is the lock's job. */
  function showReasons() {
    const el = $("check-reasons"), c = state.check;
    const lockCodes = ["window_closed", "viber_session_closed", "viber_session_exhausted"];
    const templated = !!selectedTemplate();
    const reasons = !c ? [] : (c.reasons || []).filter(r => !lockCodes.includes(r.code) && !(templated && r.field === "text") && !(!textEl.value.trim() && r.field === "text"));
    if (state.phone && state.checkError) { herald.showProblem(el, state.checkError); return; }
    el.textContent = reasons.length ? "Herald would refuse this message:\n" + reasons.map(r => "• " + r.message).join("\n") : "";
    el.hidden = reasons.length === 0;
  }

  function showSegments() {
    if (channelEl.value !== "sms" || selectedTemplate()) { segmentsEl.textContent = ""; return; }
    const c = state.check;
    if (!textEl.value) { segmentsEl.textContent = "GSM-7 · 0 characters · 0 segments"; return; }
    if (!c || !c.encoding) { return; }
    const enc = c.encoding === "gsm7" ? "GSM-7" : "UCS-2";
    segmentsEl.textContent = `${enc} · ${c.characters} characters · ${c.segments} segment${c.segments === 1 ? "" : "s"}`;
  }

  // ---- contact lookup ----
  async function selectContact(c) {
    state.contact = c;
    state.phone = c ? c.phone : normalisePhone(contactInput.value);
    results.hidden = true;
    if (c) contactInput.value = c.phone;
    infoEl.textContent = c ? `${c.name || "Unnamed contact"} · ${c.phone}` + (Object.keys(c.attributes || {}).length ? " · " +
      Object.entries(c.attributes).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join(", ") : "")
      : state.phone ? `${state.phone} · not a saved contact` : "";
    renderVariables();
    await refreshCheck();
  }

  async function lookup() {
    const q = contactInput.value.trim();
    const phone = normalisePhone(q);
    if (phone) {
      const r = await herald.api("GET", "/v1/contacts?limit=1&phone=" + encodeURIComponent(phone));
      await selectContact(r.ok && r.json.data.length ? r.json.data[0] : null);
      return;
    }
    state.phone = null; state.contact = null;
    infoEl.textContent = "";
    if (q.length < 2) { results.hidden = true; showWindow(); updateLock(); return; }
    const r = await herald.api("GET", "/v1/contacts?limit=8&q=" + encodeURIComponent(q));
    if (contactInput.value.trim() !== q) return; // the user typed on while this was answered
    const hits = r.ok ? r.json.data : [];
    results.innerHTML = hits.map((c, i) => `<li><button type="button" data-i="${i}">${herald.escape(c.name || "Unnamed")} · ${herald.escape(c.phone)}</button></li>`).join("")
      || `<li class="muted" style="padding:.45rem .6rem">No saved contact matches; type a number like +447700900123.</li>`;
    results.hidden = false;
    results.querySelectorAll("button").forEach(b => b.addEventListener("click", () => selectContact(hits[Number(b.dataset.i)])));
  }

  // ---- send and follow ----
  function showResult(m) {
    $("result").hidden = false;
    $("result-id").textContent = m.id;
    const st = $("result-status");
    st.textContent = m.status;
    st.className = "badge status-" + m.status;
    $("result-timeline").innerHTML = (m.timeline || []).map(s =>
      `<li><strong>${herald.escape(s.type)}</strong> <span class="muted">${herald.escape(new Date(s.at).toLocaleTimeString())}</span></li>`).join("");
  }

  async function send(e) {
    e.preventDefault();
    herald.showProblem(problemEl, null);
    if (!state.phone) { herald.showProblem(problemEl, { detail: "Choose a contact or type a number in international format, like +447700900123." }); contactInput.focus(); return; }
    const t = selectedTemplate();
    const body = { to: state.phone, channel: channelEl.value, sender: senderEl.value || undefined };
    if (t) body.template = templateReference(t);
    else {
      if (!textEl.value.trim()) { herald.showProblem(problemEl, { detail: "Write the message, or pick a template." }); textEl.focus(); return; }
      body.text = textEl.value;
    }
    // The same message sent again after a lost answer reuses its Idempotency-Key, so it is never sent twice.
    const json = JSON.stringify(body);
    if (state.attempt?.json !== json) state.attempt = { json, key: herald.newKey() };
    sendBtn.disabled = true;
    const r = await herald.api("POST", "/v1/messages", body, null, { "Idempotency-Key": state.attempt.key });
    sendBtn.disabled = false;
    if (r.status !== 0) state.attempt = null; // answered: a new click is a new message
    if (!r.ok) { herald.showProblem(problemEl, r.json); return; }
    if (state.stopResult) state.stopResult();
    showResult(r.json);
    if (!t) { textEl.value = ""; renderPreview(); }
    const id = r.json.id, channel = body.channel;
    const stop = herald.poll(async () => {
      const m = await herald.api("GET", "/v1/messages/" + encodeURIComponent(id));
      if (!m.ok) return;
      showResult(m.json);
      if (finalStatuses.has(m.json.status) || (m.json.status === "delivered" && channel === "sms")) stop();
    }, 700);
    state.stopResult = stop;
    refreshCheck();
  }

  // ---- wiring ----
  contactInput.addEventListener("input", herald.debounce(lookup, 250));
  contactInput.addEventListener("keydown", e => {
    if (e.key === "ArrowDown" && !results.hidden) { e.preventDefault(); results.querySelector("button")?.focus(); }
    if (e.key === "Enter") { e.preventDefault(); lookup(); }
  });
  results.addEventListener("keydown", e => {
    const buttons = [...results.querySelectorAll("button")], i = buttons.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && i < buttons.length - 1) { e.preventDefault(); buttons[i + 1].focus(); }
    if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? buttons[i - 1] : contactInput).focus(); }
    if (e.key === "Escape") { results.hidden = true; contactInput.focus(); }
  });
  channelEl.addEventListener("change", () => { fillSenders(); fillTemplates(); showSegments(); refreshCheck(); });
  senderEl.addEventListener("change", () => { fillTemplates(); refreshCheck(); });
  templateEl.addEventListener("change", () => { renderVariables(); showSegments(); showReasons(); });
  varsEl.addEventListener("input", renderPreview);
  textEl.addEventListener("input", () => { renderPreview(); refreshSoon(); });
  form.addEventListener("submit", send);

  (async () => {
    await Promise.all([loadSenders(), loadTemplates()]);
    fillTemplates();
    if (form.dataset.to) { contactInput.value = form.dataset.to; await lookup(); }
    showWindow(); updateLock();
    herald.poll(refreshCheck, 3000);           // replies open the window: follow them without a reload
    setInterval(showWindow, 1000);              // the countdown between polls
    setInterval(loadTemplates, 30000);          // a template approved meanwhile appears
  })();
})();

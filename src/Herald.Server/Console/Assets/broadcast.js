// Broadcast wizard: audience → content → schedule → review → start. The draft is created on the server once it has
// content (POST, then PATCH on every step), so /console/broadcasts/new?id=brd_…&step=… resumes it after a reload.
(function () {
  "use strict";
  const $ = id => document.getElementById(id);
  const h = window.herald;
  const PHONE_NAMES = h.phoneColumnNames;
  const TZ_NAMES = ["time_zone", "timezone", "tz"];
  const OPS = [["eq", "is"], ["ne", "is not"], ["contains", "contains"], ["starts_with", "starts with"], ["in", "is one of"],
    ["exists", "is set"], ["not_exists", "is not set"]];
  const STEPS = ["audience", "content", "schedule", "review"];

  const s = {
    id: null, step: "audience", csv: null, serverAudience: null, audienceDirty: false, senders: [], templates: null,
    samples: [], sampleIndex: 0, conditionSeq: 0, loadedContent: null,
  };

  function fillSelect(sel, options, value) {
    sel.innerHTML = options.map(([v, label]) => `<option value="${h.escape(v)}">${h.escape(label)}</option>`).join("");
    if (value !== undefined && value !== null) sel.value = value;
  }

  function onFile() {
    const file = $("csv-file").files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => {
      const text = String(reader.result);
      const records = h.csvRecords(text);
      if (records.length === 0) { h.showProblem("wizard-problem", { detail: "The file is empty: it needs a header row, then one recipient a line." }); return; }
      h.showProblem("wizard-problem", null);
      const headers = records[0].map(x => x.trim());
      s.csv = { text, name: file.name, headers, rows: records.length - 1 };
      const lower = headers.map(x => x.toLowerCase());
      const phone = headers[lower.findIndex(x => PHONE_NAMES.includes(x))] ?? headers[0];
      const tz = headers[lower.findIndex(x => TZ_NAMES.includes(x))] ?? "";
      fillSelect($("phone-column"), headers.map(x => [x, x]), phone);
      fillSelect($("tz-column"), [["", "(none)"], ...headers.map(x => [x, x])], tz);
      $("csv-mapping").hidden = false;
      $("csv-summary").textContent = `${file.name}: ${s.csv.rows} row${s.csv.rows === 1 ? "" : "s"}, columns ${headers.join(", ")}.`;
      s.audienceDirty = true;
      renderChips();
    };
    reader.readAsText(file);
  }

  // ---------- contact conditions ----------
  function addCondition(c) {
    const n = ++s.conditionSeq;
    const div = document.createElement("div");
    div.className = "row bc-condition";
    div.dataset.n = String(n);
    div.innerHTML = `
      <div><label for="cond-field-${n}">Field ${n}</label><input id="cond-field-${n}" class="cond-field" list="field-list" placeholder="city, name, phone…" autocomplete="off"></div>
      <div><label for="cond-op-${n}">Operator ${n}</label><select id="cond-op-${n}" class="cond-op"></select></div>
      <div><label for="cond-value-${n}">Value ${n}</label><input id="cond-value-${n}" class="cond-value" autocomplete="off"></div>
      <div class="bc-remove"><button type="button" class="secondary" aria-label="Remove condition ${n}">Remove</button></div>`;
    fillSelect(div.querySelector(".cond-op"), OPS, c?.op ?? "eq");
    div.querySelector(".cond-field").value = c?.attribute ?? "";
    const v = c?.value;
    div.querySelector(".cond-value").value = Array.isArray(v) ? v.join(", ") : (v ?? "");
    const syncValue = () => { const op = div.querySelector(".cond-op").value; div.querySelector(".cond-value").disabled = op === "exists" || op === "not_exists"; };
    div.querySelector(".cond-op").addEventListener("change", syncValue);
    syncValue();
    div.querySelector("button").addEventListener("click", () => { div.remove(); s.audienceDirty = true; renderChips(); $("add-condition").focus(); });
    div.addEventListener("input", () => { s.audienceDirty = true; });
    div.addEventListener("change", () => { s.audienceDirty = true; renderChips(); });
    $("conditions").appendChild(div);
    s.audienceDirty = true;
    return div;
  }

  function conditions() {
    return [...document.querySelectorAll(".bc-condition")].map(div => {
      const attribute = div.querySelector(".cond-field").value.trim();
      const op = div.querySelector(".cond-op").value;
      const raw = div.querySelector(".cond-value").value.trim();
      const c = { attribute, op };
      if (op === "in") c.value = raw.split(",").map(x => x.trim()).filter(x => x !== "");
      else if (op !== "exists" && op !== "not_exists") c.value = raw;
      return c;
    }).filter(c => c.attribute !== "");
  }

  const source = () => document.querySelector('input[name="source"]:checked').value;

  function syncSource() {
    const csv = source() === "csv";
    $("csv-part").hidden = !csv;
    $("contacts-part").hidden = csv;
    if (!csv && document.querySelectorAll(".bc-condition").length === 0) addCondition();
    s.audienceDirty = true;
    renderChips();
  }

  /** The variables a message may use: the CSV's columns (its phone column is "phone"), or a contact's fields. */
  function columns() {
    if (source() === "csv") {
      if (s.csv) {
        const phone = $("phone-column").value, tz = $("tz-column").value;
        return ["phone", ...s.csv.headers.filter(x => x !== phone && x !== tz && x.toLowerCase() !== "phone")];
      }
      if (s.serverAudience?.kind === "csv") return ["phone", ...(s.serverAudience.columns ?? []).filter(x => !PHONE_NAMES.includes(x.toLowerCase()) && !TZ_NAMES.includes(x.toLowerCase()))];
      return ["phone"];
    }
    const attrs = conditions().map(c => c.attribute).filter(a => !["name", "phone", "time_zone"].includes(a));
    return ["name", "phone", ...new Set(attrs)];
  }

  function renderChips() {
    const cols = columns();
    $("chips").innerHTML = cols.map(c => `<button type="button" class="bc-chip" data-col="${h.escape(c)}">{{${h.escape(c)}}}</button>`).join("");
    $("columns-list").innerHTML = cols.map(c => `<option value="${h.escape(c)}"></option>`).join("");
    if (s.template) renderVariables();
  }

  function insertPlaceholder(col) {
    const t = $("text"), token = `{{${col}}}`;
    const start = t.selectionStart ?? t.value.length, end = t.selectionEnd ?? t.value.length;
    t.value = t.value.slice(0, start) + token + t.value.slice(end);
    t.focus();
    t.selectionStart = t.selectionEnd = start + token.length;
    renderDefaults();
  }

  // ---------- content ----------
  async function loadSenders() {
    const r = await h.api("GET", "/v1/senders");
    if (!r.ok) { h.showProblem("wizard-problem", r.json); return; }
    s.senders = r.json;
    renderSenders();
  }

  function renderSenders(chosen) {
    const channel = $("channel").value;
    const list = s.senders.filter(x => x.channel === channel);
    if (list.length === 0) { $("sender-list").innerHTML = `<p class="muted">No ${h.escape(channel)} sender yet: add one on the Senders page.</p>`; return; }
    $("sender-list").classList.remove("muted");
    $("sender-list").innerHTML = list.map(x => {
      const checked = chosen ? chosen.includes(x.id) : x.is_default;
      return `<label for="sender-${h.escape(x.id)}"><input type="checkbox" class="sender" id="sender-${h.escape(x.id)}" value="${h.escape(x.id)}"${checked ? " checked" : ""}> ${h.escape(x.name)} <span class="hint">${h.escape(x.address)} · ${h.escape(x.provider)}</span></label>`;
    }).join("");
  }

  async function syncChannel() {
    const wa = $("channel").value === "whatsapp";
    $("text-part").hidden = wa;
    $("template-part").hidden = !wa;
    renderSenders();
    if (wa && s.templates === null) await loadTemplates();
  }

  async function loadTemplates() {
    const r = await h.listAll("/v1/templates");
    if (!r.ok) { h.showProblem("wizard-problem", r.json); return; }
    s.templates = r.json.data;
    fillSelect($("template"), [["", "Choose a template"], ...s.templates.map(t => [t.id, `${t.name} (${t.language}) · ${t.category}`])]);
    const c = s.loadedContent?.template;
    if (c) {
      const t = s.templates.find(x => x.name === c.name && (!c.language || x.language === c.language));
      if (t) { $("template").value = t.id; chooseTemplate(c.variables); }
    }
  }

  function chooseTemplate(variables) {
    s.template = s.templates?.find(t => t.id === $("template").value) ?? null;
    const body = s.template?.components.find(c => c.type === "BODY")?.text;
    $("template-body").hidden = !body;
    $("template-body").textContent = body ?? "";
    renderVariables(variables);
  }

  function renderVariables(variables) {
    const box = $("variables");
    const keep = {};
    box.querySelectorAll(".bc-variable").forEach(div => { keep[div.dataset.key] = { src: div.querySelector("select").value, val: div.querySelector("input").value }; });
    if (!s.template) { box.innerHTML = ""; return; }
    const cols = columns();
    box.innerHTML = s.template.placeholders.map((p, i) => `
      <div class="row bc-variable" data-key="${h.escape(p)}">
        <div><label for="var-src-${i}">{{${h.escape(p)}}} from</label><select id="var-src-${i}"></select></div>
        <div><label for="var-val-${i}">{{${h.escape(p)}}} default or fixed value</label><input id="var-val-${i}" autocomplete="off"></div>
      </div>`).join("");
    box.querySelectorAll(".bc-variable").forEach((div, i) => {
      const key = div.dataset.key;
      let src = cols[Math.min(i + 1, cols.length - 1)], val = "";
      const given = variables?.[key];
      if (typeof given === "string") src = given;
      else if (given?.value !== undefined && given?.value !== null) { src = "__value"; val = given.value; }
      else if (given?.from) { src = given.from; val = given.default ?? ""; }
      else if (keep[key]) { src = keep[key].src; val = keep[key].val; }
      const options = [...cols.map(c => [c, `Column ${c}`]), ["__value", "A fixed value"]];
      if (src !== "__value" && !cols.includes(src)) options.unshift([src, `Column ${src}`]);
      fillSelect(div.querySelector("select"), options, src);
      div.querySelector("input").value = val;
    });
  }

  /** One optional default per {{placeholder}} of the text: a recipient without the value gets it instead of being refused. */
  function renderDefaults(given) {
    const keep = given ?? textDefaults();
    const names = [...new Set([...$("text").value.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map(m => m[1]))].filter(n => n !== "phone");
    const current = [...document.querySelectorAll(".bc-default")].map(x => x.dataset.key).join("\n");
    if (current === names.join("\n") && !given) return;
    $("defaults").innerHTML = names.map((n, i) => `<div class="bc-default" data-key="${h.escape(n)}"><label for="default-${i}">Default for {{${h.escape(n)}}} <span class="hint">optional</span></label><input id="default-${i}" autocomplete="off"></div>`).join("");
    document.querySelectorAll(".bc-default").forEach(div => { div.querySelector("input").value = keep[div.dataset.key] ?? ""; });
  }

  function textDefaults() {
    const d = {};
    document.querySelectorAll(".bc-default").forEach(div => { const v = div.querySelector("input").value; if (v !== "") d[div.dataset.key] = v; });
    return d;
  }

  function content() {
    if ($("channel").value !== "whatsapp") {
      const defaults = textDefaults();
      return Object.keys(defaults).length ? { text: $("text").value, defaults } : { text: $("text").value };
    }
    if (!s.template) return null;
    const variables = {};
    document.querySelectorAll(".bc-variable").forEach(div => {
      const src = div.querySelector("select").value, val = div.querySelector("input").value;
      variables[div.dataset.key] = src === "__value" ? { value: val } : val !== "" ? { from: src, default: val } : src;
    });
    return { template: { name: s.template.name, language: s.template.language, variables } };
  }

  function chosenSenders() { return [...document.querySelectorAll(".sender:checked")].map(x => x.value); }

  // ---------- saving the draft ----------
  function setUrl() {
    const q = new URLSearchParams();
    if (s.id) q.set("id", s.id);
    q.set("step", s.step);
    history.replaceState(null, "", "/console/broadcasts/new?" + q.toString());
  }

  /** Creates or updates the draft with its name, senders and content, then its audience when that changed. */
  async function saveDraft() {
    const c = content();
    if (!c || (c.text !== undefined && c.text.trim() === "")) {
      h.showProblem("wizard-problem", { detail: c ? "Write the message text first." : "Choose a template first." });
      return false;
    }
    const senders = chosenSenders();
    const body = { name: $("bc-name").value.trim(), content: c };
    if (senders.length > 0) body.senders = senders; else body.channel = $("channel").value;
    const r = s.id ? await h.api("PATCH", `/v1/broadcasts/${s.id}`, body) : await h.api("POST", "/v1/broadcasts", body);
    if (!r.ok) { h.showProblem("wizard-problem", r.json); return false; }
    s.id = r.json.id;
    setUrl();
    if (s.audienceDirty) {
      const a = await putAudience();
      if (!a) return false;
    }
    h.showProblem("wizard-problem", null);
    return true;
  }

  async function putAudience() {
    let r;
    if (source() === "csv") {
      if (!s.csv) { s.audienceDirty = false; return true; }
      const q = new URLSearchParams({ phone_column: $("phone-column").value });
      if ($("tz-column").value) q.set("time_zone_column", $("tz-column").value);
      r = await h.api("PUT", `/v1/broadcasts/${s.id}/audience?${q}`, s.csv.text, "text/csv");
    } else {
      r = await h.api("PUT", `/v1/broadcasts/${s.id}/audience`, { contacts: { match: $("match").value, conditions: conditions() } });
    }
    if (!r.ok) { h.showProblem("wizard-problem", r.json); return false; }
    s.audienceDirty = false;
    return true;
  }

  // ---------- preview ----------
  const senderName = id => s.senders.find(x => x.id === id)?.name ?? id ?? "";

  async function preview() {
    if (!await saveDraft()) return;
    const r = await h.api("GET", `/v1/broadcasts/${s.id}/preview?samples=10`);
    if (!r.ok) { h.showProblem("wizard-problem", r.json); return; }
    const p = r.json;
    s.samples = p.samples;
    s.sampleIndex = 0;
    $("preview-box").hidden = false;
    $("preview-counts").textContent = countsSentence(p.counts);
    renderSample();
  }

  function countsSentence(c) {
    return `${c.total} row${c.total === 1 ? "" : "s"}: ${c.valid} valid, ${c.invalid} invalid, ${c.duplicate} duplicate, ${c.opted_out} opted out.`;
  }

  /** The chosen template's body with the sample's values put in its {{placeholders}}. */
  function renderTemplate(parameters) {
    const body = s.template?.components.find(c => c.type === "BODY")?.text;
    if (!body || !parameters) return null;
    const set = parameters.body ?? parameters.Body ?? {};
    const positional = set.positional ?? set.Positional ?? [], named = set.named ?? set.Named ?? {};
    return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (m, key) => /^\d+$/.test(key) ? (positional[Number(key) - 1] ?? m) : (named[key] ?? m));
  }

  function renderSample() {
    const n = s.samples.length;
    $("sample-prev").disabled = s.sampleIndex <= 0;
    $("sample-next").disabled = s.sampleIndex >= n - 1;
    if (n === 0) { $("sample").innerHTML = `<p class="muted">No recipient to show yet.</p>`; $("sample-pos").textContent = ""; return; }
    const x = s.samples[s.sampleIndex];
    $("sample-pos").textContent = `Recipient ${s.sampleIndex + 1} of ${n}`;
    const text = x.text ?? renderTemplate(x.parameters);
    const body = text !== null
      ? `<div class="preview" data-testid="sample-text">${h.escape(text)}</div>`
      : `<pre class="preview">${h.escape(JSON.stringify(x.parameters, null, 2))}</pre>`;
    const seg = x.segments ? ` · ${x.segments} segment${x.segments === 1 ? "" : "s"} (${h.escape(x.encoding)})` : "";
    $("sample").innerHTML = `<p class="muted">Row ${x.row} · ${h.escape(x.phone)} · from ${h.escape(senderName(x.sender))}${seg}</p>${body}`;
  }

  // ---------- schedule ----------
  function sendAt() {
    if (document.querySelector('input[name="when"]:checked').value !== "later") return null;
    const v = $("send-at").value;
    return v ? new Date(v).toISOString() : "";
  }

  async function saveSchedule() {
    const at = sendAt();
    if (at === "") { h.showProblem("wizard-problem", { detail: "Choose the date and time to send at, or send now." }); return false; }
    if (at && new Date(at) <= new Date()) { h.showProblem("wizard-problem", { detail: "The time to send at has passed; choose a later one, or send now." }); return false; }
    const body = { quiet_hours: $("quiet").value || "default" };
    const rate = $("max-rate").value.trim();
    if (rate !== "") {
      const n = Number(rate);
      if (!(n > 0)) { h.showProblem("wizard-problem", { detail: "The max rate is messages per second, more than 0." }); return false; }
      body.max_rate = n;
    }
    if ($("validity").value) body.validity = Number($("validity").value);
    const r = await h.api("PATCH", `/v1/broadcasts/${s.id}`, body);
    if (!r.ok) { h.showProblem("wizard-problem", r.json); return false; }
    h.showProblem("wizard-problem", null);
    return true;
  }

  // ---------- review ----------
  function facts(el, pairs) {
    $(el).innerHTML = pairs.map(([k, v]) => `<dt>${h.escape(k)}</dt><dd>${h.escape(v)}</dd>`).join("");
  }

  async function loadReview() {
    $("review-loading").hidden = false;
    $("review").hidden = true;
    $("start").disabled = true;
    const r = await h.api("GET", `/v1/broadcasts/${s.id}/preview?samples=1`);
    if (!r.ok) { h.showProblem("wizard-problem", r.json); return; }
    const p = r.json, c = p.counts;
    facts("review-counts", [["Valid", c.valid], ["Invalid", c.invalid], ["Duplicate", c.duplicate], ["Opted out", c.opted_out], ["Total rows", c.total]]);
    const audience = source() === "csv"
      ? (s.csv ? `CSV ${s.csv.name}` : "the CSV on file")
      : `saved contacts meeting ${$("match").value === "any" ? "any" : "all"} of ${conditions().length} condition${conditions().length === 1 ? "" : "s"}`;
    const msg = [["Audience", audience], ["Channel", $("channel").value], ["Senders", chosenSenders().map(senderName).join(", ") || "the channel's default"]];
    if (s.template && $("channel").value === "whatsapp") msg.push(["Template", `${s.template.name} (${s.template.language})`]);
    if (p.sms) {
      msg.push(["Encoding", Object.entries(p.sms.encodings).map(([k, v]) => `${k === "gsm7" ? "GSM-7" : k === "ucs2" ? "UCS-2" : k}: ${v}`).join(", ") || "—"]);
      msg.push(["Segments", Object.entries(p.sms.segments).map(([k, v]) => `${v} × ${k} segment${k === "1" ? "" : "s"}`).join(", ") || "—"]);
    }
    facts("review-message", msg);
    const at = sendAt();
    const f = p.forecast;
    const fc = [["Starts", at ? new Date(at).toLocaleString() : "now, when you press Start"],
      ["Quiet hours", $("quiet").selectedOptions[0]?.textContent ?? ""], ["Max rate", $("max-rate").value ? `${$("max-rate").value} per second` : "the senders' rate"],
      ["Validity", $("validity").selectedOptions[0]?.textContent ?? ""]];
    if (f) {
      const finish = at ? new Date(new Date(at).getTime() + f.duration_seconds * 1000) : new Date(f.finish_at);
      fc.push(["Rate", `${f.rate_per_second} messages per second`], ["Duration", f.duration_seconds < 1 ? "under a second" : h.duration(f.duration_seconds * 1000)], ["Forecast finish", finish.toLocaleString()]);
      if (f.note) fc.push(["Note", f.note]);
    }
    facts("review-forecast", fc);
    const problems = p.problems ?? [];
    $("review-problems").hidden = problems.length === 0;
    $("review-problems").textContent = problems.length ? "It cannot start yet:\n" + problems.map(x => "• " + x).join("\n") : "";
    $("review-loading").hidden = true;
    $("review").hidden = false;
    $("start").disabled = problems.length > 0 || c.valid === 0;
  }

  async function start() {
    $("start").disabled = true;
    const at = sendAt();
    const r = await h.api("POST", `/v1/broadcasts/${s.id}/start`, at ? { send_at: at } : undefined);
    if (!r.ok) { h.showProblem("wizard-problem", r.json); $("start").disabled = false; return; }
    location.href = `/console/broadcasts/${s.id}`;
  }

  // ---------- steps ----------
  function show(step) {
    s.step = step;
    for (const name of STEPS) $("step-" + name).hidden = name !== step;
    document.querySelectorAll(".steps li").forEach(li => { if (li.dataset.step === step) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current"); });
    if (s.id) setUrl();
    $("h-" + step).setAttribute("tabindex", "-1");
    $("h-" + step).focus();
    if (step === "review") loadReview();
  }

  function audienceNext() {
    if ($("bc-name").value.trim() === "") { h.showProblem("wizard-problem", { detail: "Give the broadcast a name." }); $("bc-name").focus(); return; }
    if (source() === "csv" && !s.csv && s.serverAudience?.kind !== "csv") { h.showProblem("wizard-problem", { detail: "Choose a CSV file with the recipients." }); $("csv-file").focus(); return; }
    if (source() === "contacts") {
      const bad = [...document.querySelectorAll(".bc-condition")].find(div => div.querySelector(".cond-field").value.trim() !== ""
        && !["exists", "not_exists"].includes(div.querySelector(".cond-op").value) && div.querySelector(".cond-value").value.trim() === "");
      if (bad) { h.showProblem("wizard-problem", { detail: "Give each condition a value (or use “is set” / “is not set”)." }); bad.querySelector(".cond-value").focus(); return; }
    }
    h.showProblem("wizard-problem", null);
    renderChips();
    show("content");
  }

  async function resume(id, step) {
    const r = await h.api("GET", `/v1/broadcasts/${encodeURIComponent(id)}`);
    if (!r.ok) { h.showProblem("wizard-problem", r.json); return; }
    const b = r.json;
    if (b.state !== "draft") { location.replace(`/console/broadcasts/${b.id}`); return; }
    s.id = b.id;
    $("wizard-title").textContent = `Edit broadcast: ${b.name}`;
    $("bc-name").value = b.name;
    s.serverAudience = b.audience ?? null;
    if (s.serverAudience?.kind === "contacts") {
      $("src-contacts").checked = true;
      $("csv-part").hidden = true;
      $("contacts-part").hidden = false;
      $("match").value = s.serverAudience.contacts?.match ?? "all";
      for (const c of s.serverAudience.contacts?.conditions ?? []) addCondition(c);
      if ((s.serverAudience.contacts?.conditions ?? []).length === 0) addCondition();
    } else if (s.serverAudience?.kind === "csv") {
      $("csv-current").hidden = false;
      $("csv-current").textContent = `The audience on file: ${s.serverAudience.rows} rows from a CSV (columns ${(s.serverAudience.columns ?? []).join(", ")}). Choose another file to replace it.`;
    }
    s.audienceDirty = false;
    $("channel").value = b.channel;
    s.loadedContent = b.content;
    if (b.content?.text !== undefined && b.content?.text !== null) { $("text").value = b.content.text; renderDefaults(b.content.defaults ?? {}); }
    await loadSenders();
    renderSenders(b.senders);
    await syncChannel();
    renderSenders(b.senders);
    if (b.quiet_hours) {
      if (![...$("quiet").options].some(o => o.value === b.quiet_hours)) $("quiet").add(new Option(b.quiet_hours, b.quiet_hours));
      $("quiet").value = b.quiet_hours;
    }
    if (b.max_rate) $("max-rate").value = b.max_rate;
    if (b.validity) {
      const v = String(b.validity);
      if (![...$("validity").options].some(o => o.value === v)) $("validity").add(new Option(h.duration(b.validity * 1000), v));
      $("validity").value = v;
    }
    renderChips();
    show(STEPS.includes(step) && step !== "audience" ? step : "content");
  }

  function init() {
    $("csv-file").addEventListener("change", onFile);
    $("phone-column").addEventListener("change", () => { s.audienceDirty = true; renderChips(); });
    $("tz-column").addEventListener("change", () => { s.audienceDirty = true; renderChips(); });
    document.querySelectorAll('input[name="source"]').forEach(x => x.addEventListener("change", syncSource));
    $("match").addEventListener("change", () => { s.audienceDirty = true; });
    $("add-condition").addEventListener("click", () => addCondition().querySelector(".cond-field").focus());
    $("audience-next").addEventListener("click", audienceNext);
    $("channel").addEventListener("change", syncChannel);
    $("template").addEventListener("change", () => chooseTemplate());
    $("text").addEventListener("input", h.debounce(() => renderDefaults(), 300));
    $("chips").addEventListener("click", e => { const b = e.target.closest(".bc-chip"); if (b) insertPlaceholder(b.dataset.col); });
    $("content-preview").addEventListener("click", preview);
    $("sample-prev").addEventListener("click", () => { s.sampleIndex--; renderSample(); });
    $("sample-next").addEventListener("click", () => { s.sampleIndex++; renderSample(); });
    $("content-next").addEventListener("click", async () => { if (await saveDraft()) show("schedule"); });
    document.querySelectorAll('input[name="when"]').forEach(x => x.addEventListener("change", () => {
      $("send-at-part").hidden = document.querySelector('input[name="when"]:checked').value !== "later";
    }));
    $("schedule-next").addEventListener("click", async () => { if (await saveSchedule()) show("review"); });
    $("start").addEventListener("click", start);
    document.querySelectorAll("[data-back]").forEach(b => b.addEventListener("click", () => show(b.dataset.back)));
    const q = new URLSearchParams(location.search);
    if (q.get("id")) resume(q.get("id"), q.get("step"));
    else { loadSenders(); syncSource(); s.audienceDirty = false; }
  }

  init();
})();

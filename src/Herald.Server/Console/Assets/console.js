// Herald console: a few helpers shared by the pages. The pages call Herald's own /v1 API with the session cookie and
// the page's anti-forgery token; problems come back as RFC 9457 JSON and are shown as they are written.
(function () {
  "use strict";
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";

  /** Calls the API; resolves to { ok, status, json } and never throws for an HTTP error. */
  async function api(method, path, body, contentType, extraHeaders) {
    const headers = { "X-CSRF-Token": csrf(), "Accept": "application/json", ...(extraHeaders || {}) };
    let payload;
    if (body !== undefined && body !== null) {
      if (contentType && contentType !== "application/json") { headers["Content-Type"] = contentType; payload = body; }
      else { headers["Content-Type"] = "application/json"; payload = JSON.stringify(body); }
    }
    let res;
    try { res = await fetch(path, { method, headers, body: payload, credentials: "same-origin" }); }
    catch (e) { return { ok: false, status: 0, json: { detail: "Herald could not be reached; check that it is running." } }; }
    if (res.status === 401) { location.href = "/console/signin?ReturnUrl=" + encodeURIComponent(location.pathname + location.search); }
    let json = null;
    const type = res.headers.get("Content-Type") || "";
    if (type.includes("json")) { try { json = await res.json(); } catch { json = null; } }
    return { ok: res.ok, status: res.status, json, response: res };
  }

  /** The sentence a person can act on, with every field or rule problem after it. */
  function problemText(p) {
    if (!p) return "Something went wrong.";
    const lines = [p.detail || p.title || "Something went wrong."];
    for (const r of (p.reasons || p.errors || [])) { if (r.message && r.message !== p.detail) lines.push("• " + r.message); }
    return lines.join("\n");
  }

  function showProblem(el, p) {
    if (typeof el === "string") el = document.getElementById(el);
    if (!el) return;
    el.textContent = p ? problemText(p) : "";
    el.hidden = !p;
  }

  /** Runs fn now and every ms milliseconds while the page is visible; returns a stop function. */
  function poll(fn, ms) {
    let stopped = false, timer = null;
    const tick = async () => {
      if (stopped) return;
      if (!document.hidden) { try { await fn(); } catch (e) { /* the next tick tries again */ } }
      if (!stopped) timer = setTimeout(tick, ms);
    };
    tick();
    return () => { stopped = true; clearTimeout(timer); };
  }

  /** "13 h 20 min", "4 min 05 s", "45 s". */
  function duration(ms) {
    if (ms <= 0) return "0 s";
    const s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    if (h > 0) return `${h} h ${m} min`;
    if (m > 0) return `${m} min ${String(sec).padStart(2, "0")} s`;
    return `${sec} s`;
  }

  function when(iso) { return iso ? new Date(iso).toLocaleString() : ""; }

  function escape(s) {
    return String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  /** Debounces fn by ms: live lint and previews call the server once the user pauses typing. */
  function debounce(fn, ms) {
    let t = null;
    return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
  }

  /** Every item of a cursor-paged list (pages of 500, at most 10,000 items); { ok, data, json } like api(). */
  async function listAll(path) {
    const data = [];
    let cursor = null;
    for (let page = 0; page < 20; page++) {
      const sep = path.includes("?") ? "&" : "?";
      const r = await api("GET", `${path}${sep}limit=500${cursor ? "&cursor=" + encodeURIComponent(cursor) : ""}`);
      if (!r.ok) return { ok: false, status: r.status, json: r.json, data };
      data.push(...r.json.data);
      cursor = r.json.next_cursor;
      if (!cursor) break;
    }
    return { ok: true, status: 200, data, json: { data } };
  }

  /** RFC 4180 records of the text: quoted fields, "" inside quotes, CRLF or LF; blank lines skipped. */
  function csvRecords(text, max) {
    const out = [];
    let row = [], field = "", quoted = false, i = 0;
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    const endRow = () => { row.push(field); field = ""; if (row.length > 1 || row[0].trim() !== "") out.push(row); row = []; };
    for (; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"') { if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false; } else field += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") { row.push(field); field = ""; }
      else if (c === "\n" || c === "\r") { if (c === "\r" && text[i + 1] === "\n") i++; endRow(); if (max && out.length >= max) return out; }
      else field += c;
    }
    if (field !== "" || row.length > 0) endRow();
    return out;
  }

  /** Header names Herald takes for the phone column when none is named (the server's CSV reader uses the same list). */
  const phoneColumnNames = ["phone", "phone_number", "mobile", "msisdn", "number", "whatsapp", "to"];

  /** A random Idempotency-Key (works outside secure contexts too, unlike crypto.randomUUID). */
  function newKey() {
    return "console-" + Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, "0")).join("");
  }

  window.herald = { api, problemText, showProblem, poll, duration, when, escape, debounce, newKey, listAll, csvRecords, phoneColumnNames };
})();

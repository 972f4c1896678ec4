// Broadcast detail: polls GET /v1/broadcasts/{id} every second and draws the progress bar, the delivery funnel and
// the counts per status; pause / resume / cancel are enabled by state.
(function () {
  "use strict";
  const $ = id => document.getElementById(id);
  const h = window.herald;
  const root = $("detail");
  const id = root.dataset.id;
  const FINAL = ["completed", "cancelled", "failed"];
  let stop = null, finishedPolls = 0;

  function funnel(p) {
    const failed = p.failed + p.expired;
    const read = p.read, delivered = p.delivered + read, sent = p.sent + delivered;
    const queued = p.queued + p.sending + sent + failed;
    const steps = [["Queued", queued, ""], ["Sent", sent, ""], ["Delivered", delivered, "ok"], ["Read", read, "ok"], ["Failed", failed, "bad"]];
    const top = Math.max(queued, 1);
    $("bc-funnel").innerHTML = steps.map(([label, n, kind]) => {
      const pct = Math.round(n * 100 / top);
      return `<div class="step" role="listitem" aria-label="${label}: ${n}">
        <span class="label">${label}</span>
        <div class="bar bc-funnel-bar ${kind}" aria-hidden="true"><span style="width:${pct}%"></span></div>
        <span class="count">${n}</span></div>`;
    }).join("");
  }

  function render(b) {
    document.title = `${b.name} · Herald`;
    $("bc-name").textContent = b.name;
    const state = $("bc-state");
    state.textContent = b.state + (b.paused_by ? ` (${b.paused_by})` : "");
    state.className = `badge status-${b.state}`;
    const reason = [b.state_reason, b.waiting_until ? `waiting until ${h.when(b.waiting_until)}` : ""].filter(Boolean).join(" · ");
    $("bc-reason").hidden = !reason;
    $("bc-reason").textContent = reason;
    if ($("bc-pause")) {
      $("bc-edit").hidden = b.state !== "draft";
      $("bc-pause").disabled = !["running", "scheduled"].includes(b.state);
      $("bc-resume").disabled = b.state !== "paused";
      $("bc-cancel").disabled = !["running", "scheduled", "paused"].includes(b.state);
      // Only failures that may succeed later are re-sent (retries exhausted on a transient error, or expired).
      $("bc-retry").hidden = !(b.state === "completed" && b.progress && b.progress.failed + b.progress.expired > 0);
    }
    const p = b.progress;
    if (!p) return;
    const waiting = p.pending + p.queued + p.sending;
    const done = Math.max(p.total - waiting, 0);
    const pct = p.total > 0 ? Math.floor(done * 100 / p.total) : 0;
    const bar = $("bc-progress");
    bar.setAttribute("aria-valuenow", String(pct));
    bar.setAttribute("aria-valuetext", `${pct}%: ${done} of ${p.total} recipients`);
    bar.firstElementChild.style.width = pct + "%";
    const eta = p.eta && !FINAL.includes(b.state) ? ` · about ${h.duration(new Date(p.eta) - new Date())} left` : "";
    $("bc-progress-text").textContent = `${pct}% · ${done} of ${p.total} recipients done${eta}`;
    const facts = [
      ["Handed to a provider", p.handed],
      ["Waiting", waiting],
      ["Rate", `${(p.rate_per_second ?? 0).toFixed(1)} per second`],
      ["ETA", p.eta && !FINAL.includes(b.state) ? h.when(p.eta) : "—"],
      ["Channel", b.channel],
      ["Started", h.when(b.started_at) || "—"],
      ["Finished", h.when(b.completed_at) || "—"],
    ];
    if (b.send_at && b.state === "scheduled") facts.unshift(["Starts", h.when(b.send_at)]);
    $("bc-facts").innerHTML = facts.map(([k, v]) => `<dt>${h.escape(k)}</dt><dd>${h.escape(v)}</dd>`).join("");
    funnel(p);
    const rows = ["pending", "queued", "sending", "sent", "delivered", "read", "failed", "expired", "cancelled", "skipped", "invalid", "duplicate"];
    $("bc-counts").innerHTML = rows.map(k => `<tr><td><span class="badge status-${k}">${k}</span></td><td>${p[k] ?? 0}</td></tr>`).join("");
  }

  async function load() {
    const r = await h.api("GET", `/v1/broadcasts/${encodeURIComponent(id)}`);
    if (!r.ok) { h.showProblem("detail-problem", r.json); if (r.status === 404 && stop) stop(); return; }
    render(r.json);
    // Statuses keep arriving after completion; poll a while longer, then stop.
    const p = r.json.progress;
    const settled = FINAL.includes(r.json.state) && p && p.queued + p.sending + p.sent + p.delivered === 0;
    finishedPolls = FINAL.includes(r.json.state) ? finishedPolls + 1 : 0;
    if ((settled || finishedPolls > 120 || r.json.state === "draft") && stop) stop();
  }

  async function control(action, confirmText) {
    if (confirmText && !confirm(confirmText)) return;
    const r = await h.api("POST", `/v1/broadcasts/${encodeURIComponent(id)}/${action}`);
    if (!r.ok) { h.showProblem("detail-problem", r.json); return; }
    h.showProblem("detail-problem", null);
    if (action === "retry") {
      const n = r.json.retried;
      $("bc-notice").textContent = n > 0 ? `${n} recipient${n === 1 ? "" : "s"} will be sent again.`
        : "Nothing to retry: the failures are permanent (a wrong number, an opt-out, a refused template) and would fail again.";
      $("bc-notice").hidden = false;
    }
    finishedPolls = 0;
    if (stop) stop();
    stop = h.poll(load, 1000);
  }

  if ($("bc-pause")) {
    $("bc-pause").addEventListener("click", () => control("pause"));
    $("bc-resume").addEventListener("click", () => control("resume"));
    $("bc-cancel").addEventListener("click", () => control("cancel", "Cancel this broadcast? Messages not yet handed to a provider will not be sent."));
    $("bc-retry").addEventListener("click", () => control("retry"));
  }
  stop = h.poll(load, 1000);
})();

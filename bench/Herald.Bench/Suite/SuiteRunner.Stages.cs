using System.Diagnostics;
using System.Globalization;

namespace Herald.Bench.Suite;

/// <summary>The stages, each turning its measurement into figures and notes.</summary>
internal static partial class SuiteRunner
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static async Task ImportAsync(RunState run, HeraldChild herald, string csv)
    {
        var o = run.Options;
        var f = run.Figures;
        Progress($"writing a {o.Recipients:N0}-row CSV to {csv}");
        var clock = Stopwatch.StartNew();
        var size = ImportStage.WriteCsv(csv, o.Recipients);
        Progress($"CSV written ({Figures.Mb(size)}, {clock.Elapsed.TotalSeconds:F1} s); streaming it to POST /v1/contacts/import");
        try
        {
            var cpuBefore = herald.Process.CpuTime();
            var r = await ImportStage.RunAsync(herald, csv);
            var cores = (herald.Process.CpuTime() - cpuBefore).TotalSeconds / r.Elapsed.TotalSeconds;
            var rate = r.Rows / r.Elapsed.TotalSeconds;
            Progress(string.Create(Inv, $"import answered in {r.Elapsed.TotalSeconds:F1} s ({rate:N0} rows/s): {r.Answer}"));
            f.AtLeast("import", $"(a) CSV import, {r.Rows:N0} rows", rate, 200_000, "N0", " rows/s");
            f.Note(string.Create(Inv, $"import: {r.Rows:N0} rows ({Figures.Mb(r.CsvBytes)}) in {r.Elapsed.TotalSeconds:F1} s: created {r.Created:N0}, " +
                $"duplicates {r.Duplicates:N0}, invalid {r.Invalid:N0}; Herald kept {cores:F2} of {Environment.ProcessorCount} cores busy; " +
                $"its peak memory after it {Figures.Mb(herald.Process.PeakRssBytes() ?? 0)}"));
            run.Imported = r.Created + r.Duplicates > 0 || r.Rows > 0;
        }
        catch (BenchStepException e)
        {
            Progress(e.Message);
            f.NotMeasured("import", "(a) CSV import", "≥ 200,000 rows/s", e.Status == 404 ? "this build has no POST /v1/contacts/import (404)" : e.Message);
        }
        run.Peak("import", herald);
    }

    private static async Task BroadcastAsync(RunState run, HeraldChild herald, SimulatorChild sim, string senderId)
    {
        var o = run.Options;
        var f = run.Figures;
        Progress($"bare loop: {o.Clients} HttpClient clients POSTing Twilio sends to the simulator for {o.BareSeconds} s");
        var cpu = Cpu.Take(herald, sim);
        var bare = await BareLoop.RunAsync(sim, o.Clients, TimeSpan.FromSeconds(o.BareSeconds), herald.Address + $"hooks/twilio/{senderId}");
        var bareCpu = Cpu.Take(herald, sim).Since(cpu, bare.Elapsed);
        await sim.ClearAsync();
        var bareError = bare.FirstError is null ? "" : $" (first: {bare.FirstError})";
        f.Note(string.Create(Inv, $"bare loop: {bare.Sent:N0} sends in {bare.Elapsed.TotalSeconds:F1} s = {bare.PerSecond:N0}/s, {bare.Errors} errors" +
            $"{bareError}; {o.Clients} clients, keep-alive, status webhooks off; cores used: {bareCpu}"));
        if (!run.Imported)
        {
            f.NotMeasured("drain", "(b) broadcast drain", "≥ 15,000 msg/s", "there are no imported contacts to broadcast to");
            f.Add("bare", "(b) bare HttpClient loop to the simulator", string.Create(Inv, $"{bare.PerSecond:N0} msg/s"));
            f.NotMeasured("transactional", "(c) transactional time to provider", "p99 ≤ 250 ms", "no drain to measure it during");
            return;
        }
        var probe = new TransactionalProbe(herald, senderId);
        BroadcastStage.Result? b = null;
        Progress($"broadcast to every contact through the Twilio sender; a transactional SMS every 200 ms meanwhile");
        var drainCpu = Cpu.Take(herald, sim);
        try
        {
            b = await BroadcastStage.RunAsync(herald, sim, senderId, TimeSpan.FromSeconds(o.DrainTimeoutSeconds), probe.Start);
        }
        catch (BenchStepException e)
        {
            Progress(e.Message);
            f.NotMeasured("drain", "(b) broadcast drain", "≥ 15,000 msg/s", e.Status == 404 ? "this build has no /v1/broadcasts (404)" : e.Message);
        }
        finally
        {
            await probe.StopAsync();
        }
        run.Peak("drain", herald);
        if (b is null)
        {
            f.Add("bare", "(b) bare HttpClient loop to the simulator", string.Create(Inv, $"{bare.PerSecond:N0} msg/s"));
            f.NotMeasured("transactional", "(c) transactional time to provider", "p99 ≤ 250 ms", "no drain to measure it during");
            return;
        }
        run.Broadcasted = true;
        f.AtLeast("drain", $"(b) broadcast drain, {b.SimSends:N0} sends", b.PerSecond, 15_000, "N0", " msg/s");
        f.Add("bare", "(b) bare HttpClient loop to the simulator", string.Create(Inv, $"{bare.PerSecond:N0} msg/s"));
        var ratio = bare.PerSecond > 0 ? b.PerSecond / bare.PerSecond : 0;
        f.AtLeast("ratio", "(b) drain / bare loop", ratio * 100, 50, "F1", " %");
        f.Note(string.Create(Inv, $"drain: broadcast {b.Id} ended {b.State}{(b.TimedOut ? " (TIMED OUT: --drain-timeout)" : "")}; the simulator recorded " +
            $"{b.SimSends:N0} sends (broadcast and transactional) over {b.DrainTime.TotalSeconds:F1} s from the first to the last = {b.PerSecond:N0}/s; " +
            $"steady (10 %–90 %) {b.SteadyPerSecond:N0}/s; first send {b.StartToFirstSend.TotalMilliseconds:N0} ms after /start answered; " +
            $"status webhooks OFF during the drain; progress {b.Progress}; cores used from /start to completion: {Cpu.Take(herald, sim).Since(drainCpu, b.Wall)}"));

        await Task.Delay(1000);
        var t = await probe.MeasureAsync(sim);
        if (t.Reached > 0)
        {
            f.AtMost("transactional", string.Create(Inv, $"(c) transactional time to provider, p99 ({t.Reached} sends)"), t.P99Ms, 250, "N0", " ms");
            f.Add("transactional-p50", "(c) transactional p50 / max",
                string.Create(Inv, $"{t.P50Ms:N0} / {t.MaxMs:N0} ms"));
        }
        else
        {
            f.NotMeasured("transactional", "(c) transactional time to provider", "p99 ≤ 250 ms", $"none of {t.Sent} probes reached the simulator ({t.FirstError})");
        }
        var refusal = t.FirstError is null ? "" : $"; first refusal: {t.FirstError}";
        f.Note(string.Create(Inv, $"transactional: {t.Sent} POST /v1/messages every 200 ms during the drain, {t.Accepted} answered 202, {t.Reached} reached the simulator; " +
            $"p50 {t.P50Ms:N0} ms, p99 {t.P99Ms:N0} ms, max {t.MaxMs:N0} ms{refusal}"));
    }

    private static async Task WebhooksAsync(RunState run, HeraldChild herald, SimulatorChild sim, string senderId)
    {
        var o = run.Options;
        var f = run.Figures;
        if (!run.Broadcasted)
        {
            var seed = Math.Min(o.WebhookMessages, o.Recipients);
            Progress($"no broadcast in this run: sending {seed:N0} messages through POST /v1/messages for the status callbacks to be about");
            await sim.ClearAsync();
            await WebhookStage.SeedAsync(herald, sim, senderId, seed, o.Clients);
        }
        Progress($"reading up to {o.WebhookMessages:N0} sends back from the simulator");
        var messages = await WebhookStage.CollectAsync(sim, 0, o.WebhookMessages);
        Progress($"posting {messages.Count * 2:N0} signed Twilio status callbacks (sent, delivered) with {o.Clients} clients, at most {o.WebhookSeconds} s");
        var cpu = Cpu.Take(herald, sim);
        var w = await WebhookStage.RunAsync(herald, senderId, messages, o.Clients, TimeSpan.FromSeconds(o.WebhookSeconds));
        var used = Cpu.Take(herald, sim).Since(cpu, w.Elapsed);
        f.AtLeast("webhooks", string.Create(Inv, $"(d) status webhooks ingested ({w.Ok:N0})"), w.PerSecond, 20_000, "N0", "/s");
        var stopped = w.Finished ? "" : $" (stopped at --webhook-seconds {o.WebhookSeconds})";
        var hookError = w.FirstError is null ? "" : $" (first: {w.FirstError})";
        f.Note(string.Create(Inv, $"webhooks: {w.Posted:N0} of {w.Messages * 2:N0} callbacks posted in {w.Elapsed.TotalSeconds:F1} s{stopped}" +
            $", {w.Ok:N0} answered 2xx, {w.Errors} errors{hookError}; read back {w.Checked} messages spread over those posted: {w.Delivered} delivered; " +
            $"cores used: {used}"));
        if (w.Checked > 0 && w.Delivered < w.Checked)
        {
            f.Failed($"webhooks: {w.Checked - w.Delivered} of the {w.Checked} messages read back are not delivered: the statuses were answered but not applied");
        }
        run.Peak("webhooks", herald);
    }

    private static async Task ApiAsync(RunState run)
    {
        Progress("the api command (Herald in-process, its own fresh database)");
        Report.Line();
        var options = new BenchOptions { Seconds = run.Options.ApiSeconds };
        var api = await ApiBenchmark.MeasureAsync(options);
        var ratio = api.Ping.GoodPerSecond > 0 ? api.Send.GoodPerSecond / api.Ping.GoodPerSecond : 0;
        run.Figures.Add("api", "(e) API: POST /v1/messages", string.Create(Inv, $"{api.Send.GoodPerSecond:N0} req/s, p99 {api.Send.P99Ms:F1} ms"));
        run.Figures.Add("api-ping", "(e) API: GET /v1/ping (same stack)", string.Create(Inv, $"{api.Ping.GoodPerSecond:N0} req/s, p99 {api.Ping.P99Ms:F1} ms"));
        run.Figures.Add("api-ratio", "(e) API: messages / ping", string.Create(Inv, $"{ratio * 100:F1} %"), "≥ 40 %", api.Met);
        if (api.ExitCode != 0)
        {
            run.Figures.Failed("api: the durability check failed (see its report above)");
        }
    }
}

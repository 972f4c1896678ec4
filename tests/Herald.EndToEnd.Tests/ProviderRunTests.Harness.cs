using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Testing;

namespace Herald.EndToEnd.Tests;

/// <summary>The two processes of a provider run: start-up, senders and template, queueing, draining, reports.</summary>
public sealed partial class ProviderRunTests
{
    /// <summary>
    /// A fresh database, Herald on a fixed port pointed at the simulator's port, a Meta sender and a Twilio SMS sender,
    /// then the simulator (told the Meta sender's webhook URL) and an approved WhatsApp template.
    /// </summary>
    private async Task<(Run Run, HeraldProcess Herald)> SetUpAsync(StorageKind kind, int rate)
    {
        var storage = await TestStorage.CreateAsync(kind);
        var settings = storage.Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!, StringComparer.Ordinal);
        if (kind == StorageKind.Postgres)
        {
            settings["Storage__DataDirectory"] = Path.Combine(Path.GetTempPath(), "herald-tests", Guid.NewGuid().ToString("N"));
        }
        _directories.Add(settings["Storage__DataDirectory"]);
        var store = kind == StorageKind.Sqlite
            ? StoreProbe.Sqlite(settings["Storage__DataDirectory"])
            : StoreProbe.Postgres(settings["Storage__ConnectionString"]);

        var simPort = HeraldProcess.FreeLoopbackPort();
        var heraldPort = HeraldProcess.FreeLoopbackPort();
        var simulatorUrl = $"http://127.0.0.1:{simPort}";
        settings["Herald__PublicUrl"] = $"http://127.0.0.1:{heraldPort}";
        settings["Herald__Secrets__Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        settings["Herald__Providers__MetaBaseUrl"] = simulatorUrl;
        settings["Herald__Providers__TwilioBaseUrl"] = simulatorUrl;
        settings["Herald__Providers__InfobipBaseUrl"] = simulatorUrl;
        // Short, so that the simulator's hangs (3 s) end as timeouts quickly and the run stays short.
        settings["Herald__Providers__RequestTimeout"] = "00:00:01";
        settings["Herald__Providers__TemplateReconcileInterval"] = "00:00:00";
        settings["Herald__Dispatcher__IdlePoll"] = "00:00:00.050";
        settings["Herald__Dispatcher__Lease"] = "00:00:10";

        var herald = Start(settings, heraldPort);
        await herald.WaitReadyAsync(StartTimeout);
        var meta = await PostAsync(herald, "v1/senders", new
        {
            name = "WA",
            provider = "meta",
            address = "+15550783881",
            rate_per_second = rate,
            messaging_tier = "TIER_UNLIMITED",
            settings = new { phone_number_id = "106540352242922", waba_id = "102290129340398" },
            credentials = new { access_token = "sim-meta-token", app_secret = "sim-meta-app-secret", verify_token = "vt" },
        });
        var twilio = await PostAsync(herald, "v1/senders", new
        {
            name = "SMS",
            provider = "twilio",
            channel = "sms",
            address = "+14155550100",
            rate_per_second = rate,
            rate_per_segment = false,
            settings = new { account_sid = "AC00000000000000000000000000000000" },
            credentials = new { auth_token = "sim-twilio-auth-token" },
        });
        var metaId = meta["id"]!.GetValue<string>();
        var metaHook = meta["webhook_url"]?.GetValue<string>() ?? throw new InvalidOperationException($"The Meta sender has no webhook_url: {meta}");

        var simulator = SimulatorProcess.Start(simPort, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["seed"] = "42",
            ["Simulator:Meta:WebhookUrl"] = metaHook,
        });
        _processes.Add(simulator);
        await simulator.WaitReadyAsync(StartTimeout);
        await simulator.ConfigureAsync(new { webhookRetries = 10, webhookRetryDelayMs = 500 });

        // The WhatsApp template: created, submitted to Meta (PENDING), approved by the simulator's webhook.
        var template = await PostAsync(herald, "v1/templates", new
        {
            name = TemplateName,
            language = TemplateLanguage,
            category = "UTILITY",
            components = new object[]
            {
                new { type = "BODY", text = "Your order {{1}} is on its way.", example = new { body_text = new[] { new[] { "A-1" } } } },
            },
        });
        var templateId = template["id"]!.GetValue<string>();
        await PostAsync(herald, $"v1/templates/{templateId}/submit", new { sender = metaId }, HttpStatusCode.OK);
        using (var approve = await simulator.Client.PostAsJsonAsync(new Uri($"_sim/templates/{TemplateName}/status", UriKind.Relative), new { status = "approve" }))
        {
            Assert.True(approve.IsSuccessStatusCode, $"Approving the template at the simulator: {(int)approve.StatusCode} {await approve.Content.ReadAsStringAsync()}");
        }
        await WaitApprovedAsync(herald, templateId, metaId);

        var run = new Run(settings, heraldPort, store, simulator, metaId, twilio["id"]!.GetValue<string>(), rate);
        return (run, herald);
    }

    private static async Task WaitApprovedAsync(HeraldProcess herald, string templateId, string senderId)
    {
        var clock = Stopwatch.StartNew();
        var last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var r = await herald.Client.GetAsync(new Uri($"v1/templates/{templateId}", UriKind.Relative));
            last = await r.Content.ReadAsStringAsync();
            var statuses = JsonNode.Parse(last)?["statuses"]?.AsArray();
            if (statuses?.Any(s => s!["sender"]?.GetValue<string>() == senderId && s["status"]?.GetValue<string>() == "APPROVED") == true)
            {
                return;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"The template was not APPROVED within 60 s of the simulator's approval: {last}{Environment.NewLine}{herald.Tail(20)}");
    }

    private async Task<JsonNode> PostAsync(HeraldProcess herald, string path, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var r = await herald.Client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, _overall.Token);
        var text = await r.Content.ReadAsStringAsync(_overall.Token);
        Assert.True(r.StatusCode == expected, $"POST /{path}: {(int)r.StatusCode} {text}{Environment.NewLine}{herald.Tail(20)}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>
    /// Queues the 10,000 (even: Twilio SMS to +1 415 555 0000…4999, odd: the Meta template to +1 415 555 5000…9999,
    /// every recipient distinct); every POST must answer 202.
    /// </summary>
    private async Task<string[]> QueueAsync(HeraldProcess herald, Run run)
    {
        var ids = new string[Total];
        var wrong = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Total),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = _overall.Token },
            async (i, ct) =>
            {
                var n = i / 2 + (i % 2 == 0 ? 0 : Total / 2);
                var to = "+1415555" + n.ToString("D4", CultureInfo.InvariantCulture);
                object body = i % 2 == 0
                    ? new { to, channel = "sms", sender = run.TwilioSender, text = $"Provider run message {i}", purpose = "transactional" }
                    : new
                    {
                        to, channel = "whatsapp", sender = run.MetaSender, purpose = "transactional",
                        template = new { name = TemplateName, language = TemplateLanguage, parameters = new[] { $"A-{i}" } },
                    };
                using var r = await herald.Client.PostAsJsonAsync(new Uri("v1/messages", UriKind.Relative), body, ct);
                var text = await r.Content.ReadAsStringAsync(ct);
                if (r.StatusCode != HttpStatusCode.Accepted)
                {
                    wrong.Enqueue($"#{i}: {(int)r.StatusCode} {text}");
                    return;
                }
                using var doc = JsonDocument.Parse(text);
                ids[i] = doc.RootElement.GetProperty("id").GetString()!;
            });
        Assert.True(wrong.IsEmpty,
            $"{wrong.Count} of {Total} sends were not answered 202: {string.Join(" | ", wrong.Take(3))}{Environment.NewLine}{herald.Tail(20)}");
        Assert.Equal(Total, ids.Distinct(StringComparer.Ordinal).Count());
        return ids;
    }

    /// <summary>Waits until the queue is empty and every message is final for its channel; fails with the breakdown otherwise.</summary>
    private async Task<IReadOnlyDictionary<string, long>> DrainAsync(HeraldProcess herald, Run run)
    {
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            var queued = await run.Store.CountAsync("SELECT COUNT(*) FROM outbox");
            var rows = await run.Store.RowsAsync(
                "SELECT sender_id, status, COUNT(*) FROM messages WHERE direction = 'outbound' GROUP BY sender_id, status");
            var notFinal = rows.Where(r => !FinalFor(run, (string)r[0]!).Contains((string)r[1]!, StringComparer.Ordinal))
                .Sum(r => StoreProbe.ToLong(r[2]));
            var counts = rows.GroupBy(r => (string)r[1]!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(r => StoreProbe.ToLong(r[2])), StringComparer.Ordinal);
            if (notFinal == 0 && queued == 0 && counts.Values.Sum() >= Total)
            {
                return counts;
            }
            if (herald.HasExited)
            {
                Assert.Fail($"Herald exited while draining: {StoreProbe.Describe(counts)}; outbox {queued}. {herald.ExitReport()}" +
                    $"{Environment.NewLine}{await StuckAsync(run)}");
            }
            Assert.False(run.Simulator.HasExited, $"The simulator exited.{Environment.NewLine}{run.Simulator.Tail()}");
            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(30))
            {
                lastReport = clock.Elapsed;
                output.WriteLine($"{clock.Elapsed.TotalSeconds:F0} s: {StoreProbe.Describe(counts)}; outbox {queued}");
            }
            if (clock.Elapsed > DrainTimeout)
            {
                var stats = await run.Simulator.StatsAsync();
                Assert.Fail($"Not every message was final after {DrainTimeout}: {StoreProbe.Describe(counts)}; outbox {queued}; " +
                    $"simulator pending webhooks {stats["pendingWebhooks"]}, counters {stats["counters"]?.ToJsonString()}." +
                    $"{Environment.NewLine}{await StuckAsync(run)}{Environment.NewLine}{herald.Tail()}");
            }
            await Task.Delay(500);
        }
    }

    /// <summary>For a failure message: a few messages that are not final, with their timeline and the simulator's webhooks for them.</summary>
    private async Task<string> StuckAsync(Run run)
    {
        var rows = await run.Store.RowsAsync("SELECT id, sender_id, status, provider_message_id, error_code FROM messages WHERE direction = 'outbound'");
        var stuck = rows.Where(r => !FinalFor(run, (string)r[1]!).Contains((string)r[2]!, StringComparer.Ordinal)).Take(5).ToList();
        if (stuck.Count == 0)
        {
            return "(no message is short of a final state)";
        }
        var hooks = JsonNode.Parse(await run.Simulator.Client.GetStringAsync(new Uri("_sim/webhooks", UriKind.Relative)))!.AsArray();
        var lines = new List<string> { $"{rows.Count(r => !FinalFor(run, (string)r[1]!).Contains((string)r[2]!, StringComparer.Ordinal))} not final; e.g.:" };
        foreach (var r in stuck)
        {
            var id = (string)r[0]!;
            var steps = await run.Store.RowsAsync($"SELECT type, at FROM message_events WHERE message_id = '{id}' ORDER BY at, id");
            var provider = r[3] as string;
            var posts = provider is null ? [] : hooks.Where(h => h!["providerId"]?.GetValue<string>() == provider)
                .Select(h => $"{h!["status"]}→{h["httpStatus"]?.ToJsonString() ?? "unreached"}{(h["duplicate"]?.GetValue<bool>() == true ? "(dup)" : "")}@{h["at"]}").ToList();
            lines.Add($"  {id} {(r[1] as string == run.MetaSender ? "meta" : "twilio")} {r[2]} provider id {provider ?? "-"} error {r[4] ?? "-"}; " +
                $"timeline {string.Join(" > ", steps.Select(s => s[0]))}; simulator webhooks {string.Join(", ", posts)}");
        }
        return string.Join(Environment.NewLine, lines);
    }

    private HeraldProcess Start(IReadOnlyDictionary<string, string> settings, int port)
    {
        var p = HeraldProcess.Start(settings, port);
        _processes.Add(p);
        output.WriteLine($"started Herald pid {p.ProcessId} on {p.BaseAddress}");
        return p;
    }

    private void Report(StorageKind kind, string run, IEnumerable<(string Name, string Value)> figures)
    {
        output.WriteLine($"== {run}, {kind}");
        foreach (var (name, value) in figures)
        {
            output.WriteLine($"{name,-60} {value}");
        }
    }

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            p.Dispose();
        }
        _overall.Dispose();
        foreach (var dir in _directories)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
            catch (UnauthorizedAccessException)
            {
                // best effort
            }
        }
    }
}

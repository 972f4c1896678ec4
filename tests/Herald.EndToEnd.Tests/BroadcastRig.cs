using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Testing;
using Xunit.Abstractions;

namespace Herald.EndToEnd.Tests;

/// <summary>One send the simulator accepted, with its recipient.</summary>
public sealed record SimSend(string To, string Key, int Attempt, bool TimedOut);

/// <summary>One line of GET /v1/broadcasts/{id}/recipients.csv.</summary>
public sealed record LedgerLine(long Row, string Phone, string Status, bool InDoubt, string MessageId, string ErrorCode);

/// <summary>
/// Herald and tools/Herald.Simulator as two OS processes for the broadcast runs: a fresh database, a Twilio SMS sender
/// and a Meta WhatsApp sender pointed at the simulator, optionally an approved template, and the calls the tests make.
/// </summary>
public sealed class BroadcastRig(ITestOutputHelper output, Dictionary<string, string> settings, int port, StoreProbe store) : IDisposable
{
    public const string TemplateName = "e2e_broadcast_news";
    public const string TemplateLanguage = "en_US";

    /// <summary>Messages Herald flagged in doubt, now or once (a provider status may have cleared the flag since).</summary>
    private const string FlaggedSql =
        "SELECT id FROM messages WHERE direction = 'outbound' AND (in_doubt = 1 OR error_code IN ('in_doubt', 'provider_timeout', 'provider_connection_lost')) " +
        "UNION SELECT DISTINCT message_id FROM message_events WHERE type = 'in_doubt'";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly List<IDisposable> _processes = [];

    public HeraldProcess Herald { get; private set; } = null!;
    public SimulatorProcess Simulator { get; private set; } = null!;
    public StoreProbe Store { get; } = store;
    public string TwilioSender { get; private set; } = "";
    public string MetaSender { get; private set; } = "";

    /// <summary>Starts both processes and creates the senders (each limited to <paramref name="rate"/>/s); with <paramref name="template"/>, an approved template.</summary>
    public static async Task<BroadcastRig> StartAsync(ITestOutputHelper output, StorageKind kind, int rate, bool template = false)
    {
        var storage = await TestStorage.CreateAsync(kind);
        var settings = storage.Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!, StringComparer.Ordinal);
        if (kind == StorageKind.Postgres)
        {
            settings["Storage__DataDirectory"] = Path.Combine(Path.GetTempPath(), "herald-tests", Guid.NewGuid().ToString("N"));
        }
        var store = kind == StorageKind.Sqlite
            ? StoreProbe.Sqlite(settings["Storage__DataDirectory"])
            : StoreProbe.Postgres(settings["Storage__ConnectionString"]);
        var simPort = HeraldProcess.FreeLoopbackPort();
        var port = HeraldProcess.FreeLoopbackPort();
        var sim = $"http://127.0.0.1:{simPort}";
        foreach (var (k, v) in new[]
        {
            ("PublicUrl", $"http://127.0.0.1:{port}"), ("Secrets__Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            ("Providers__MetaBaseUrl", sim), ("Providers__TwilioBaseUrl", sim), ("Providers__InfobipBaseUrl", sim),
            ("Providers__RequestTimeout", "00:00:02"), ("Providers__TemplateReconcileInterval", "00:00:00"),
            ("Dispatcher__IdlePoll", "00:00:00.050"), ("Dispatcher__Lease", "00:00:10"),
        })
        {
            settings["Herald__" + k] = v;
        }
        var rig = new BroadcastRig(output, settings, port, store);
        try
        {
            rig.Herald = rig.StartHerald();
            await rig.Herald.WaitReadyAsync(StartTimeout);
            await rig.CreateSendersAsync(rate, template, simPort);
            return rig;
        }
        catch
        {
            rig.Dispose();
            throw;
        }
    }

    private async Task CreateSendersAsync(int rate, bool template, int simPort)
    {
        var twilio = await PostAsync("v1/senders", new
        {
            name = "SMS", provider = "twilio", channel = "sms", address = "+14155550100", rate_per_second = rate, rate_per_segment = false,
            settings = new { account_sid = "AC00000000000000000000000000000000" }, credentials = new { auth_token = "sim-twilio-auth-token" },
        });
        TwilioSender = twilio["id"]!.GetValue<string>();
        var meta = await PostAsync("v1/senders", new
        {
            name = "WA", provider = "meta", address = "+15550783881", rate_per_second = rate, messaging_tier = "TIER_UNLIMITED",
            settings = new { phone_number_id = "106540352242922", waba_id = "102290129340398" },
            credentials = new { access_token = "sim-meta-token", app_secret = "sim-meta-app-secret", verify_token = "vt" },
        });
        MetaSender = meta["id"]!.GetValue<string>();
        // The simulator starts once the Meta sender's webhook URL (statuses and template updates) is known.
        var hook = meta["webhook_url"]?.GetValue<string>() ?? throw new InvalidOperationException($"The Meta sender has no webhook_url: {meta}");
        Simulator = SimulatorProcess.Start(simPort, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["seed"] = "42",
            ["Simulator:Meta:WebhookUrl"] = hook,
        });
        _processes.Add(Simulator);
        await Simulator.WaitReadyAsync(StartTimeout);
        await Simulator.ConfigureAsync(new { webhookRetries = 10, webhookRetryDelayMs = 500 });
        if (!template)
        {
            return;
        }
        var created = await PostAsync("v1/templates", new
        {
            name = TemplateName, language = TemplateLanguage, category = "MARKETING",
            components = new object[] { new { type = "BODY", text = "Hello {{1}}, news for you.", example = new { body_text = new[] { new[] { "Ann" } } } } },
        });
        var templateId = created["id"]!.GetValue<string>();
        await PostAsync($"v1/templates/{templateId}/submit", new { sender = MetaSender }, HttpStatusCode.OK);
        await SetTemplateStatusAsync("approve");
        await WaitAsync("the template APPROVED", TimeSpan.FromSeconds(60), async () =>
        {
            var t = await GetAsync($"v1/templates/{templateId}");
            return t["statuses"]?.AsArray().Any(s => s!["sender"]?.GetValue<string>() == MetaSender && s["status"]?.GetValue<string>() == "APPROVED") == true
                ? t : null;
        });
    }

    /// <summary>POST /_sim/templates/{name}/status: approve, pause, reject or disable, and the signed webhook to Herald.</summary>
    public async Task SetTemplateStatusAsync(string status)
    {
        using var r = await Simulator.Client.PostAsJsonAsync(new Uri($"_sim/templates/{TemplateName}/status", UriKind.Relative), new { status });
        Assert.True(r.IsSuccessStatusCode, $"Template status {status} at the simulator: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    /// <summary>Starts Herald again on the same data and address (after a SIGKILL).</summary>
    public async Task RestartAsync()
    {
        Herald = StartHerald();
        await Herald.WaitReadyAsync(StartTimeout);
    }

    private HeraldProcess StartHerald()
    {
        var p = HeraldProcess.Start(settings, port);
        _processes.Add(p);
        output.WriteLine($"started Herald pid {p.ProcessId} on {p.BaseAddress}");
        return p;
    }

    public async Task<JsonNode> PostAsync(string path, object? body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var r = await Herald.Client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body ?? new { });
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"POST /{path}: {(int)r.StatusCode} {text}{Environment.NewLine}{Herald.Tail(20)}");
        return JsonNode.Parse(text)!;
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        using var r = await Herald.Client.GetAsync(new Uri(path, UriKind.Relative)).ContinueWith(t => t.IsFaulted && Herald.HasExited
            ? throw new InvalidOperationException($"GET /{path}: Herald exited. {Herald.ExitReport()}", t.Exception) : t.Result);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"GET /{path}: {(int)r.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Creates a draft, uploads the CSV audience and starts it; returns the broadcast id.</summary>
    public async Task<string> StartBroadcastAsync(object draft, string csv, long expectedRecipients)
    {
        var id = (await PostAsync("v1/broadcasts", draft))["id"]!.GetValue<string>();
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var r = await Herald.Client.PutAsync(new Uri($"v1/broadcasts/{id}/audience", UriKind.Relative), content);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, $"PUT audience: {(int)r.StatusCode} {text}");
        Assert.Equal(expectedRecipients, JsonNode.Parse(text)!["recipients"]!.GetValue<long>());
        var started = await PostAsync($"v1/broadcasts/{id}/start", null, HttpStatusCode.OK);
        Assert.Equal("running", started["state"]!.GetValue<string>());
        return id;
    }

    public Task<JsonNode> BroadcastAsync(string id) => GetAsync($"v1/broadcasts/{id}");

    /// <summary>Polls the broadcast until it is in <paramref name="state"/>; fails with its last view otherwise.</summary>
    public Task<JsonNode> WaitStateAsync(string id, string state, TimeSpan timeout) =>
        WaitAsync($"broadcast {id} {state}", timeout, async () =>
        {
            var b = await BroadcastAsync(id);
            return b["state"]!.GetValue<string>() == state ? b : null;
        }, async () => (await BroadcastAsync(id)).ToJsonString());

    /// <summary>Polls <paramref name="probe"/> every 100 ms until it gives a value; fails after <paramref name="timeout"/>.</summary>
    public async Task<T> WaitAsync<T>(string what, TimeSpan timeout, Func<Task<T?>> probe, Func<Task<string>>? last = null) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } v)
            {
                return v;
            }
            if (Herald.HasExited)
            {
                Assert.Fail($"Herald exited while waiting for {what}. {Herald.ExitReport()}");
            }
            if (clock.Elapsed > timeout)
            {
                Assert.Fail($"Not {what} within {timeout}: {(last is null ? "" : await last())}{Environment.NewLine}{Herald.Tail(30)}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Every send the simulator accepted, with its recipient.</summary>
    public async Task<IReadOnlyList<SimSend>> SendsAsync()
    {
        using var r = await Simulator.Client.GetAsync(new Uri("_sim/sends", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        r.EnsureSuccessStatusCode();
        await using var stream = await r.Content.ReadAsStreamAsync();
        using var doc = await JsonDocument.ParseAsync(stream);
        return [.. doc.RootElement.GetProperty("sends").EnumerateArray().Select(s => new SimSend(
            s.GetProperty("to").GetString()!.Replace("whatsapp:", "", StringComparison.Ordinal).TrimStart('+'),
            s.GetProperty("idempotencyKey").GetString()!, s.GetProperty("attempt").GetInt32(), s.GetProperty("timedOut").GetBoolean()))];
    }

    /// <summary>How many sends the simulator has accepted (it serves only this test's broadcast).</summary>
    public Task<long> ReceivedAsync() => Simulator.AcceptedCountAsync();

    public async Task<HashSet<string>> FlaggedAsync() =>
        (await Store.RowsAsync(FlaggedSql)).Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);

    /// <summary>GET …/recipients.csv, parsed (RFC 4180 quoting).</summary>
    public async Task<IReadOnlyList<LedgerLine>> LedgerAsync(string id)
    {
        var text = await Herald.Client.GetStringAsync(new Uri($"v1/broadcasts/{id}/recipients.csv", UriKind.Relative));
        var records = ParseCsv(text);
        var header = records[0];
        Assert.Equal("row,input_phone,phone,status,error_class,error_code,error_message,in_doubt,retries,sender_id,message_id,updated_at",
            string.Join(',', header));
        int Col(string name) => Array.IndexOf(header, name);
        return [.. records.Skip(1).Select(f => new LedgerLine(long.Parse(f[Col("row")], System.Globalization.CultureInfo.InvariantCulture),
            f[Col("phone")].TrimStart('+'), f[Col("status")], f[Col("in_doubt")] == "true", f[Col("message_id")], f[Col("error_code")]))];
    }

    /// <summary>RFC 4180: fields split on commas outside quotes, "" inside quotes is one quote, records end at a newline outside quotes.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var (records, fields, field, quoted) = (new List<string[]>(), new List<string>(), new StringBuilder(), false);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted && ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && ch is ',' or '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                if (ch == '\n')
                {
                    records.Add([.. fields]);
                    fields.Clear();
                }
            }
            else if (quoted || ch != '\r')
            {
                field.Append(ch);
            }
        }
        return records;
    }

    /// <summary>A CSV audience: phone,first_name[,time_zone] for +1 415 555 {first…first+count-1}.</summary>
    public static string Audience(int first, int count, Func<int, string>? timeZone = null) =>
        (timeZone is null ? "phone,first_name\n" : "phone,first_name,time_zone\n") + string.Concat(Enumerable.Range(first, count).Select(i =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"+1415555{i:D4},Name{i}{(timeZone is null ? "" : "," + timeZone(i))}\n")));

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            p.Dispose();
        }
        try
        {
            Directory.Delete(settings["Storage__DataDirectory"], recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // best effort
        }
    }
}

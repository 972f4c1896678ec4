using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Herald.Bench.Suite;

/// <summary>One send the simulator accepted, as the benchmark reads it back.</summary>
internal sealed record SimSend(long Seq, string ProviderId, string To, string Key, DateTimeOffset At);

/// <summary>
/// tools/Herald.Simulator as a separate OS process from its own output folder, on a free loopback port; its control
/// API (<c>/_sim</c>) sets the knobs and reads back what it accepted and when.
/// </summary>
internal sealed class SimulatorChild : IDisposable
{
    public const string TwilioAccount = "AC00000000000000000000000000000000";
    public const string TwilioToken = "sim-twilio-auth-token";
    public const string TwilioFrom = "+14155550100";

    private readonly ChildProcess _process;

    private SimulatorChild(ChildProcess process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public ChildProcess Process => _process;

    public static async Task<SimulatorChild> StartAsync()
    {
        var dll = Path.Combine(ChildProcess.RepositoryRoot(), "tools", "Herald.Simulator", "bin", ChildProcess.Configuration, "net10.0", "Herald.Simulator.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing; building the bench builds it (it references the simulator project).", dll);
        }
        var port = ChildProcess.FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port}/");
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["Logging__LogLevel__Default"] = "Warning" };
        var process = ChildProcess.Start("simulator", dll, ["--urls", $"http://127.0.0.1:{port}", "--seed", "42"], env,
            key => key.StartsWith("HERALD_SIMULATOR_", StringComparison.OrdinalIgnoreCase));
        var self = new SimulatorChild(process, address);
        try
        {
            await process.WaitReadyAsync(address, "_sim/config", TimeSpan.FromSeconds(60));
        }
        catch
        {
            self.Dispose();
            throw;
        }
        return self;
    }

    /// <summary>Replaces the knobs (PUT /_sim/config): no latency, no errors, no limits; status webhooks as asked.</summary>
    public async Task ConfigureAsync(bool statusWebhooks)
    {
        using var r = await Client.PutAsJsonAsync(new Uri("_sim/config", UriKind.Relative), new
        {
            statusWebhooks,
            sentDelayMs = 50,
            deliveredDelayMs = 100,
            readDelayMs = 150,
            webhookRetries = 0,
        });
        var text = await r.Content.ReadAsStringAsync();
        if (r.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"PUT /_sim/config: {(int)r.StatusCode} {text}");
        }
    }

    /// <summary>Forgets the sends so far (DELETE /_sim/sends); sequence numbers keep counting.</summary>
    public async Task ClearAsync()
    {
        using var r = await Client.DeleteAsync(new Uri("_sim/sends", UriKind.Relative));
        r.EnsureSuccessStatusCode();
    }

    /// <summary>Sends accepted since the last clear (the <c>accepted</c> counter).</summary>
    public async Task<long> AcceptedAsync()
    {
        using var r = await Client.GetAsync(new Uri("_sim/stats", UriKind.Relative));
        r.EnsureSuccessStatusCode();
        var stats = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        return stats["counters"]?["accepted"]?.GetValue<long>() ?? 0;
    }

    /// <summary>Up to <paramref name="limit"/> sends with a sequence number above <paramref name="after"/>, in order, plus the last sequence number given.</summary>
    public async Task<(IReadOnlyList<SimSend> Sends, long LastSeq)> PageAsync(long after, int limit)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"_sim/sends?vendor=twilio&after={after}&limit={limit}");
        return await ReadSendsAsync(path);
    }

    /// <summary>The sends to one recipient.</summary>
    public async Task<IReadOnlyList<SimSend>> ToAsync(string to) =>
        (await ReadSendsAsync("_sim/sends?to=" + Uri.EscapeDataString(to))).Sends;

    public void Dispose()
    {
        Client.Dispose();
        _process.Dispose();
    }

    private async Task<(IReadOnlyList<SimSend> Sends, long LastSeq)> ReadSendsAsync(string path)
    {
        using var r = await Client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        r.EnsureSuccessStatusCode();
        await using var stream = await r.Content.ReadAsStreamAsync();
        using var doc = await JsonDocument.ParseAsync(stream);
        var root = doc.RootElement;
        var sends = root.GetProperty("sends").EnumerateArray().Select(s => new SimSend(
            s.GetProperty("seq").GetInt64(),
            s.GetProperty("providerId").GetString()!,
            s.GetProperty("to").GetString()!,
            s.GetProperty("idempotencyKey").GetString()!,
            s.GetProperty("at").GetDateTimeOffset())).ToList();
        var last = root.TryGetProperty("lastSeq", out var l) ? l.GetInt64() : 0;
        return (sends, last);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Herald.Bench.Suite;

/// <summary>
/// Herald.Server as a separate OS process (<c>dotnet Herald.Server.dll</c>, the copy in the bench's output folder with
/// the production appsettings.json), on a free loopback port and a fresh SQLite folder, configured only through
/// environment variables as an operator would, every provider pointed at the simulator.
/// </summary>
internal sealed class HeraldChild : IDisposable
{
    private readonly ChildProcess _process;

    private HeraldChild(ChildProcess process, Uri address, string apiKey, string dataDirectory)
    {
        _process = process;
        Address = address;
        ApiKey = apiKey;
        DataDirectory = dataDirectory;
        Client = CreateClient(address, apiKey, 256);
    }

    public Uri Address { get; }

    public string ApiKey { get; }

    public string DataDirectory { get; }

    public ChildProcess Process => _process;

    /// <summary>Authenticated with the admin key; long timeout (the import of a million rows is one request).</summary>
    public HttpClient Client { get; }

    public static async Task<HeraldChild> StartAsync(string dataDirectory, Uri simulator, IEnumerable<KeyValuePair<string, string>> extra)
    {
        var port = ChildProcess.FreeLoopbackPort();
        var key = "hrld_bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var address = new Uri($"http://127.0.0.1:{port}/");
        var sim = simulator.ToString().TrimEnd('/');
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HERALD_BOOTSTRAP_KEY"] = key,
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Storage__Provider"] = "sqlite",
            ["Storage__DataDirectory"] = dataDirectory,
            ["Herald__PublicUrl"] = $"http://127.0.0.1:{port}",
            ["Herald__Secrets__Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Herald__Providers__MetaBaseUrl"] = sim,
            ["Herald__Providers__TwilioBaseUrl"] = sim,
            ["Herald__Providers__InfobipBaseUrl"] = sim,
            ["Herald__Providers__TemplateReconcileInterval"] = "00:00:00",
            // Per-request logs would measure the console, not Herald.
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        foreach (var (k, v) in extra)
        {
            env[k] = v;
        }
        var dll = Path.Combine(AppContext.BaseDirectory, "Herald.Server.dll");
        if (!File.Exists(dll) || !File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
        {
            throw new FileNotFoundException($"{dll} (with its runtimeconfig.json) is missing; build the bench (it references Herald.Server).", dll);
        }
        var process = ChildProcess.Start("Herald", dll, [], env, key =>
            key.StartsWith("Herald__", StringComparison.OrdinalIgnoreCase)
            || key.StartsWith("Storage__", StringComparison.OrdinalIgnoreCase)
            || key.StartsWith("HERALD_", StringComparison.OrdinalIgnoreCase)
            || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
            || key.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase)
            || key.Equals("Urls", StringComparison.OrdinalIgnoreCase));
        var self = new HeraldChild(process, address, key, dataDirectory);
        try
        {
            await process.WaitReadyAsync(address, "health/ready", TimeSpan.FromSeconds(60));
        }
        catch
        {
            self.Dispose();
            throw;
        }
        return self;
    }

    /// <summary>POSTs JSON and returns the parsed answer; throws with the body and Herald's last lines when the status differs.</summary>
    public async Task<JsonNode> PostAsync(string path, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var r = await Client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        return await ReadAsync(r, "POST", path, expected);
    }

    public async Task<JsonNode> GetAsync(string path)
    {
        using var r = await Client.GetAsync(new Uri(path, UriKind.Relative));
        return await ReadAsync(r, "GET", path, HttpStatusCode.OK);
    }

    /// <summary>The Twilio SMS sender every send of the benchmark goes through, limits off (100,000/s, not per segment).</summary>
    public async Task<string> CreateTwilioSenderAsync()
    {
        var sender = await PostAsync("v1/senders", new
        {
            name = "Bench SMS",
            provider = "twilio",
            channel = "sms",
            address = SimulatorChild.TwilioFrom,
            rate_per_second = 100_000,
            rate_per_segment = false,
            settings = new { account_sid = SimulatorChild.TwilioAccount },
            credentials = new { auth_token = SimulatorChild.TwilioToken },
        });
        return sender["id"]!.GetValue<string>();
    }

    public void Dispose()
    {
        Client.Dispose();
        _process.Dispose();
    }

    public static HttpClient CreateClient(Uri address, string apiKey, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            UseProxy = false,
            UseCookies = false,
        };
        var c = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(30) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return c;
    }

    private async Task<JsonNode> ReadAsync(HttpResponseMessage r, string method, string path, HttpStatusCode expected)
    {
        var text = await r.Content.ReadAsStringAsync();
        if (r.StatusCode != expected)
        {
            throw new BenchStepException((int)r.StatusCode, $"{method} /{path}: {(int)r.StatusCode} {Clip(text)}{Environment.NewLine}{_process.Tail(10)}");
        }
        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }

    private static string Clip(string s) => s.Length > 600 ? s[..600] + " …" : s;
}

/// <summary>A step of the benchmark that Herald refused (for example 404: an endpoint this build does not have yet).</summary>
internal sealed class BenchStepException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

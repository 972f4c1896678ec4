using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Herald.Domain.Phones;

namespace Herald.Bench;

/// <summary>The two requests measured: the authenticated no-op, and an SMS to a different valid number each time.</summary>
internal sealed class Workload
{
    private static readonly string[] AreaCodes = ["212", "312", "415", "617", "646", "206", "305", "512", "702", "818"];
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly byte[][] _bodies;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private long _keys;

    private Workload(byte[][] bodies, bool idempotencyKeys)
    {
        _bodies = bodies;
        IdempotencyKeys = idempotencyKeys;
    }

    public bool IdempotencyKeys { get; }

    public int DistinctPhones => _bodies.Length;

    /// <summary>Bodies prepared up front, so the clients spend their CPU on HTTP, not on building JSON.</summary>
    public static Workload Create(int phones, bool idempotencyKeys)
    {
        var bodies = new List<byte[]>(phones);
        var sandboxNumbers = new HashSet<string>(StringComparer.Ordinal) { "+12015550100", "+12015550101", "+12015550102", "+12015550103" };
        for (var i = 0; bodies.Count < phones && i < phones * 4; i++)
        {
            // Spread over area codes and exchanges; keep only numbers Herald itself accepts (and not the sandbox's failing ones).
            var area = AreaCodes[i % AreaCodes.Length];
            var exchange = 200 + (i / AreaCodes.Length % 700);
            var line = (i * 7919) % 10_000;
            var candidate = string.Create(CultureInfo.InvariantCulture, $"+1{area}{exchange}{line:D4}");
            if (!PhoneNumber.TryParse(candidate, out var phone, out _) || sandboxNumbers.Contains(phone.E164))
            {
                continue;
            }
            var json = string.Create(CultureInfo.InvariantCulture,
                $$"""{"to":"{{phone.E164}}","channel":"sms","text":"Order {{100_000 + bodies.Count}} has shipped"}""");
            bodies.Add(Encoding.UTF8.GetBytes(json));
        }
        if (bodies.Count == 0)
        {
            throw new InvalidOperationException("No valid phone numbers could be generated for the workload.");
        }
        return new Workload([.. bodies], idempotencyKeys);
    }

    public static HttpRequestMessage Ping(long _) => new(HttpMethod.Get, "/v1/ping");

    public HttpRequestMessage Send(long sequence)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Content = new ByteArrayContent(_bodies[sequence % _bodies.Length]) { Headers = { ContentType = JsonType } },
        };
        if (IdempotencyKeys)
        {
            // Unique over the whole run (warm-up included): a reused key would be answered by a replay, not a new message.
            var key = Interlocked.Increment(ref _keys);
            req.Headers.TryAddWithoutValidation("Idempotency-Key", string.Create(CultureInfo.InvariantCulture, $"bench-{_runId}-{key}"));
        }
        return req;
    }

    /// <summary>One HttpClient over one SocketsHttpHandler with a connection per client (HTTP/1.1, keep-alive), loopback only.</summary>
    public static HttpClient CreateClient(Uri address, string apiKey, int clients)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = clients,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        var client = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }
}

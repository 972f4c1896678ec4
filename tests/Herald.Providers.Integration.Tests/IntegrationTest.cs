using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Herald.Providers.Integration.Tests;

/// <summary>An HTTP answer read in full.</summary>
public sealed record Reply(int Status, string? MediaType, string Text, HttpResponseHeaders Headers)
{
    public JsonElement Json => JsonDocument.Parse(Text).RootElement.Clone();

    public string Str(string property) => Json.GetProperty(property).GetString() ?? throw new InvalidOperationException($"{property} is null: {Text}");

    public override string ToString() => $"HTTP {Status} {MediaType}: {Text}";
}

/// <summary>Helpers shared by the integration tests: HTTP to Herald and the simulator, polling, signing.</summary>
public abstract class IntegrationTest(ProvidersFixture fx)
{
    /// <summary>Generous: asynchronous states are polled for, never timed.</summary>
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    private static int _names;

    protected ProvidersFixture Fx => fx;

    protected HttpClient Admin => fx.Host.Client;

    protected HttpClient Sim => fx.Sim.Client;

    protected string NewPhone() => fx.NewPhone();

    protected static string UniqueName(string stem) => $"{stem}_{Interlocked.Increment(ref _names).ToString(CultureInfo.InvariantCulture)}";

    // ---- HTTP ----

    protected static async Task<Reply> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, path.StartsWith("http", StringComparison.Ordinal) ? UriKind.Absolute : UriKind.Relative))
        {
            Content = content,
        };
        foreach (var (k, v) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(k, v);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var reply = new Reply((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, response.Headers);
        Assert.True(reply.Status < 500, $"{method} {path} must never answer 5xx: {reply}");
        return reply;
    }

    protected static StringContent JsonBody(object body) =>
        new(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    protected Task<Reply> PostAsync(string path, object body, HttpClient? client = null) =>
        SendAsync(client ?? Admin, HttpMethod.Post, path, JsonBody(body));

    protected Task<Reply> PatchAsync(string path, object body, HttpClient? client = null) =>
        SendAsync(client ?? Admin, HttpMethod.Patch, path, JsonBody(body));

    protected Task<Reply> PutAsync(string path, object body, HttpClient? client = null) =>
        SendAsync(client ?? Admin, HttpMethod.Put, path, JsonBody(body));

    protected Task<Reply> GetAsync(string path, HttpClient? client = null) => SendAsync(client ?? Admin, HttpMethod.Get, path);

    protected static void AssertStatus(Reply reply, int status) => Assert.True(reply.Status == status, $"expected HTTP {status}, got {reply}");

    protected static JsonElement AssertProblem(Reply reply, int status, string code)
    {
        Assert.True(reply.Status == status, $"expected HTTP {status} '{code}', got {reply}");
        Assert.Equal("application/problem+json", reply.MediaType);
        Assert.Equal(code, reply.Json.GetProperty("code").GetString());
        return reply.Json;
    }

    // ---- messages ----

    /// <summary>Sends and expects 202; returns the message id.</summary>
    protected async Task<string> AcceptedAsync(object body)
    {
        var reply = await PostAsync("/v1/messages", body);
        AssertStatus(reply, 202);
        return reply.Str("id");
    }

    protected async Task<JsonElement> MessageAsync(string id)
    {
        var reply = await GetAsync($"/v1/messages/{id}");
        AssertStatus(reply, 200);
        return reply.Json;
    }

    /// <summary>Polls until the condition holds (generous deadline; durations are never asserted).</summary>
    protected static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, Func<T, string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }
            Assert.True(clock.Elapsed < Deadline, $"not reached within {Deadline.TotalSeconds} s: {describe(value)}");
            await Task.Delay(100);
        }
    }

    protected Task<JsonElement> WaitForStatusAsync(string id, string status) =>
        EventuallyAsync(() => MessageAsync(id), m => m.GetProperty("status").GetString() == status,
            m => $"message {id} is not '{status}': {m}");

    protected Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> done, string what) =>
        EventuallyAsync(() => MessageAsync(id), done, m => $"message {id}: {what}: {m}");

    // ---- the simulator ----

    /// <summary>The sends the simulator recorded for one vendor whose recipient contains the given digits.</summary>
    protected async Task<IReadOnlyList<JsonElement>> SimSendsAsync(string vendor, string phone)
    {
        var reply = await GetAsync($"/_sim/sends?vendor={vendor}", Sim);
        AssertStatus(reply, 200);
        var digits = phone.TrimStart('+');
        return [.. reply.Json.GetProperty("sends").EnumerateArray().Where(s => s.GetProperty("to").GetString()!.Contains(digits, StringComparison.Ordinal))];
    }

    /// <summary>Waits for exactly one recorded send to the phone and returns it.</summary>
    protected async Task<JsonElement> OneSimSendAsync(string vendor, string phone)
    {
        var sends = await EventuallyAsync(() => SimSendsAsync(vendor, phone), s => s.Count > 0, s => $"no {vendor} send to {phone} recorded");
        Assert.Single(sends);
        return sends[0];
    }

    protected static JsonNode RequestJson(JsonElement send) => JsonNode.Parse(send.GetProperty("request").GetString()!)!;

    protected static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {JsonNode.Parse(expected)!.ToJsonString()}\n  actual {actual.ToJsonString()}");

    /// <summary>A form body decoded in order (name, value).</summary>
    protected static List<KeyValuePair<string, string>> Form(string body) =>
    [
        .. body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var i = pair.IndexOf('=', StringComparison.Ordinal);
            string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));
            return i < 0 ? new KeyValuePair<string, string>(Decode(pair), "") : new KeyValuePair<string, string>(Decode(pair[..i]), Decode(pair[(i + 1)..]));
        }),
    ];

    // ---- signing, as the vendors document it ----

    /// <summary>Meta: <c>sha256=</c> + lowercase hex HMAC-SHA256 of the raw body with the app secret.</summary>
    protected static string MetaSignature(byte[] raw, string secret = ProvidersFixture.AppSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), raw));

    /// <summary>Twilio: base64 HMAC-SHA1 of the URL + every parameter name and value sorted by name (ordinal).</summary>
    protected static string TwilioSignature(string url, IEnumerable<KeyValuePair<string, string>> form, string token = ProvidersFixture.AuthToken)
    {
        var sb = new StringBuilder(url);
        foreach (var (k, v) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(k).Append(v);
        }
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(sb.ToString())));
    }

    protected static byte[] FormBytes(IEnumerable<KeyValuePair<string, string>> form) =>
        Encoding.UTF8.GetBytes(string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));

    protected static ByteArrayContent Raw(byte[] body, string contentType)
    {
        var c = new ByteArrayContent(body);
        c.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return c;
    }

    /// <summary>Posts raw bytes to a webhook URL with the given headers.</summary>
    protected Task<Reply> PostHookAsync(string url, byte[] body, string contentType, params (string Name, string Value)[] headers) =>
        SendAsync(Admin, HttpMethod.Post, url, Raw(body, contentType), headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)));
}

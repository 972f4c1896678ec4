using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Herald.Testing;

namespace Herald.Api.Tests;

/// <summary>
/// The API acceptance tests. Every test is written once here and runs against a real Herald on SQLite
/// (<see cref="SqliteApiTests"/>) and on PostgreSQL (<see cref="PostgresApiTests"/>). One Herald per class is shared;
/// each test uses its own phone numbers and template names, so tests never see each other's state.
/// </summary>
public abstract partial class ApiTests(HeraldFixture herald)
{
    /// <summary>How long asynchronous states (sent, delivered, read) may take before a test gives up.</summary>
    protected static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static int _names;

    protected HeraldFixture Herald => herald;

    protected StorageKind Kind => herald.Kind;

    protected HttpClient Admin => herald.Host.Client;

    protected string NewPhone() => herald.NewPhone();

    protected DateTimeOffset Now => herald.Clock.GetUtcNow();

    /// <summary>A template name no other test uses.</summary>
    protected static string UniqueName(string stem) =>
        $"{stem}_{Interlocked.Increment(ref _names).ToString(CultureInfo.InvariantCulture)}";

    // ---- HTTP ----

    protected Task<Reply> PostAsync(string path, object? body, string? idempotencyKey = null, HttpClient? client = null) =>
        SendAsync(HttpMethod.Post, path, body is null ? null : Serialize(body), client, idempotencyKey);

    protected Task<Reply> PostRawAsync(string path, string? raw, string? idempotencyKey = null, HttpClient? client = null) =>
        SendAsync(HttpMethod.Post, path, raw, client, idempotencyKey);

    protected Task<Reply> PatchAsync(string path, object body, HttpClient? client = null) =>
        SendAsync(HttpMethod.Patch, path, Serialize(body), client);

    protected Task<Reply> PutAsync(string path, object body, HttpClient? client = null) =>
        SendAsync(HttpMethod.Put, path, Serialize(body), client);

    protected Task<Reply> GetAsync(string path, HttpClient? client = null) => SendAsync(HttpMethod.Get, path, null, client);

    protected Task<Reply> DeleteAsync(string path, HttpClient? client = null) => SendAsync(HttpMethod.Delete, path, null, client);

    protected async Task<Reply> SendAsync(HttpMethod method, string path, string? body, HttpClient? client = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        using var response = await (client ?? Admin).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var reply = new Reply(response, text);
        Assert.True(reply.Status < 500, $"{method} {path} must never answer 5xx: {reply}");
        return reply;
    }

    protected static string Serialize(object body) => body as string ?? JsonSerializer.Serialize(body);

    // ---- assertions ----

    /// <summary>An RFC 9457 problem with the given status and stable code, and a sentence a person can act on.</summary>
    protected static JsonElement AssertProblem(Reply reply, int status, string code)
    {
        Assert.True(reply.Status == status, $"expected HTTP {status} '{code}', got {reply}");
        Assert.Equal("application/problem+json", reply.MediaType);
        Assert.Equal(code, reply.Code);
        Assert.Equal(status, reply.Json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(reply.Json.GetProperty("title").GetString()), reply.Text);
        Assert.False(string.IsNullOrWhiteSpace(reply.Json.GetProperty("detail").GetString()), reply.Text);
        return reply.Json;
    }

    protected static void AssertStatus(Reply reply, int status) =>
        Assert.True(reply.Status == status, $"expected HTTP {status}, got {reply}");

    protected static string Detail(Reply reply) => reply.Json.GetProperty("detail").GetString()!;

    protected static IReadOnlyList<string> Codes(JsonElement list) =>
        [.. list.EnumerateArray().Select(e => e.GetProperty("code").GetString()!)];

    // ---- messages ----

    protected static object Sms(string to, string text = "Your order 1234 has shipped") => new { to, channel = "sms", text };

    protected static object Text(string to, string channel, string text = "Hello from Herald") => new { to, channel, text };

    protected static object Template(string to, string channel, string name, params string[] parameters) =>
        new { to, channel, template = new { name, language = "en", parameters } };

    /// <summary>Sends and expects 202 Accepted; returns the message.</summary>
    protected async Task<Reply> AcceptedAsync(object body, HttpClient? client = null)
    {
        var reply = await PostAsync("/v1/messages", body, client: client);
        AssertStatus(reply, 202);
        Assert.StartsWith("msg_", reply.Str("id"), StringComparison.Ordinal);
        return reply;
    }

    protected async Task<string> SendSmsAsync(string to, string text = "Your order 1234 has shipped", HttpClient? client = null) =>
        (await AcceptedAsync(Sms(to, text), client)).Str("id");

    protected async Task<JsonElement> GetMessageAsync(string id, HttpClient? client = null)
    {
        var reply = await GetAsync($"/v1/messages/{id}", client);
        AssertStatus(reply, 200);
        return reply.Json;
    }

    /// <summary>Polls the message until it reaches <paramref name="status"/> (generous deadline; speed is the benchmark's job).</summary>
    protected async Task<JsonElement> WaitForStatusAsync(string id, string status, HttpClient? client = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var m = await GetMessageAsync(id, client);
            var now = m.GetProperty("status").GetString();
            if (now == status)
            {
                return m;
            }
            Assert.True(clock.Elapsed < Deadline, $"message {id} did not reach '{status}' within {Deadline.TotalSeconds} s; it is '{now}': {m}");
            await Task.Delay(100);
        }
    }

    /// <summary>Every message of the workspace to one number, newest first, across all pages.</summary>
    protected async Task<IReadOnlyList<JsonElement>> MessagesToAsync(string phone, string extraQuery = "", HttpClient? client = null)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var reply = await GetAsync($"/v1/messages?to={Uri.EscapeDataString(phone)}&limit=100{extraQuery}" +
                (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), client);
            AssertStatus(reply, 200);
            all.AddRange(reply.Json.GetProperty("data").EnumerateArray());
            cursor = reply.Json.TryGetProperty("next_cursor", out var c) ? c.GetString() : null;
        }
        while (cursor is not null);
        return all;
    }

    // ---- the customer (sandbox) ----

    /// <summary>The contact writes to the workspace's sandbox sender on a channel.</summary>
    protected async Task<Reply> InboundAsync(string from, string channel, string text, DateTimeOffset? receivedAt = null, HttpClient? client = null)
    {
        object body = receivedAt is { } at
            ? new { from, channel, text, received_at = at }
            : new { from, channel, text };
        var reply = await PostAsync("/v1/sandbox/inbound", body, client: client);
        AssertStatus(reply, 201);
        return reply;
    }

    // ---- templates ----

    /// <summary>A template in Meta's component format: a BODY with positional variables and their examples.</summary>
    protected static object TemplateDefinition(string name, string body = "Hi {{1}}, your order {{2}} has shipped.", string category = "UTILITY")
    {
        var variables = System.Text.RegularExpressions.Regex.Matches(body, @"\{\{\d+\}\}").Count;
        var examples = Enumerable.Range(1, variables).Select(i => $"example{i}").ToArray();
        return variables == 0
            ? new { name, language = "en", category, components = new object[] { new { type = "BODY", text = body } } }
            : new
            {
                name, language = "en", category,
                components = new object[] { new { type = "BODY", text = body, example = new { body_text = new[] { examples } } } },
            };
    }

    /// <summary>Creates a template (the sandbox approves it at once) and returns its id.</summary>
    protected async Task<string> CreateTemplateAsync(string name, string body = "Hi {{1}}, your order {{2}} has shipped.", HttpClient? client = null)
    {
        var reply = await PostAsync("/v1/templates", TemplateDefinition(name, body), client: client);
        AssertStatus(reply, 201);
        return reply.Str("id");
    }

    // ---- keys ----

    protected async Task<(string Id, string Key)> CreateKeyAsync(string name, params string[] scopes)
    {
        var reply = await PostAsync("/v1/api-keys", new { name, scopes });
        AssertStatus(reply, 201);
        return (reply.Str("id"), reply.Str("key"));
    }

    protected HttpClient ClientWith(string? key) => herald.Host.CreateClient(key);
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Herald.Testing;

namespace Herald.Api.Tests.Octopods;

/// <summary>
/// The Octopods-compatible API (/api/v1), written once and run on SQLite and PostgreSQL. Request bodies are the ones in
/// Octopods' documentation with only the key and template id changed; each test makes its own templates.
/// </summary>
public abstract partial class OctopodsTests(HeraldFixture herald)
{
    private static int _names;

    public static readonly IDictionary<string, string?> NoLimit = new Dictionary<string, string?> { ["Herald:Octopods:PermitLimit"] = "1000000" };

    protected HeraldFixture Herald => herald;

    /// <summary>The bootstrap admin key, used as an Octopods workspace key.</summary>
    protected static string WorkspaceKey => HeraldHost.BootstrapKey;

    protected static string UniqueName(string stem) => $"{stem}_{Interlocked.Increment(ref _names).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>POST with <c>X-Octopods-Auth</c> (null: no header); the body is sent as given when it is a string.</summary>
    protected Task<Reply> OctoPostAsync(string path, object? body, string? key = null) =>
        SendAsync(HttpMethod.Post, path, body is null ? null : body as string ?? JsonSerializer.Serialize(body), key ?? WorkspaceKey, null);

    protected Task<Reply> OctoGetAsync(string path, string? key = null) => SendAsync(HttpMethod.Get, path, null, key ?? WorkspaceKey, null);

    protected Task<Reply> NativePostAsync(string path, object body, string? bearer = null) =>
        SendAsync(HttpMethod.Post, path, JsonSerializer.Serialize(body), null, bearer ?? WorkspaceKey);

    protected Task<Reply> NativeGetAsync(string path, string? bearer = null) => SendAsync(HttpMethod.Get, path, null, null, bearer ?? WorkspaceKey);

    protected async Task<Reply> SendAsync(HttpMethod method, string path, string? body, string? octoKey, string? bearer)
    {
        using var client = new HttpClient { BaseAddress = herald.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }
        if (octoKey is not null)
        {
            request.Headers.Add("X-Octopods-Auth", octoKey);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        using var response = await client.SendAsync(request);
        var reply = new Reply(response, await response.Content.ReadAsStringAsync());
        Assert.True(reply.Status < 500, $"{method} {path} must never answer 5xx: {reply}");
        return reply;
    }

    /// <summary>A 400 in Octopods' shape: exactly request_id (a UUID), error_code and error (plus reason for a rule refusal).</summary>
    protected static JsonElement AssertOctopodsError(Reply reply, int errorCode, string? reason = null)
    {
        Assert.True(reply.Status == 400, $"expected HTTP 400 with error_code {errorCode}, got {reply}");
        Assert.True(Guid.TryParse(reply.Str("request_id"), out _), reply.Text);
        Assert.Equal(reply.Str("request_id"), reply.Header("X-Request-Id"));
        Assert.True(reply.Json.GetProperty("error_code").GetInt32() == errorCode, $"expected error_code {errorCode}, got {reply}");
        Assert.False(string.IsNullOrWhiteSpace(reply.Str("error")), reply.Text);
        var fields = reply.Json.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Subset(new HashSet<string> { "request_id", "error_code", "error", "reason" }, fields);
        if (reason is not null)
        {
            Assert.Equal(reason, reply.Str("reason"));
        }
        return reply.Json;
    }

    /// <summary>
    /// 201 in Octopods' shape: request_id, a numeric message_id with its message_status_url, and phone_number (digits
    /// without '+'); returns Herald's own id (herald_message_id) for the native API.
    /// </summary>
    protected static string AssertSent(Reply reply, string phone)
    {
        Assert.True(reply.Status == 201, $"expected 201, got {reply}");
        Assert.True(Guid.TryParse(reply.Str("request_id"), out _), reply.Text);
        var number = reply.Json.GetProperty("message_id").GetInt64();
        Assert.True(number > 0, reply.Text);
        Assert.EndsWith($"/messages/{number.ToString(CultureInfo.InvariantCulture)}", reply.Str("message_status_url"), StringComparison.Ordinal);
        Assert.Equal(phone.TrimStart('+'), reply.Str("phone_number"));
        Assert.StartsWith("msg_", reply.Str("herald_message_id"), StringComparison.Ordinal);
        return reply.Str("herald_message_id");
    }

    // ---- setup through the native API ----

    /// <summary>Creates a template in Meta's component format (the sandbox approves it on its WhatsApp and Viber senders).</summary>
    protected async Task<string> CreateTemplateAsync(string name, params object[] components)
    {
        var reply = await NativePostAsync("/v1/templates", new { name, language = "en", category = "UTILITY", components });
        Assert.True(reply.Status == 201, reply.ToString());
        return reply.Str("id");
    }

    protected static object Body(string text, params string[] examples) => examples.Length == 0
        ? new { type = "BODY", text }
        : new { type = "BODY", text, example = new { body_text = new[] { examples } } };

    /// <summary>The body-only template of the docs' examples: two body variables.</summary>
    protected Task<string> BodyOnlyTemplateAsync() =>
        CreateTemplateAsync(UniqueName("octo_body"), Body("Hi {{1}}, your order {{2}} has shipped.", "Ann", "A-1"));

    protected async Task<JsonElement> SenderAsync(string channel, string? bearer = null)
    {
        var senders = await NativeGetAsync("/v1/senders", bearer);
        return senders.Json.EnumerateArray().First(s => s.GetProperty("channel").GetString() == channel);
    }

    protected async Task<string> CreateKeyAsync(string name, string? senderId, params string[] scopes)
    {
        var reply = await NativePostAsync("/v1/api-keys", new { name, scopes, sender_id = senderId });
        Assert.True(reply.Status == 201, reply.ToString());
        return reply.Str("key");
    }

    protected async Task<JsonElement> MessageAsync(string id)
    {
        var reply = await NativeGetAsync($"/v1/messages/{id}");
        Assert.True(reply.Status == 200, reply.ToString());
        return reply.Json;
    }
}

/// <summary>A Herald whose Octopods rate limit is out of the way (the limit has its own tests).</summary>
public sealed class SqliteOctopodsHerald() : HeraldFixture(StorageKind.Sqlite, OctopodsTests.NoLimit);

public sealed class PostgresOctopodsHerald() : HeraldFixture(StorageKind.Postgres, OctopodsTests.NoLimit);

public sealed class SqliteOctopodsTests(SqliteOctopodsHerald herald) : OctopodsTests(herald), IClassFixture<SqliteOctopodsHerald>;

public sealed class PostgresOctopodsTests(PostgresOctopodsHerald herald) : OctopodsTests(herald), IClassFixture<PostgresOctopodsHerald>;

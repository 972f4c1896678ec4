using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    /// <summary>Creates an integration through the API and returns its id.</summary>
    protected async Task<string> CreateIntegrationAsync(
        string kind, string secret, object? settings = null, HttpClient? client = null, string? token = "token-123")
    {
        var reply = await PostAsync("/v1/integrations",
            new { kind, name = $"{kind} test", client_secret = secret, access_token = token, settings = settings ?? new { } }, client: client);
        AssertStatus(reply, 201);
        return reply.Str("id");
    }

    /// <summary>Lowercase hex HMAC-SHA256 of the body, the way Intercom signs Canvas Kit requests (computed here, not by Herald's code).</summary>
    protected static string IntercomSignature(string secret, byte[] body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>HubSpot's v3 signature: base64 HMAC-SHA256 of method + URI + body + timestamp.</summary>
    protected static string HubSpotSignature(string secret, string method, string uri, byte[] body, string timestamp)
    {
        var data = Encoding.UTF8.GetBytes(method + uri).Concat(body).Concat(Encoding.UTF8.GetBytes(timestamp)).ToArray();
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));
    }

    /// <summary>POSTs raw bytes without an API key, with the given headers (null values are left out).</summary>
    protected async Task<Reply> PostVendorAsync(string path, byte[] body, params (string Name, string? Value)[] headers)
    {
        using var client = ClientWith(null);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers.Where(h => h.Value is not null))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await client.SendAsync(request);
        var reply = new Reply(response, await response.Content.ReadAsStringAsync());
        Assert.True(reply.Status < 500, $"POST {path} must never answer 5xx: {reply}");
        return reply;
    }

    protected Task<Reply> PostIntercomAsync(string id, string step, string json, string? secret) =>
        PostVendorAsync($"/integrations/intercom/{id}/{step}", Encoding.UTF8.GetBytes(json),
            ("X-Body-Signature", secret is null ? null : IntercomSignature(secret, Encoding.UTF8.GetBytes(json))));

    /// <summary>Signs like HubSpot: the URI is the URL called with %3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B decoded.</summary>
    protected async Task<Reply> PostHubSpotAsync(
        string id, string json, string? secret, DateTimeOffset? at = null, Func<byte[], byte[]>? tamper = null, string query = "")
    {
        var path = $"/integrations/hubspot/{id}/actions/send{query}";
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = (at ?? Now).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var uri = Herald.Host.BaseAddress.ToString().TrimEnd('/') + path;
        foreach (var (escaped, plain) in new[] { ("%3A", ":"), ("%2F", "/"), ("%3F", "?"), ("%40", "@"), ("%21", "!"), ("%24", "$"), ("%27", "'"), ("%28", "("), ("%29", ")"), ("%2A", "*"), ("%2C", ","), ("%3B", ";") })
        {
            uri = uri.Replace(escaped, plain, StringComparison.Ordinal);
        }
        var signature = secret is null ? null : HubSpotSignature(secret, "POST", uri, body, timestamp);
        return await PostVendorAsync(path, tamper is null ? body : tamper(body),
            ("X-HubSpot-Signature-v3", signature), ("X-HubSpot-Request-Timestamp", timestamp));
    }

    /// <summary>The texts of a canvas's components, in order.</summary>
    protected static IReadOnlyList<System.Text.Json.JsonElement> Components(Reply canvas) =>
        [.. canvas.Json.GetProperty("canvas").GetProperty("content").GetProperty("components").EnumerateArray()];

    protected static System.Text.Json.JsonElement Component(Reply canvas, string id) =>
        Components(canvas).Single(c => c.TryGetProperty("id", out var i) && i.GetString() == id);
}

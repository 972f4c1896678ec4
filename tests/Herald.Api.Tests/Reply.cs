using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Herald.Api.Tests;

/// <summary>An HTTP answer read in full: status, headers and body, with the body parsed as JSON on demand.</summary>
public sealed class Reply
{
    private JsonElement? _json;

    public Reply(HttpResponseMessage response, string text)
    {
        ArgumentNullException.ThrowIfNull(response);
        Status = (int)response.StatusCode;
        StatusCode = response.StatusCode;
        Headers = response.Headers;
        MediaType = response.Content.Headers.ContentType?.MediaType;
        Text = text;
    }

    public int Status { get; }

    public HttpStatusCode StatusCode { get; }

    public HttpResponseHeaders Headers { get; }

    public string? MediaType { get; }

    public string Text { get; }

    public JsonElement Json
    {
        get
        {
            if (_json is null)
            {
                try
                {
                    using var doc = JsonDocument.Parse(Text);
                    _json = doc.RootElement.Clone();
                }
                catch (JsonException ex)
                {
                    throw new InvalidOperationException($"HTTP {Status}: the body is not JSON: {Text}", ex);
                }
            }
            return _json.Value;
        }
    }

    /// <summary>The problem's stable <c>code</c>, or null when the body carries none.</summary>
    public string? Code => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("code", out var c) ? c.GetString() : null;

    public string Str(string property) => Json.GetProperty(property).GetString()
        ?? throw new InvalidOperationException($"'{property}' is null in {Text}");

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public override string ToString() => $"HTTP {Status} {MediaType}: {Text}";
}

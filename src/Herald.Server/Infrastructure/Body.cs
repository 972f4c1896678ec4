using System.Text.Json;
using Herald.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Server.Infrastructure;

/// <summary>Reads JSON request bodies with errors a person can act on (which field, what was expected), never a 500.</summary>
public static class Body
{
    private const string RawKey = "herald.raw-body";
    public const int MaxBytes = 256 * 1024;

    /// <summary>The raw body, read once and kept for the idempotency check and the handler alike.</summary>
    public static async Task<byte[]> RawAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(RawKey, out var cached) && cached is byte[] bytes)
        {
            return bytes;
        }
        using var ms = new MemoryStream();
        await http.Request.Body.CopyToAsync(ms, http.RequestAborted).ConfigureAwait(false);
        bytes = ms.ToArray();
        http.Items[RawKey] = bytes;
        return bytes;
    }

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpContext http) where T : class
    {
        byte[] raw;
        try
        {
            raw = await RawAsync(http).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Problems.Create(ex.StatusCode, Problems.DefaultCode(ex.StatusCode),
                ex.StatusCode == 413 ? Problems.DefaultDetail(413) : ex.Message));
        }
        if (raw.Length == 0 || raw.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return (null, Problems.Create(400, "body_required", "The request needs a JSON body; see /docs for its fields."));
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(raw, Json.Options);
            return value is null
                ? (null, Problems.Create(400, "body_required", "The request body must be a JSON object, not null."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Describe(ex));
        }
    }

    private static ProblemHttpResult Describe(JsonException ex)
    {
        var field = ex.Path is null or "$" ? null : ex.Path.TrimStart('$', '.');
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : "";
        if (ex.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return Problems.Validation([new Reason("unknown_field",
                $"The field '{field}' is not part of this request; check its spelling against /docs.", field)]);
        }
        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal) && field is not null)
        {
            return Problems.Validation([new Reason("invalid_type",
                $"The field '{field}' has the wrong type{where}: {Expected(ex.Message)}.", field)]);
        }
        return Problems.Create(400, "malformed_json", $"The request body is not valid JSON{where}; send a JSON object with Content-Type: application/json.");
    }

    private static string Expected(string message) =>
        message.Contains("DateTimeOffset", StringComparison.Ordinal) ? "expected an ISO 8601 date-time such as 2026-11-24T09:30:00Z"
        : message.Contains("System.String", StringComparison.Ordinal) ? "expected a string"
        : message.Contains("Int", StringComparison.Ordinal) || message.Contains("Double", StringComparison.Ordinal) ? "expected a number"
        : message.Contains("Boolean", StringComparison.Ordinal) ? "expected true or false"
        : message.Contains("List", StringComparison.Ordinal) || message.Contains("[]", StringComparison.Ordinal) ? "expected an array"
        : message.Contains("Dictionary", StringComparison.Ordinal) ? "expected an object"
        : "expected an object of the documented shape";
}

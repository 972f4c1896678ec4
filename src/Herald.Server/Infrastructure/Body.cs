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
            // A body that is not JSON at all is reported as such, even when the deserializer tripped over a field first.
            return (null, SyntaxError(raw) is { } syntax ? Malformed(syntax) : Describe(ex));
        }
    }

    /// <summary>The first syntax error in the body, or null when it is well-formed JSON (one value, nothing after it).</summary>
    private static JsonException? SyntaxError(byte[] raw)
    {
        try
        {
            var reader = new Utf8JsonReader(raw);
            while (reader.Read())
            {
            }
            return null;
        }
        catch (JsonException ex)
        {
            return ex;
        }
    }

    private static ProblemHttpResult Malformed(JsonException ex)
    {
        var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : "";
        return Problems.Create(400, "malformed_json", $"The request body is not valid JSON{where}; send a JSON object with Content-Type: application/json.");
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
                $"The field '{field}' has the wrong type{where}: {Expected(ex)}.", field)]);
        }
        return Problems.Create(400, "malformed_json",
            $"The request body is JSON but not an object of the documented shape{where}; send a JSON object (see /docs).");
    }

    /// <summary>
    /// What the field should have been. The serializer names the failing primitive in the inner exception ("… as a
    /// string", "… out of bounds for an Int32") and only collections in its own message, so the inner one is read first.
    /// </summary>
    private static string Expected(JsonException ex)
    {
        var inner = ex.InnerException?.Message ?? "";
        bool Has(string text, string word) => text.Contains(word, StringComparison.Ordinal);
        return Has(inner, "DateTimeOffset") ? "expected an ISO 8601 date-time such as 2026-11-24T09:30:00Z"
            : Has(inner, "as a string") ? "expected a string"
            : Has(inner, "as a boolean") ? "expected true or false"
            : Has(inner, "Int32") || Has(inner, "Int64") || Has(inner, "Double") || Has(inner, "Decimal") || Has(inner, "as a number")
                ? "expected a whole number in range"
            : Has(inner, "surrogate") ? "the text contains an unpaired UTF-16 surrogate escape"
            : Has(ex.Message, "List`") || Has(ex.Message, "[]") ? "expected an array"
            : Has(ex.Message, "Dictionary`") ? "expected an object"
            : Has(ex.Message, "DateTimeOffset") ? "expected an ISO 8601 date-time such as 2026-11-24T09:30:00Z"
            : Has(ex.Message, "System.String") ? "expected a string"
            : "expected an object of the documented shape";
    }
}

using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Herald.Providers.Shared;

/// <summary>JSON reading and writing shared by the vendor adapters.</summary>
internal static class JsonWire
{
    // Relaxed escaping: bodies go to HTTP APIs, not into HTML, and '+' in E.164 must stay readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a JSON document with <paramref name="write"/> and returns its UTF-8 bytes.</summary>
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses a body; null when it is not JSON.</summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return body.IsEmpty ? null : JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A string property, or null when missing or not a string.</summary>
    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    /// <summary>A number or numeric string property as text (codes and ids come as either), or null.</summary>
    public static string? NumberText(this JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out JsonElement v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.String => v.GetString(),
            _ => null,
        };
    }

    /// <summary>A child object or array, or an undefined element when missing.</summary>
    public static JsonElement Child(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out JsonElement v) ? v : default;

    /// <summary>The items of an array property; empty when missing or not an array.</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement e, string name)
    {
        JsonElement v = e.Child(name);
        return v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];
    }

    /// <summary>Unix seconds given as a number or a numeric string, or null.</summary>
    public static DateTimeOffset? UnixSeconds(this JsonElement e, string name) =>
        long.TryParse(e.NumberText(name), NumberStyles.None, CultureInfo.InvariantCulture, out long s)
            ? DateTimeOffset.FromUnixTimeSeconds(s)
            : null;
}

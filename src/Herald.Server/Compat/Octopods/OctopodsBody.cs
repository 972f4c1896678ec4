using System.Globalization;
using System.Text.Json;
using Herald.Domain.Phones;
using Herald.Server.Infrastructure;

namespace Herald.Server.Compat.Octopods;

/// <summary>
/// An Octopods request body, read leniently like Octopods does (unknown fields ignored), each field problem answered
/// with the family's documented error: missing → ARGUMENT_MISSING, wrong JSON type or malformed JSON → TYPE_MISMATCH.
/// </summary>
public sealed class OctopodsBody
{
    private static readonly string[] Truthy = ["true", "1", "yes", "on"];
    private static readonly string[] Falsy = ["false", "0", "no", "off", ""];

    private readonly JsonElement _root;
    private readonly HttpContext _http;
    private readonly OctopodsFamily _family;

    private OctopodsBody(JsonElement root, HttpContext http, OctopodsFamily family) => (_root, _http, _family) = (root, http, family);

    /// <summary>The body as a JSON object; an empty body is an empty object (every required field is then missing).</summary>
    public static async Task<(OctopodsBody? Body, IResult? Error)> ReadAsync(HttpContext http, OctopodsFamily family)
    {
        byte[] raw;
        try
        {
            raw = await Body.RawAsync(http).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            return (null, OctopodsErrors.Error(http, family, OctopodsErrors.TypeMismatch, $"The request body could not be read: {ex.Message}"));
        }
        if (raw.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            raw = "{}"u8.ToArray();
        }
        try
        {
            using var doc = JsonDocument.Parse(raw);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? (new OctopodsBody(doc.RootElement.Clone(), http, family), null)
                : (null, OctopodsErrors.Error(http, family, OctopodsErrors.TypeMismatch, "The request body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            return (null, OctopodsErrors.Error(http, family, OctopodsErrors.TypeMismatch,
                $"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}); send a JSON object."));
        }
    }

    public JsonElement? Field(string name) =>
        _root.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>An optional text field: strings as given, numbers as their text; anything else is TYPE_MISMATCH.</summary>
    public (string? Value, IResult? Error) Text(string name) => Field(name) switch
    {
        null => (null, null),
        { ValueKind: JsonValueKind.String } s => (s.GetString(), null),
        { ValueKind: JsonValueKind.Number } n => (n.GetRawText(), null),
        _ => (null, Mismatch(name, "a string")),
    };

    /// <summary><c>destination_phone</c>: required, E.164.</summary>
    public (PhoneNumber? Phone, IResult? Error) Phone(string name = "destination_phone")
    {
        var (text, error) = Text(name);
        if (error is not null)
        {
            return (null, error);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, Missing(name));
        }
        return PhoneNumber.TryParse(text, out var phone, out var problem)
            ? (phone, null)
            : (null, OctopodsErrors.Error(_http, _family, OctopodsErrors.PhoneInvalid, $"Invalid Phone number: {problem!.Message}"));
    }

    /// <summary>A flag that accepts true/false, 1/0, yes/no, on/off (as JSON booleans, numbers or strings); absent is false.</summary>
    public (bool Value, IResult? Error) Flag(string name)
    {
        string? text = Field(name) switch
        {
            null => "false",
            { ValueKind: JsonValueKind.True } => "true",
            { ValueKind: JsonValueKind.False } => "false",
            { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
            { ValueKind: JsonValueKind.String } s => s.GetString()!.Trim().ToLowerInvariant(),
            _ => null,
        };
        if (text is not null && Truthy.Contains(text))
        {
            return (true, null);
        }
        return text is not null && Falsy.Contains(text)
            ? (false, null)
            : (false, Mismatch(name, "true or false (also 1/0, yes/no, on/off)"));
    }

    public IResult Missing(string name) =>
        OctopodsErrors.Error(_http, _family, OctopodsErrors.ArgumentMissing, $"The '{name}' parameter is missing.");

    public IResult Mismatch(string name, string expected) =>
        OctopodsErrors.Error(_http, _family, OctopodsErrors.TypeMismatch,
            string.Create(CultureInfo.InvariantCulture, $"The '{name}' parameter must be {expected}."));
}

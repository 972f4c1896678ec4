using System.Text.Json;
using System.Text.Json.Serialization;
using Herald.Domain.Broadcasts;

namespace Herald.Engine.Broadcasts;

/// <summary>What a broadcast sends, as stored in <c>broadcasts.content</c>: personalized text, or a template with variables.</summary>
public sealed record BroadcastContent(
    string? Text,
    Dictionary<string, string>? Defaults,
    BroadcastTemplate? Template)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static BroadcastContent Parse(string json) => JsonSerializer.Deserialize<BroadcastContent>(json, Json)!;
}

/// <summary>A template by name (and language) with each placeholder mapped to a column, a default, or a fixed value.</summary>
public sealed record BroadcastTemplate(
    string Name,
    string? Language,
    Dictionary<string, ValueSource>? Variables,
    ValueSource? HeaderMediaUrl);

/// <summary>Who receives it, as stored in <c>broadcasts.audience</c> once the rows are written.</summary>
public sealed record BroadcastAudience(
    string Kind,
    long Rows,
    IReadOnlyList<string>? Columns = null,
    ContactMatch? Contacts = null)
{
    public string Serialize() => JsonSerializer.Serialize(this, BroadcastContent.Json);
}

/// <summary>Saved contacts whose attributes meet the conditions, all of them (<c>all</c>) or any (<c>any</c>).</summary>
public sealed record ContactMatch(string Match, IReadOnlyList<ContactCondition> Conditions);

/// <summary>
/// One condition on a contact attribute (or <c>name</c>, <c>phone</c>, <c>time_zone</c>): op is eq, ne, contains,
/// starts_with, in, exists or not_exists; <c>value</c> is a string, or a list for <c>in</c>.
/// </summary>
public sealed record ContactCondition(string Attribute, string Op, JsonElement? Value);

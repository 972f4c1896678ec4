using System.Text.Json;
using System.Text.Json.Serialization;
using Herald.Domain.Templates;

namespace Herald.Engine.Sending;

/// <summary>How template definitions and parameters are kept in the database (JSON, enums by name).</summary>
public static class TemplateCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(TemplateDefinition d) => JsonSerializer.Serialize(d, Options);

    public static TemplateDefinition Deserialize(string json) =>
        JsonSerializer.Deserialize<TemplateDefinition>(json, Options) ?? throw new InvalidOperationException("empty template definition");

    public static string? SerializeParameters(TemplateParameters? p) =>
        p is null || ReferenceEquals(p, TemplateParameters.None) ? null : JsonSerializer.Serialize(p, Options);

    public static TemplateParameters DeserializeParameters(string? json) =>
        json is null ? TemplateParameters.None : JsonSerializer.Deserialize<TemplateParameters>(json, Options) ?? TemplateParameters.None;
}

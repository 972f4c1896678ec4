using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Herald.Simulator.Core;
using Microsoft.Extensions.Options;

namespace Herald.Simulator.Meta;

/// <summary>POST and GET /{version}/{waba-id}/message_templates; created templates start PENDING.</summary>
internal static partial class MetaTemplates
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/{version}/{wabaId}/message_templates", CreateAsync);
        app.MapGet("/{version}/{wabaId}/message_templates", List);
        app.MapGet("/{version}/{templateId:long}", Get);
    }

    public static string Key(string name, string language) => $"{name}|{Normalize(language)}";

    /// <summary>Meta writes en_US in requests and en-US in webhooks; both find the same template.</summary>
    public static string Normalize(string language) => language.Replace('-', '_');

    public static TemplateRecord? Find(SimState state, string name, string language) =>
        state.Templates.TryGetValue(Key(name, language), out var t) ? t : null;

    private static async Task<IResult> CreateAsync(string wabaId, HttpContext http, SimState state, IOptions<SimulatorOptions> options)
    {
        if (!MetaApi.Authorized(http, options.Value.Meta))
        {
            return MetaApi.Fail(state, 401, 190, "Invalid OAuth access token - Cannot parse access token", "The access token could not be decrypted.");
        }

        if (wabaId != options.Value.Meta.WabaId)
        {
            return MetaApi.Fail(state, 400, 100, "Invalid parameter", $"Unknown WhatsApp Business Account {wabaId}.");
        }

        var raw = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
        var json = MetaApi.Parse(raw);
        var name = json?["name"].Str();
        var language = json?["language"].Str();
        var category = json?["category"].Str()?.ToUpperInvariant();
        if (name is null || !NamePattern().IsMatch(name) || language is null
            || category is not ("AUTHENTICATION" or "MARKETING" or "UTILITY"))
        {
            return MetaApi.Fail(state, 400, 100, "Invalid parameter",
                "name (lowercase letters, digits, underscores, ≤512), language and category (authentication, marketing, utility) are required.");
        }

        var record = new TemplateRecord
        {
            Id = 1_000_000_000_000_000 + state.Random.Next(int.MaxValue),
            Name = name,
            Language = language,
            Category = category,
            ParameterFormat = json?["parameter_format"].Str() ?? "positional",
            Components = json?["components"]?.DeepClone(),
        };
        if (!state.Templates.TryAdd(Key(name, language), record))
        {
            return MetaApi.Fail(state, 400, 100, "Invalid parameter", $"Content in this language already exists: {name} ({language}).");
        }

        state.Count("templatesCreated");
        return Results.Json(new JsonObject
        {
            ["id"] = record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["status"] = record.Status,
            ["category"] = record.Category,
        });
    }

    private static IResult List(string wabaId, HttpContext http, SimState state, IOptions<SimulatorOptions> options,
        string? name = null, string? status = null, string? fields = null)
    {
        if (!MetaApi.Authorized(http, options.Value.Meta))
        {
            return MetaApi.Fail(state, 401, 190, "Invalid OAuth access token - Cannot parse access token", "The access token could not be decrypted.");
        }

        var data = new JsonArray();
        foreach (var t in state.Templates.Values.OrderBy(t => t.Id))
        {
            if ((name is null || t.Name == name) && (status is null || string.Equals(t.Status, status, StringComparison.OrdinalIgnoreCase)))
            {
                var all = new JsonObject
                {
                    ["name"] = t.Name,
                    ["components"] = t.Components?.DeepClone() ?? new JsonArray(),
                    ["language"] = t.Language,
                    ["status"] = t.Status,
                    ["category"] = t.Category,
                    ["parameter_format"] = t.ParameterFormat.ToUpperInvariant(),
                    ["quality_score"] = new JsonObject { ["score"] = t.QualityScore },
                    ["rejected_reason"] = t.RejectedReason,
                    ["id"] = t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                data.Add(Select(all, fields, "name,components,language,status,category,parameter_format,id"));
            }
        }

        var cursor = Convert.ToBase64String("0"u8.ToArray());
        return Results.Json(new JsonObject
        {
            ["data"] = data,
            ["paging"] = new JsonObject { ["cursors"] = new JsonObject { ["before"] = cursor, ["after"] = cursor } },
        });
    }

    /// <summary>GET /{version}/{template-id}?fields=status → {"status","id"} as in §1.8.</summary>
    private static IResult Get(long templateId, HttpContext http, SimState state, IOptions<SimulatorOptions> options, string? fields = null)
    {
        if (!MetaApi.Authorized(http, options.Value.Meta))
        {
            return MetaApi.Fail(state, 401, 190, "Invalid OAuth access token - Cannot parse access token", "The access token could not be decrypted.");
        }

        if (state.Templates.Values.FirstOrDefault(t => t.Id == templateId) is not { } t)
        {
            return MetaApi.Fail(state, 400, 100, "Invalid parameter", $"Unsupported get request. Object with ID '{templateId}' does not exist.");
        }

        var all = new JsonObject
        {
            ["name"] = t.Name,
            ["language"] = t.Language,
            ["status"] = t.Status,
            ["category"] = t.Category,
            ["quality_score"] = new JsonObject { ["score"] = t.QualityScore },
            ["rejected_reason"] = t.RejectedReason,
            ["id"] = t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Results.Json(Select(all, fields, "name,language,status,category"));
    }

    /// <summary>The asked-for <c>fields</c> (unknown ones skipped), else the defaults, and always <c>id</c> last, like the Graph API.</summary>
    private static JsonObject Select(JsonObject all, string? fields, string defaults)
    {
        var result = new JsonObject();
        foreach (var field in (fields ?? defaults).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(f => f != "id" && all.ContainsKey(f)).Distinct(StringComparer.Ordinal))
        {
            result[field] = all[field]!.DeepClone();
        }

        result["id"] = all["id"]!.DeepClone();
        return result;
    }

    [GeneratedRegex("^[a-z0-9_]{1,512}$")]
    private static partial Regex NamePattern();
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Domain;
using Herald.Domain.Messages;

namespace Herald.Server.Integrations;

/// <summary>
/// The settings of each kind. Intercom: <c>default_admin_id</c> (teammate who writes the notes when a request names
/// none), <c>default_channel</c>, <c>default_sender</c>. HubSpot: <c>event_template_id</c>, <c>portal_id</c>,
/// <c>default_channel</c>, <c>default_sender</c>; Intercom's <c>intercom_workspace_id</c> and HubSpot's <c>portal_id</c>,
/// when set, refuse requests of any other Intercom workspace or HubSpot account (a public app shares one client secret
/// across every installation). Unknown keys are refused (a typo is an error).
/// </summary>
public static class IntegrationSettings
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        [IntegrationKinds.Intercom] = ["default_admin_id", "default_channel", "default_sender", "intercom_workspace_id"],
        [IntegrationKinds.HubSpot] = ["event_template_id", "portal_id", "default_channel", "default_sender"],
    };

    /// <summary>The settings as stored JSON (values kept as text or numbers), or null with the problems added.</summary>
    public static string? Normalize(string kind, JsonElement? settings, List<Reason> errors)
    {
        var result = new JsonObject();
        if (settings is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return "{}";
        }
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new Reason("settings_invalid", "'settings' must be a JSON object.", "settings"));
            return null;
        }
        foreach (var p in e.EnumerateObject())
        {
            if (!Allowed[kind].Contains(p.Name))
            {
                errors.Add(new Reason("setting_unknown",
                    $"'{p.Name}' is not a {kind} setting; known: {string.Join(", ", Allowed[kind])}.", "settings." + p.Name));
                continue;
            }
            if (p.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            if (p.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                errors.Add(new Reason("setting_invalid", $"'settings.{p.Name}' must be a string or a number.", "settings." + p.Name));
                continue;
            }
            var text = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()!.Trim() : p.Value.GetRawText();
            if (p.Name == "default_channel" && !Wire.TryParseChannel(text, out _))
            {
                errors.Add(new Reason("setting_invalid", "'settings.default_channel' must be sms, whatsapp or viber.", "settings.default_channel"));
                continue;
            }
            result[p.Name] = text;
        }
        return result.ToJsonString();
    }

    /// <summary>One setting as text, or null.</summary>
    public static string? Get(string settingsJson, string name)
    {
        var node = JsonNode.Parse(settingsJson) as JsonObject;
        return node?[name] switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s) ? null : s,
            JsonValue v when v.TryGetValue<long>(out var l) => l.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }
}

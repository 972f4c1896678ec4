using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Domain.Templates;
using Herald.Server.Integrations.Intercom;

namespace Herald.Server.Integrations.HubSpot;

/// <summary>
/// A custom workflow action execution as HubSpot POSTs it: <c>callbackId</c>, <c>origin.portalId</c>,
/// <c>object.objectId</c>/<c>objectType</c> (and <c>object.properties</c> when requested) and <c>inputFields</c>.
/// Inputs: <c>phone</c> (else the object's <c>phone</c> or <c>mobilephone</c> property), <c>template</c>,
/// <c>language</c>, <c>channel</c>, <c>text</c>, and the variables as <c>variables</c> (a JSON array → positional,
/// a JSON object → named; given as a string or as JSON) or as <c>var_1</c>, <c>var_2</c>… (positional).
/// </summary>
public sealed record HubSpotInputs(
    string? CallbackId, long? PortalId, string? ObjectId, string? ObjectType, string? Phone, string? Template, string? Language,
    string? Channel, string? Text, TemplateParameters Parameters, string? VariablesError)
{
    public static HubSpotInputs? Parse(byte[] raw)
    {
        if (VendorJson.Object(raw) is not { } root)
        {
            return null;
        }
        // Older custom action payloads name the inputs "fields".
        var inputs = root["inputFields"] as JsonObject ?? root["fields"] as JsonObject ?? [];
        string? In(string name) => IntercomRequest.Text(inputs[name])?.Trim();
        var properties = root["object"]?["properties"] as JsonObject;
        var (parameters, error) = Variables(inputs);
        long? portal = root["origin"]?["portalId"] is JsonValue pv && pv.TryGetValue<long>(out var p) ? p : null;
        return new HubSpotInputs(
            IntercomRequest.Text(root["callbackId"]), portal,
            IntercomRequest.Text(root["object"]?["objectId"]), IntercomRequest.Text(root["object"]?["objectType"]),
            In("phone") ?? IntercomRequest.Text(properties?["phone"]) ?? IntercomRequest.Text(properties?["mobilephone"]),
            In("template"), In("language"), In("channel")?.ToLowerInvariant(), In("text"), parameters, error);
    }

    private static (TemplateParameters, string?) Variables(JsonObject inputs)
    {
        var node = inputs["variables"];
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetValue<string>()))
        {
            try
            {
                node = JsonNode.Parse(v.GetValue<string>());
            }
            catch (JsonException)
            {
                return (TemplateParameters.None, "'variables' must be a JSON array (positional values) or a JSON object (name → value).");
            }
        }
        switch (node)
        {
            case JsonArray a:
                return (TemplateParameters.ForBody(ParameterSet.Of([.. a.Select(x => IntercomRequest.Text(x) ?? "")])), null);
            case JsonObject o:
                return (TemplateParameters.ForBody(ParameterSet.OfNamed(
                    o.ToDictionary(kv => kv.Key, kv => IntercomRequest.Text(kv.Value) ?? "", StringComparer.Ordinal))), null);
            case null:
                break;
            default:
                if (node.GetValueKind() is not (JsonValueKind.Null or JsonValueKind.String))
                {
                    return (TemplateParameters.None, "'variables' must be a JSON array (positional values) or a JSON object (name → value).");
                }
                break;
        }
        var positional = new List<string>();
        for (var i = 1; inputs[$"var_{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}"] is { } x; i++)
        {
            positional.Add(IntercomRequest.Text(x) ?? "");
        }
        return (positional.Count == 0 ? TemplateParameters.None : TemplateParameters.ForBody(ParameterSet.Of([.. positional])), null);
    }
}

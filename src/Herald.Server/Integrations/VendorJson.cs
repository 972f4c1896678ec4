using System.Text.Json;
using System.Text.Json.Nodes;

namespace Herald.Server.Integrations;

/// <summary>Reading the JSON bodies vendors post.</summary>
public static class VendorJson
{
    /// <summary>The body as a JSON object, or null when it is not one (malformed, an array, a number…).</summary>
    public static JsonObject? Object(byte[] raw)
    {
        try
        {
            return JsonNode.Parse(raw) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

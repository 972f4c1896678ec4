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
            // Counting touches the properties, so a repeated name fails here (ArgumentException) instead of later.
            return JsonNode.Parse(raw) is JsonObject o && o.Count >= 0 ? o : null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return null;
        }
    }
}

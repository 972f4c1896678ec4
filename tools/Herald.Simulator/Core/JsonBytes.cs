using System.Text;
using System.Text.Json.Nodes;

namespace Herald.Simulator.Core;

internal static class JsonBytes
{
    /// <summary>
    /// Compact JSON with non-ASCII escaped as \uXXXX in lowercase hex, as Meta documents for its webhooks
    /// (so a receiver hashing decoded text instead of the raw bytes gets a different signature).
    /// </summary>
    public static byte[] MetaStyle(JsonNode node) => Encoding.UTF8.GetBytes(LowerUnicodeEscapes(node.ToJsonString()));

    /// <summary>Compact JSON, non-ASCII escaped by the default encoder.</summary>
    public static byte[] Plain(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private static string LowerUnicodeEscapes(string json)
    {
        var chars = json.ToCharArray();
        for (var i = 0; i < chars.Length - 1; i++)
        {
            if (chars[i] != '\\')
            {
                continue;
            }

            if (chars[i + 1] == 'u' && i + 5 < chars.Length)
            {
                for (var j = i + 2; j < i + 6; j++)
                {
                    chars[j] = char.ToLowerInvariant(chars[j]);
                }

                i += 5;
            }
            else
            {
                i++;
            }
        }

        return new string(chars);
    }
}

internal static class JsonText
{
    /// <summary>The string value of a node, or null when absent or not a string.</summary>
    public static string? Str(this JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}

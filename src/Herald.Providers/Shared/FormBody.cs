using System.Net;
using System.Text;

namespace Herald.Providers.Shared;

/// <summary><c>application/x-www-form-urlencoded</c> bodies as ordered name/value pairs (names may repeat).</summary>
public static class FormBody
{
    /// <summary>Encodes pairs in the given order, UTF-8, spaces as <c>+</c>.</summary>
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> pairs) =>
        Encoding.UTF8.GetBytes(string.Join('&', pairs.Select(p => WebUtility.UrlEncode(p.Key) + "=" + WebUtility.UrlEncode(p.Value))));

    /// <summary>Decodes a raw body into pairs, in order; a part without <c>=</c> is a name with an empty value.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Decode(ReadOnlySpan<byte> body)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (string part in Encoding.UTF8.GetString(body).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            string name = eq < 0 ? part : part[..eq];
            string value = eq < 0 ? "" : part[(eq + 1)..];
            pairs.Add(new(WebUtility.UrlDecode(name), WebUtility.UrlDecode(value)));
        }

        return pairs;
    }

    /// <summary>The first value of a name, or null.</summary>
    public static string? First(this IReadOnlyList<KeyValuePair<string, string>> pairs, string name)
    {
        foreach (KeyValuePair<string, string> p in pairs)
        {
            if (string.Equals(p.Key, name, StringComparison.Ordinal))
            {
                return p.Value;
            }
        }

        return null;
    }
}

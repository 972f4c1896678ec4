using System.Security.Cryptography;
using System.Text;

namespace Herald.Simulator.Core;

/// <summary>The vendors' webhook signatures, computed over exactly the bytes that are sent.</summary>
internal static class Signing
{
    /// <summary>Meta: "sha256=" + lowercase hex HMAC-SHA256(app secret, raw body).</summary>
    public static string Meta(string appSecret, byte[] body) => Sha256Hex(appSecret, body);

    /// <summary>The simulator's Infobip scheme: "sha256=" + lowercase hex HMAC-SHA256(sender secret, raw body).</summary>
    public static string Viber(string secret, byte[] body) => Sha256Hex(secret, body);

    /// <summary>Twilio: base64 HMAC-SHA1(auth token, URL + each param name+value, sorted by name, ordinal).</summary>
    public static string Twilio(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var text = new StringBuilder(url);
        foreach (var pair in form.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            text.Append(pair.Key).Append(pair.Value);
        }

        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToBase64String(mac);
    }

    private static string Sha256Hex(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

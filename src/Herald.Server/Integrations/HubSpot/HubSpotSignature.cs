using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Herald.Server.Integrations.HubSpot;

/// <summary>
/// HubSpot's v3 request signature: <c>X-HubSpot-Signature-v3</c> is the base64 HMAC-SHA256, keyed with the app's
/// client secret, of method + URI + raw body + <c>X-HubSpot-Request-Timestamp</c> (Unix ms). The URI is the full URL
/// HubSpot called with these percent-escapes decoded, as HubSpot's docs list them: %3A : %2F / %3F ? %40 @ %21 ! %24 $
/// %27 ' %28 ( %29 ) %2A * %2C , %3B ;. A timestamp more than 5 minutes away from now is refused.
/// </summary>
public static class HubSpotSignature
{
    public const string SignatureHeader = "X-HubSpot-Signature-v3";
    public const string TimestampHeader = "X-HubSpot-Request-Timestamp";
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private static readonly (string Escaped, string Plain)[] Decoded =
    [
        ("%3A", ":"), ("%2F", "/"), ("%3F", "?"), ("%40", "@"), ("%21", "!"), ("%24", "$"),
        ("%27", "'"), ("%28", "("), ("%29", ")"), ("%2A", "*"), ("%2C", ","), ("%3B", ";"),
    ];

    public enum Outcome
    {
        Valid,
        Missing,
        Stale,
        Invalid,
    }

    public static string DecodeUri(string uri)
    {
        var s = uri;
        foreach (var (escaped, plain) in Decoded)
        {
            s = s.Replace(escaped, plain, StringComparison.OrdinalIgnoreCase);
        }
        return s;
    }

    public static Outcome Check(string secret, string method, string uri, byte[] body, string? timestamp, string? signature, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp))
        {
            return Outcome.Missing;
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || Math.Abs(now.ToUnixTimeMilliseconds() - ms) > (long)MaxAge.TotalMilliseconds)
        {
            return Outcome.Stale;
        }
        byte[] given;
        try
        {
            given = Convert.FromBase64String(signature.Trim());
        }
        catch (FormatException)
        {
            return Outcome.Invalid;
        }
        var prefix = Encoding.UTF8.GetBytes(method.ToUpperInvariant() + DecodeUri(uri));
        var suffix = Encoding.UTF8.GetBytes(timestamp);
        var data = new byte[prefix.Length + body.Length + suffix.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data, prefix.Length);
        suffix.CopyTo(data, prefix.Length + body.Length);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? Outcome.Valid : Outcome.Invalid;
    }
}

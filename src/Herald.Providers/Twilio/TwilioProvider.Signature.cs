using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.Twilio;

public sealed partial class TwilioProvider
{
    /// <summary>Checks <c>X-Twilio-Signature</c> over the public URL and the raw form body's parameters.</summary>
    public bool IsAuthentic(ProviderWebhookRequest request, string secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        return VerifySignature(request.Url, FormBody.Decode(request.Body.Span), request.Header(SignatureHeader), secret);
    }

    /// <summary>
    /// True when <paramref name="header"/> is base64(HMAC-SHA1(auth token, URL + each parameter name and value sorted by
    /// name)). A URL with an explicit port is also tried without it, and the reverse (Twilio keeps or drops it by product).
    /// </summary>
    public static bool VerifySignature(string url, IEnumerable<KeyValuePair<string, string>> parameters, string? header, string authToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (string.IsNullOrEmpty(header) || string.IsNullOrEmpty(authToken))
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromBase64String(header.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var list = parameters.ToList();
        bool ok = false;
        foreach (string candidate in UrlVariants(url))
        {
            // Non-short-circuit OR: every variant is computed, so timing does not tell which one matched.
            ok |= CryptographicOperations.FixedTimeEquals(Digest(candidate, list, authToken), given);
        }

        return ok;
    }

    /// <summary>The signature Twilio would send: base64 HMAC-SHA1 of the string to sign.</summary>
    public static string Sign(string url, IEnumerable<KeyValuePair<string, string>> parameters, string authToken) =>
        Convert.ToBase64String(Digest(url, parameters, authToken));

    /// <summary>URL then every parameter's name and value, sorted by name in ordinal (byte) order, no separators.</summary>
    public static string StringToSign(string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var sb = new StringBuilder(url);
        foreach (KeyValuePair<string, string> p in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            sb.Append(p.Key).Append(p.Value);
        }

        return sb.ToString();
    }

    private static byte[] Digest(string url, IEnumerable<KeyValuePair<string, string>> parameters, string authToken) =>
        HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(StringToSign(url, parameters)));

    private static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? u) || u.Host.Length == 0)
        {
            yield break;
        }

        int hostEnd = url.IndexOf(u.Host, StringComparison.OrdinalIgnoreCase) + u.Host.Length;
        string head = url[..hostEnd];
        string rest = url[hostEnd..];
        if (rest.StartsWith(':'))
        {
            int cut = rest.IndexOfAny(['/', '?', '#']);
            yield return head + (cut < 0 ? "" : rest[cut..]);
        }
        else
        {
            yield return head + ":" + u.Port.ToString(CultureInfo.InvariantCulture) + rest;
        }
    }
}

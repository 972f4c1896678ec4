using System.Security.Cryptography;
using System.Text;

namespace Herald.Domain.Webhooks;

/// <summary>
/// Standard Webhooks signing: secrets are <c>whsec_</c> + base64 of the key bytes; a signature is
/// <c>v1,</c> + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")); the header carries one
/// signature per valid secret, separated by spaces, so receivers keep working while a secret is rotated.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";
    private const int KeyBytes = 32;

    /// <summary>A new secret from the system's cryptographic random generator.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));

    /// <summary>The key bytes of a <c>whsec_</c> secret, or null when it is not one.</summary>
    public static byte[]? KeyOf(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
            return key.Length == 0 ? null : key;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>One <c>v1,&lt;base64&gt;</c> signature of the exact body bytes.</summary>
    public static string Sign(string secret, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        var key = KeyOf(secret) ?? throw new ArgumentException("not a whsec_ secret", nameof(secret));
        var prefix = Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{webhookId}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>The <c>webhook-signature</c> header value: one signature per secret, newest first.</summary>
    public static string Header(IEnumerable<string> secrets, string webhookId, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var parts = new List<string>();
        foreach (var s in secrets)
        {
            parts.Add(Sign(s, webhookId, timestamp, body));
        }
        return string.Join(' ', parts);
    }
}

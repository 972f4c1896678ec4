using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.WhatsAppCloud;

public sealed partial class WhatsAppCloudProvider
{
    private const string Prefix = "sha256=";

    /// <summary>Checks <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256(app secret, raw body)&gt;</c>.</summary>
    public bool IsAuthentic(ProviderWebhookRequest request, string secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        return VerifySignature(request.Body.Span, request.Header(SignatureHeader), secret);
    }

    /// <summary>
    /// True when <paramref name="header"/> is the signature of the raw <paramref name="body"/> under the app secret.
    /// The bytes are hashed as received: Meta signs its escaped-unicode form, so decoding first would break it.
    /// </summary>
    public static bool VerifySignature(ReadOnlySpan<byte> body, string? header, string appSecret)
    {
        if (string.IsNullOrEmpty(appSecret) || header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return Signatures.MatchesHmacSha256Hex(appSecret, body, header[Prefix.Length..].Trim());
    }

    /// <summary>The header value Meta would send for <paramref name="body"/>; used by the simulator and tests.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string appSecret) => Prefix + Signatures.HmacSha256Hex(appSecret, body);
}

using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.InfobipViber;

public sealed partial class InfobipViberProvider
{
    /// <summary>
    /// The header carrying Herald's per-sender webhook signature: <c>sha256=&lt;lowercase hex HMAC-SHA256(secret, raw
    /// body)&gt;</c> (the prefix is optional on input). Infobip documents no signature for per-message report URLs and
    /// no header for its HMAC profiles, so Herald defines this one, modelled on Meta's; see InfobipViber/README.md.
    /// </summary>
    public const string SignatureHeader = "X-Herald-Signature";

    private const string Prefix = "sha256=";

    /// <inheritdoc />
    public bool IsAuthentic(ProviderWebhookRequest request, string secret)
    {
        ArgumentNullException.ThrowIfNull(request);
        return VerifySignature(request.Body.Span, request.Header(SignatureHeader), secret);
    }

    /// <summary>True when <paramref name="header"/> signs the raw <paramref name="body"/> with the sender's secret (constant-time).</summary>
    public static bool VerifySignature(ReadOnlySpan<byte> body, string? header, string secret)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        string hex = header.Trim();
        hex = hex.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? hex[Prefix.Length..] : hex;
        return Signatures.MatchesHmacSha256Hex(secret, body, hex);
    }

    /// <summary>The header value for <paramref name="body"/>: what the simulator (or a signing proxy) sends.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) => Prefix + Signatures.HmacSha256Hex(secret, body);
}

using Herald.Providers.Shared;

namespace Herald.Providers.WhatsAppCloud;

/// <summary>The answer to Meta's GET verification request.</summary>
/// <param name="StatusCode">200 when verified, 403 otherwise.</param>
/// <param name="Body">The raw <c>hub.challenge</c> to echo on 200; null on 403.</param>
public sealed record HandshakeDecision(int StatusCode, string? Body)
{
    /// <summary>True when the subscription is confirmed.</summary>
    public bool Accepted => StatusCode == 200;
}

public sealed partial class WhatsAppCloudProvider
{
    /// <summary>
    /// Decides the GET handshake: <c>hub.mode</c> must be <c>subscribe</c> and <c>hub.verify_token</c> the configured
    /// token (compared in constant time); then the <c>hub.challenge</c> is echoed as the body, else 403.
    /// </summary>
    public static HandshakeDecision Handshake(string? mode, string? verifyToken, string? challenge, string expectedToken)
    {
        bool ok = string.Equals(mode, "subscribe", StringComparison.Ordinal)
            && !string.IsNullOrEmpty(expectedToken)
            && Signatures.SameText(verifyToken, expectedToken)
            && !string.IsNullOrEmpty(challenge);
        return ok ? new HandshakeDecision(200, challenge) : new HandshakeDecision(403, null);
    }
}

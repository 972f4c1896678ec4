using Herald.Engine.Senders;
using Herald.Storage.Rows;

namespace Herald.Engine.Notifications;

/// <summary>Endpoint secrets are kept encrypted with the credential vault, bound to the endpoint id.</summary>
public static class EndpointSecrets
{
    /// <summary>The secrets that sign a delivery now: the current one, and the previous one while its overlap lasts.</summary>
    public static IReadOnlyList<string> Signing(WebhookEndpointRow e, CredentialVault vault, long nowMs)
    {
        var list = new List<string>(2);
        if (vault.Unprotect(e.Id, e.Secret) is { } current)
        {
            list.Add(current);
        }
        if (e.PreviousSecret is not null && e.PreviousSecretExpiresAt > nowMs && vault.Unprotect(e.Id, e.PreviousSecret) is { } previous)
        {
            list.Add(previous);
        }
        return list;
    }
}

/// <summary>A webhook URL resolved only to addresses Herald may not send to (private, loopback…).</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);

namespace Herald.Providers.Contracts;

/// <summary>Everything one provider webhook request carried, parsed; unknown items were left out.</summary>
/// <param name="Statuses">Status changes of outbound messages.</param>
/// <param name="Inbound">Messages contacts sent.</param>
/// <param name="Templates">Template status and quality updates.</param>
/// <param name="IdempotencyToken">A provider token identifying this delivery across its retries (Twilio's <c>I-Twilio-Idempotency-Token</c>), when present.</param>
public sealed record ProviderWebhookEvents(
    IReadOnlyList<ProviderStatusEvent> Statuses,
    IReadOnlyList<ProviderInboundMessage> Inbound,
    IReadOnlyList<ProviderTemplateEvent> Templates,
    string? IdempotencyToken = null)
{
    /// <summary>A request that carried nothing Herald uses.</summary>
    public static readonly ProviderWebhookEvents Empty = new([], [], []);

    /// <summary>True when nothing was recognised.</summary>
    public bool IsEmpty => Statuses.Count == 0 && Inbound.Count == 0 && Templates.Count == 0;
}

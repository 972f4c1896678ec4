namespace Herald.Providers.Contracts;

/// <summary>Sends messages through one provider.</summary>
public interface IMessageSender
{
    /// <summary>The provider name stored on senders (e.g. <c>sandbox</c>, <c>meta</c>, <c>twilio</c>).</summary>
    string Provider { get; }

    /// <summary>True when the provider deduplicates by Herald's message id, so a send whose outcome was lost may be repeated.</summary>
    bool ResendIsSafe { get; }

    /// <summary>Sends a batch; returns one result per message, in order. Adapters without a batch API send one by one.</summary>
    Task<IReadOnlyList<SendResult>> SendAsync(IReadOnlyList<OutboundMessage> batch, CancellationToken ct);
}

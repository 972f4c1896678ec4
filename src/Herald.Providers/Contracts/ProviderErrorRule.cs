using Herald.Domain.Messages;

namespace Herald.Providers.Contracts;

/// <summary>What the dispatcher should do beside retrying or failing, for a provider error.</summary>
[Flags]
public enum ProviderErrorAction
{
    /// <summary>Nothing beyond the disposition.</summary>
    None = 0,

    /// <summary>Slow the whole sender down (throughput limit hit).</summary>
    SlowSender = 1,

    /// <summary>Wait before sending to the same recipient again (pair rate).</summary>
    BackOffRecipient = 2,

    /// <summary>Record the recipient's opt-out on this channel.</summary>
    RecordOptOut = 4,

    /// <summary>Tell an operator: credentials, account or policy standing need a person.</summary>
    AlertOperator = 8,

    /// <summary>The template's status is stale: sync it from the provider.</summary>
    SyncTemplate = 16,

    /// <summary>The message ran out of validity at the provider: it ends expired, not failed.</summary>
    Expired = 32,
}

/// <summary>One row of a provider's error table: a documented code and what it means for the message.</summary>
/// <param name="Code">The provider's code as text.</param>
/// <param name="Disposition"><see cref="SendDisposition.RetryLater"/> or <see cref="SendDisposition.Failed"/>.</param>
/// <param name="Class">The class recorded when the message fails (for retries: when they run out, if not transient).</param>
/// <param name="MinimumDelay">The least wait before a retry when the provider gives no <c>Retry-After</c>.</param>
/// <param name="Action">What else to do.</param>
/// <param name="Meaning">The documented meaning, for people.</param>
public sealed record ProviderErrorRule(
    string Code,
    SendDisposition Disposition,
    ErrorClass? Class,
    TimeSpan? MinimumDelay,
    ProviderErrorAction Action,
    string Meaning)
{
    /// <summary>
    /// The send result for this error, carrying the rule's <see cref="Action"/>; a provider's <c>Retry-After</c> wins over
    /// the rule's own delay when longer.
    /// </summary>
    public SendResult ToResult(string? message, TimeSpan? retryAfter)
    {
        string text = string.IsNullOrWhiteSpace(message) ? Meaning : message;
        if (Disposition == SendDisposition.RetryLater)
        {
            TimeSpan? wait = (retryAfter, MinimumDelay) switch
            {
                (null, var d) => d,
                (var r, null) => r,
                (var r, var d) => r > d ? r : d,
            };
            return new SendResult(SendDisposition.RetryLater, null, Class, Code, text, wait, Action);
        }

        return new SendResult(SendDisposition.Failed, null, Class ?? ErrorClass.Permanent, Code, text, null, Action);
    }
}

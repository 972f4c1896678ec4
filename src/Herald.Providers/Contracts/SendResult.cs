using Herald.Domain.Messages;

namespace Herald.Providers.Contracts;

/// <summary>How a send attempt ended, ordered by what the dispatcher may do next.</summary>
public enum SendDisposition
{
    /// <summary>The provider took the message and gave its id.</summary>
    Accepted,

    /// <summary>The provider surely did not take it (refused connection, 429, 5xx before acceptance): safe to retry.</summary>
    RetryLater,

    /// <summary>The provider refused it for good (bad number, policy, consent).</summary>
    Failed,

    /// <summary>The outcome is unknown (timeout after the request was sent): never resent, flagged in doubt.</summary>
    Unknown,
}

/// <summary>The outcome of one send as a value: the dispatcher decides retries from it, never from exceptions.</summary>
/// <param name="Disposition">What the dispatcher may do next.</param>
/// <param name="ProviderMessageId">The provider's id of the message, when it gave one.</param>
/// <param name="ErrorClass">How the error is classified, on failures (and retries that carry a class).</param>
/// <param name="ErrorCode">The provider's error code, or <c>http_&lt;status&gt;</c> when it gave none.</param>
/// <param name="ErrorMessage">The provider's error text, or the documented meaning.</param>
/// <param name="RetryAfter">The least wait before a retry.</param>
/// <param name="Action">What else to do beside the disposition (e.g. <see cref="ProviderErrorAction.SlowSender"/> on every HTTP 429).</param>
public sealed record SendResult(
    SendDisposition Disposition,
    string? ProviderMessageId = null,
    ErrorClass? ErrorClass = null,
    string? ErrorCode = null,
    string? ErrorMessage = null,
    TimeSpan? RetryAfter = null,
    ProviderErrorAction Action = ProviderErrorAction.None)
{
    public static SendResult Accepted(string providerMessageId) => new(SendDisposition.Accepted, providerMessageId);

    public static SendResult Retry(string code, string message, TimeSpan? retryAfter = null) =>
        new(SendDisposition.RetryLater, null, null, code, message, retryAfter);

    public static SendResult Fail(ErrorClass errorClass, string code, string message) =>
        new(SendDisposition.Failed, null, errorClass, code, message);
}

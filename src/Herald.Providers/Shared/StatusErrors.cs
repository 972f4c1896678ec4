using Herald.Domain.Messages;
using Herald.Providers.Contracts;

namespace Herald.Providers.Shared;

/// <summary>How a provider error reported after acceptance (in a status webhook) marks the status event.</summary>
internal static class StatusErrors
{
    /// <summary>
    /// The event with the error's code, text and class. After acceptance nothing is resent, so a retryable code still
    /// ends the message: with its rule's class, else as transient exhausted.
    /// </summary>
    public static ProviderStatusEvent Failed(ProviderStatusEvent ev, ProviderErrorRule rule, string? message) => ev with
    {
        ErrorCode = rule.Code,
        ErrorMessage = message,
        ErrorClass = rule.Class ?? ErrorClass.TransientExhausted,
    };
}

using System.Globalization;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;

namespace Herald.Providers.Shared;

/// <summary>Verdicts on send answers that every vendor reaches the same way.</summary>
internal static class SendAnswers
{
    /// <summary>
    /// An HTTP 429, whatever its body code: the provider did not take the message, so it is retried later and the whole
    /// sender slows down. The wait is the provider's <c>Retry-After</c> when it sent one (it knows its own window), else
    /// the rule's minimum delay. The body code's rule gives the code, text, delay and extra actions when the vendor's
    /// table documents it; otherwise <paramref name="fallback"/> does.
    /// </summary>
    public static SendResult TooManyRequests(ErrorTable errors, string? code, ProviderErrorRule fallback, string? message, TimeSpan? retryAfter)
    {
        ProviderErrorRule rule = code is not null && errors.Documents(code) ? errors.For(code) : fallback;
        if (rule.Disposition != SendDisposition.RetryLater)
        {
            // A code documented as final still came with a 429: the request was not processed, so nothing is final yet.
            rule = rule with { Disposition = SendDisposition.RetryLater, Class = null, Action = ProviderErrorAction.None };
        }

        SendResult result = rule.ToResult(message, null);
        return result with { RetryAfter = retryAfter ?? rule.MinimumDelay, Action = result.Action | ProviderErrorAction.SlowSender };
    }

    /// <summary>A 2xx answer without the provider's id: it may have been taken, so it is never resent blindly.</summary>
    public static SendResult WithoutId(int httpStatus, string code, string what) =>
        new(SendDisposition.Unknown, null, null, code, $"HTTP {Status(httpStatus)} without {what}.");

    /// <summary>An error the vendor's table does not decide: 5xx before acceptance is retried, anything else fails.</summary>
    public static SendResult ByHttpStatus(int httpStatus, string? code, string? message, TimeSpan? retryAfter)
    {
        string status = Status(httpStatus);
        return httpStatus >= 500
            ? SendResult.Retry(code ?? "http_" + status, message ?? $"HTTP {status} before acceptance.", retryAfter)
            : SendResult.Fail(ErrorClass.Permanent, code ?? "http_" + status, message ?? $"HTTP {status}.");
    }

    private static string Status(int httpStatus) => httpStatus.ToString(CultureInfo.InvariantCulture);
}

using Herald.Domain.Messages;
using Herald.Engine.Sending;
using Herald.Providers.Contracts;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Engine.Dispatch;

/// <summary>Maps what happened to a claimed message onto its next state, timeline step and queue action.</summary>
public static class Outcomes
{
    public static DispatchOutcome From(MessageRow m, SendResult r, DateTimeOffset now, double jitter)
    {
        var at = now.ToUnixTimeMilliseconds();
        var attempts = m.Attempts + 1;
        switch (r.Disposition)
        {
            case SendDisposition.Accepted:
                return new DispatchOutcome(m.Id, "sending", attempts, r.ProviderMessageId,
                    Events: [new EventRow(m.Id, "provider_accepted", at, MessageFactory.Detail(new { provider_message_id = r.ProviderMessageId, attempt = attempts }))]);
            case SendDisposition.RetryLater:
                var delay = RetryPolicy.NextDelay((int)attempts, jitter, r.RetryAfter);
                if (delay is null)
                {
                    return Failed(m, at, ErrorClass.TransientExhausted, r.ErrorCode ?? "retries_exhausted",
                        $"Gave up after {attempts} attempts: {r.ErrorMessage}", attempts);
                }
                var retryAt = (now + delay.Value).ToUnixTimeMilliseconds();
                return new DispatchOutcome(m.Id, "queued", attempts, ErrorCode: r.ErrorCode, ErrorMessage: r.ErrorMessage, RetryAt: retryAt,
                    Events: [new EventRow(m.Id, "retry_scheduled", at, MessageFactory.Detail(new
                    {
                        attempt = attempts, code = r.ErrorCode, message = r.ErrorMessage,
                        retry_at = DateTimeOffset.FromUnixTimeMilliseconds(retryAt),
                    }))]);
            case SendDisposition.Failed:
                return Failed(m, at, r.ErrorClass ?? ErrorClass.Permanent, r.ErrorCode ?? "failed", r.ErrorMessage ?? "The provider refused the message.", attempts);
            default:
                return InDoubt(m, at, r.ErrorMessage, attempts);
        }
    }

    public static DispatchOutcome Expired(MessageRow m, long now) =>
        new(m.Id, "expired", m.Attempts, ErrorCode: "validity_elapsed",
            ErrorMessage: "The message was not handed to the provider within its validity period.",
            Events: [new EventRow(m.Id, "expired", now, MessageFactory.Detail(new { expires_at = DateTimeOffset.FromUnixTimeMilliseconds(m.ExpiresAt ?? now) }))]);

    public static DispatchOutcome Failed(MessageRow m, long now, ErrorClass cls, string code, string message, long? attempts = null) =>
        new(m.Id, "failed", attempts ?? m.Attempts, ErrorClass: Wire.Name(cls), ErrorCode: code, ErrorMessage: message,
            Events: [new EventRow(m.Id, "failed", now, MessageFactory.Detail(new { error_class = Wire.Name(cls), code, message }))]);

    /// <summary>Its broadcast was paused after it was claimed: back to the queue, held, not counted as an attempt.</summary>
    public static DispatchOutcome Held(MessageRow m, long now) =>
        new(m.Id, "queued", m.Attempts, RetryAt: now, Hold: true,
            Events: [new EventRow(m.Id, "queued", now, MessageFactory.Detail(new { reason = "broadcast_paused", broadcast_id = m.BroadcastId }))]);

    /// <summary>Its broadcast was cancelled (or failed) after it was claimed and before it was sent.</summary>
    public static DispatchOutcome Cancelled(MessageRow m, long now) =>
        new(m.Id, "cancelled", m.Attempts,
            Events: [new EventRow(m.Id, "cancelled", now, MessageFactory.Detail(new { reason = "broadcast_cancelled", broadcast_id = m.BroadcastId }))]);

    /// <summary>The provider may have the message: it is not sent again, and the flag tells an operator to look.</summary>
    public static DispatchOutcome InDoubt(MessageRow m, long now, string? why = null, long? attempts = null)
    {
        var message = "Herald lost track of this send (crash or timeout after the request went out); it was not resent to avoid a duplicate."
            + (why is null ? "" : " " + why);
        return new(m.Id, "failed", attempts ?? m.Attempts, ErrorClass: Wire.Name(ErrorClass.InDoubt), ErrorCode: "in_doubt",
            ErrorMessage: message, InDoubt: true,
            Events: [new EventRow(m.Id, "in_doubt", now, MessageFactory.Detail(new { message }))]);
    }
}

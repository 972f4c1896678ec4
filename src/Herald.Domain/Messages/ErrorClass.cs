namespace Herald.Domain.Messages;

/// <summary>Why a message failed; decides whether anything could ever change the outcome.</summary>
public enum ErrorClass
{
    /// <summary>The provider refused it for good (invalid or unreachable number, bad parameter); do not retry.</summary>
    Permanent,

    /// <summary>Every attempt met a temporary error and <see cref="RetryPolicy.MaxAttempts"/> ran out.</summary>
    TransientExhausted,

    /// <summary>A channel rule refused it (window closed, template not approved, pair rate).</summary>
    Policy,

    /// <summary>The recipient opted out of this channel.</summary>
    Consent,

    /// <summary>A send whose outcome is unknown after a crash; flagged instead of silently repeated.</summary>
    InDoubt,
}

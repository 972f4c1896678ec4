namespace Herald.Domain.Messages;

/// <summary>
/// Backoff for sends the provider surely did not accept: 2 s, 4 s, 8 s … capped at 5 minutes, ±20 % jitter,
/// never sooner than the provider's Retry-After, at most <see cref="MaxAttempts"/> attempts in all.
/// </summary>
public static class RetryPolicy
{
    /// <summary>Attempts in all, the first one included.</summary>
    public const int MaxAttempts = 8;

    /// <summary>Delay after the first failed attempt.</summary>
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(2);

    /// <summary>Longest backoff, jitter included (a provider's Retry-After may ask for more).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(5);

    private const double JitterShare = 0.2;

    /// <summary>How long to wait before the next attempt, or null when the attempts are exhausted.</summary>
    /// <param name="attemptsSoFar">Attempts already made (1 after the first failure).</param>
    /// <param name="jitter01">A random number in [0, 1) from the caller, so this stays pure; 0.5 means no jitter.</param>
    /// <param name="retryAfter">The provider's Retry-After, if it sent one.</param>
    public static TimeSpan? NextDelay(int attemptsSoFar, double jitter01, TimeSpan? retryAfter = null)
    {
        if (attemptsSoFar >= MaxAttempts)
        {
            return null;
        }

        TimeSpan backoff = Backoff(attemptsSoFar, jitter01);
        return retryAfter is { } after && after > backoff ? after : backoff;
    }

    /// <summary>The jittered exponential backoff alone, without the attempt limit or Retry-After.</summary>
    public static TimeSpan Backoff(int attemptsSoFar, double jitter01)
    {
        int exponent = Math.Clamp(attemptsSoFar, 1, 30) - 1;
        double seconds = Math.Min(BaseDelay.TotalSeconds * Math.Pow(2, exponent), MaxDelay.TotalSeconds);
        double jitter = 1 + (((Math.Clamp(jitter01, 0, 1) * 2) - 1) * JitterShare);
        return TimeSpan.FromSeconds(Math.Min(seconds * jitter, MaxDelay.TotalSeconds));
    }
}

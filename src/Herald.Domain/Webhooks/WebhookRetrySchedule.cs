namespace Herald.Domain.Webhooks;

/// <summary>
/// When a failed webhook delivery is tried again. The Standard Webhooks schedule: immediately, then 5 s, 5 min, 30 min,
/// 2 h, 5 h, 10 h and 10 h after the previous failure, each delay spread by ±<see cref="JitterShare"/> so that a
/// recovering receiver is not hit by every retry at once.
/// </summary>
public sealed class WebhookRetrySchedule
{
    /// <summary>The delay before each attempt; the first is the immediate one.</summary>
    public static readonly IReadOnlyList<TimeSpan> Standard =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    public const double JitterShare = 0.1;

    public WebhookRetrySchedule(IReadOnlyList<TimeSpan>? delays = null)
    {
        Delays = delays is { Count: > 0 } ? delays : Standard;
        if (Delays.Any(d => d < TimeSpan.Zero))
        {
            throw new ArgumentException("retry delays cannot be negative", nameof(delays));
        }
    }

    public IReadOnlyList<TimeSpan> Delays { get; }

    /// <summary>How many attempts a delivery gets in all.</summary>
    public int Attempts => Delays.Count;

    /// <summary>
    /// The wait after attempt number <paramref name="attemptsMade"/> (1-based) failed, or null when that was the last.
    /// <paramref name="random01"/> in [0, 1) places the delay within its jitter band.
    /// </summary>
    public TimeSpan? After(int attemptsMade, double random01)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attemptsMade, 1);
        if (attemptsMade >= Delays.Count)
        {
            return null;
        }
        var delay = Delays[attemptsMade];
        var factor = 1 - JitterShare + (2 * JitterShare * Math.Clamp(random01, 0, 1));
        return TimeSpan.FromMilliseconds(Math.Round(delay.TotalMilliseconds * factor));
    }
}

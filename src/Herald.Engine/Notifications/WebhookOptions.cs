using System.ComponentModel.DataAnnotations;

namespace Herald.Engine;

/// <summary>Customer webhooks (section <c>Herald:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// Private, loopback and link-local targets this installation may send webhooks to anyway: IP addresses, CIDR ranges
    /// (<c>10.0.0.0/8</c>) or host names. Empty: only public addresses.
    /// </summary>
    public List<string> AllowedTargets { get; set; } = [];

    /// <summary>Delay before each attempt, the first being immediate; empty: the Standard Webhooks schedule (0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h).</summary>
    public List<TimeSpan> RetrySchedule { get; set; } = [];

    /// <summary>How long a receiver may take to answer one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts in flight at once, across all endpoints.</summary>
    [Range(1, 1000)]
    public int Concurrency { get; set; } = 16;

    /// <summary>How often the fan-out and the delivery worker look for work when nothing woke them.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long delivered and failed deliveries (with their attempts) stay listed and replayable.</summary>
    public TimeSpan KeepDeliveries { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the previous secret keeps signing after a rotation when the request does not say.</summary>
    public TimeSpan DefaultRotationOverlap { get; set; } = TimeSpan.FromHours(24);
}

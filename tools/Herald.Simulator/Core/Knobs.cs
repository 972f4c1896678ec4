namespace Herald.Simulator.Core;

/// <summary>Fault and timing knobs, replaced as a whole by PUT /_sim/config (missing fields take their defaults).</summary>
internal sealed record Knobs
{
    public int LatencyMs { get; init; }
    public int JitterMs { get; init; }
    public double ErrorRate5xx { get; init; }
    public double TimeoutRate { get; init; }
    public int TimeoutHangMs { get; init; } = 30_000;
    public double RefuseRate { get; init; }
    public double Rate429 { get; init; }
    public int Burst429Ms { get; init; } = 1_000;
    public int RetryAfterSeconds { get; init; } = 1;
    public int PerNumberLimit { get; init; }
    public double DuplicateWebhookRate { get; init; }
    public double ReorderWebhookRate { get; init; }
    public int SentDelayMs { get; init; } = 50;
    public int DeliveredDelayMs { get; init; } = 100;
    public int ReadDelayMs { get; init; } = 150;
    public int WebhookJitterMs { get; init; }
    public bool ReadReceipts { get; init; } = true;

    /// <summary>Whether accepted sends get status webhooks (sent, delivered, …); off, only the send's answer is given.</summary>
    public bool StatusWebhooks { get; init; } = true;
    public double DeliveryFailureRate { get; init; }
    public IReadOnlyList<string> FailNumbers { get; init; } = [];

    /// <summary>Recipients who replied STOP to the sender: Twilio refuses sends to them with 21610.</summary>
    public IReadOnlyList<string> OptedOutNumbers { get; init; } = [];
    public int WebhookRetries { get; init; } = 3;
    public int WebhookRetryDelayMs { get; init; } = 1_000;
    public bool RequireKnownTemplates { get; init; }
    public int? Seed { get; init; }

    /// <summary>Every bound in one place; an empty list means the knobs are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Range(string name, double value, double min, double max)
        {
            if (double.IsNaN(value) || value < min || value > max)
            {
                errors.Add($"{name} must be between {min} and {max}.");
            }
        }

        Range(nameof(LatencyMs), LatencyMs, 0, 10_000);
        Range(nameof(JitterMs), JitterMs, 0, 10_000);
        Range(nameof(ErrorRate5xx), ErrorRate5xx, 0, 1);
        Range(nameof(TimeoutRate), TimeoutRate, 0, 1);
        Range(nameof(TimeoutHangMs), TimeoutHangMs, 0, 120_000);
        Range(nameof(RefuseRate), RefuseRate, 0, 1);
        Range(nameof(Rate429), Rate429, 0, 1);
        Range(nameof(Burst429Ms), Burst429Ms, 0, 60_000);
        Range(nameof(RetryAfterSeconds), RetryAfterSeconds, 1, 3_600);
        Range(nameof(PerNumberLimit), PerNumberLimit, 0, 100_000);
        Range(nameof(DuplicateWebhookRate), DuplicateWebhookRate, 0, 1);
        Range(nameof(ReorderWebhookRate), ReorderWebhookRate, 0, 1);
        Range(nameof(SentDelayMs), SentDelayMs, 0, 600_000);
        Range(nameof(DeliveredDelayMs), DeliveredDelayMs, 0, 600_000);
        Range(nameof(ReadDelayMs), ReadDelayMs, 0, 600_000);
        Range(nameof(WebhookJitterMs), WebhookJitterMs, 0, 60_000);
        Range(nameof(DeliveryFailureRate), DeliveryFailureRate, 0, 1);
        Range(nameof(FailNumbers), FailNumbers.Count, 0, 10_000);
        Range(nameof(OptedOutNumbers), OptedOutNumbers.Count, 0, 10_000);
        Range(nameof(WebhookRetries), WebhookRetries, 0, 10);
        Range(nameof(WebhookRetryDelayMs), WebhookRetryDelayMs, 0, 600_000);
        return errors;
    }
}

using System.ComponentModel.DataAnnotations;

namespace Herald.Engine;

/// <summary>Engine settings (section <c>Herald</c>); every key is commented in appsettings.json.</summary>
public sealed class HeraldOptions
{
    public const string Section = "Herald";

    /// <summary>How long a message may wait before it expires instead of arriving late (PRODUCT: 10 h).</summary>
    public TimeSpan DefaultValidity { get; set; } = TimeSpan.FromHours(10);

    [Range(1, 1_000_000)]
    public int MaxSmsLength { get; set; } = 1600;

    /// <summary>Opt-out keywords added to the standard list (e.g. ARRET).</summary>
    public List<string> ExtraOptOutKeywords { get; set; } = [];

    public string HelpText { get; set; } = "Reply STOP to unsubscribe, START to subscribe again. Msg&data rates may apply.";

    public string OptOutReply { get; set; } = "You have been unsubscribed and will receive no more messages. Reply START to subscribe again.";

    public string OptInReply { get; set; } = "You have been subscribed again. Reply STOP to unsubscribe, HELP for help.";

    /// <summary>Marketing messages are deferred out of this local-time window, e.g. "21:00-08:00"; empty = off.</summary>
    public string? QuietHours { get; set; }

    /// <summary>Time zone of the first workspace created on a fresh install (IANA id).</summary>
    public string WorkspaceTimeZone { get; set; } = "UTC";

    /// <summary>How long idempotency keys are remembered (at least 24 h).</summary>
    public TimeSpan IdempotencyLifetime { get; set; } = TimeSpan.FromHours(24);

    public IntakeOptions Intake { get; set; } = new();

    public DispatcherOptions Dispatcher { get; set; } = new();

    public SandboxOptions Sandbox { get; set; } = new();
}

/// <summary>The API's write path: requests are gathered and committed together (group commit).</summary>
public sealed class IntakeOptions
{
    [Range(1, 10_000)]
    public int MaxBatch { get; set; } = 512;

    /// <summary>Concurrent batch writers; SQLite has one writer at a time, PostgreSQL benefits from several.</summary>
    [Range(1, 64)]
    public int Writers { get; set; } = 1;
}

public sealed class DispatcherOptions
{
    public bool Enabled { get; set; } = true;

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 256;

    [Range(1, 64)]
    public int Workers { get; set; } = 2;

    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of each claim reserved for the transactional lane; the rest keeps broadcasts moving.</summary>
    [Range(0.0, 1.0)]
    public double TransactionalShare { get; set; } = 0.8;

    public TimeSpan IdlePoll { get; set; } = TimeSpan.FromMilliseconds(250);
}

public sealed class SandboxOptions
{
    public TimeSpan SentDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    public TimeSpan DeliveredDelay { get; set; } = TimeSpan.FromMilliseconds(700);

    public TimeSpan ReadDelay { get; set; } = TimeSpan.FromMilliseconds(1000);

    /// <summary>Messages per second a sandbox sender takes (per segment for SMS).</summary>
    public double RatePerSecond { get; set; } = 1000;
}

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

    public SecretsOptions Secrets { get; set; } = new();

    /// <summary>Herald's address as providers reach it (e.g. https://herald.example.com behind a reverse proxy); webhook URLs and Twilio signatures use it. Empty: the address of each request.</summary>
    public string? PublicUrl { get; set; }

    public ProvidersOptions Providers { get; set; } = new();

    public BroadcastOptions Broadcasts { get; set; } = new();

    public WebhookOptions Webhooks { get; set; } = new();
}

/// <summary>How broadcasts are expanded into the queue and watched while they run.</summary>
public sealed class BroadcastOptions
{
    /// <summary>Audience rows turned into queued messages per transaction.</summary>
    [Range(1, 50_000)]
    public int BatchSize { get; set; } = 2_000;

    /// <summary>How many of a broadcast's messages may wait in the queue, due now, before expansion waits for the senders.</summary>
    [Range(1, 1_000_000)]
    public int QueueAhead { get; set; } = 20_000;

    /// <summary>Default share of failed messages (since start or the last resume) that pauses a broadcast.</summary>
    [Range(0.0, 1.0)]
    public double ErrorThreshold { get; set; } = 0.2;

    /// <summary>Finished messages needed before the error rate is judged.</summary>
    [Range(1, 1_000_000)]
    public int ErrorMinSample { get; set; } = 100;

    /// <summary>How often running broadcasts are checked (template status, error rate, completion) and other processes' pauses are seen.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}

/// <summary>Encryption of sender credentials at rest.</summary>
public sealed class SecretsOptions
{
    /// <summary>Base64 of 32 random bytes; empty: a key file is created in the data directory on first start.</summary>
    public string? Key { get; set; }
}

/// <summary>Where the providers' APIs are and how long Herald waits for them.</summary>
public sealed class ProvidersOptions
{
    public string MetaBaseUrl { get; set; } = "https://graph.facebook.com";

    public string TwilioBaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>Infobip gives each account its own base URL; a sender's <c>base_url</c> setting wins over this.</summary>
    public string InfobipBaseUrl { get; set; } = "https://api.infobip.com";

    /// <summary>How long one send request may take; after that its outcome is unknown and the message is flagged in doubt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long opening a connection may take; a connection that never opened is retried safely.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Requests one sender's batch keeps in flight at once.</summary>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 64;

    /// <summary>How often template statuses are fetched from providers that have an API for it (0 = never).</summary>
    public TimeSpan TemplateReconcileInterval { get; set; } = TimeSpan.FromMinutes(15);
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

namespace Herald.Simulator.Core;

/// <summary>Accounts and webhook targets, read once at start-up from the "Simulator" section.</summary>
internal sealed class SimulatorOptions
{
    public const string Section = "Simulator";

    /// <summary>Seed of the one random source; the same seed and the same request order give the same ids and outcomes.</summary>
    public int Seed { get; set; } = 42;

    public MetaAccount Meta { get; set; } = new();

    public TwilioAccount Twilio { get; set; } = new();

    public ViberAccount Viber { get; set; } = new();
}

internal sealed class MetaAccount
{
    public List<string> AccessTokens { get; set; } = [];

    public string AppSecret { get; set; } = "sim-meta-app-secret";

    public string WabaId { get; set; } = "102290129340398";

    /// <summary>Herald's Meta webhook URL (statuses, inbound, template updates); null posts nothing.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>phone-number-id → display phone number (digits) used in webhook metadata.</summary>
    public Dictionary<string, string> PhoneNumbers { get; set; } = [];

    public IReadOnlyList<string> Tokens => AccessTokens.Count == 0 ? ["sim-meta-token"] : AccessTokens;
}

internal sealed class TwilioAccount
{
    /// <summary>AccountSid → AuthToken.</summary>
    public Dictionary<string, string> Accounts { get; set; } = [];

    /// <summary>Status callbacks go here when a send carries no StatusCallback.</summary>
    public string? StatusCallbackUrl { get; set; }

    /// <summary>Herald's incoming-message URL.</summary>
    public string? InboundUrl { get; set; }

    public IReadOnlyDictionary<string, string> EffectiveAccounts => Accounts.Count == 0
        ? new Dictionary<string, string> { ["AC00000000000000000000000000000000"] = "sim-twilio-auth-token" }
        : Accounts;
}

internal sealed class ViberAccount
{
    public List<string> ApiKeys { get; set; } = [];

    public string? DeliveryUrl { get; set; }

    public string? SeenUrl { get; set; }

    public string? InboundUrl { get; set; }

    /// <summary>Header carrying "sha256=&lt;hex HMAC-SHA256(secret, raw body)&gt;".</summary>
    public string SignatureHeader { get; set; } = "X-Herald-Signature";

    public string DefaultSecret { get; set; } = "sim-viber-secret";

    /// <summary>Viber sender id → webhook secret; senders not listed use DefaultSecret.</summary>
    public Dictionary<string, string> SenderSecrets { get; set; } = [];

    public IReadOnlyList<string> Keys => ApiKeys.Count == 0 ? ["sim-viber-key"] : ApiKeys;

    public string SecretFor(string sender) => SenderSecrets.TryGetValue(sender, out var s) ? s : DefaultSecret;
}

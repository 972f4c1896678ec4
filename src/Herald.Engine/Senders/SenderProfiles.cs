using System.Text.RegularExpressions;
using Herald.Engine.Sandbox;

namespace Herald.Engine.Senders;

/// <summary>What one provider needs from a sender: its channels, settings, credentials and default limits.</summary>
/// <param name="Provider">The provider name stored on senders.</param>
/// <param name="Channels">The channels it can send on.</param>
/// <param name="Settings">Non-secret settings: name → (required, pattern, what it is).</param>
/// <param name="Credentials">Secret settings: name → (required, what it is); encrypted at rest, never returned.</param>
/// <param name="DefaultRate">Messages per second when the request gives none.</param>
/// <param name="HasWebhook">Whether the provider calls Herald back (a webhook URL is shown).</param>
public sealed record SenderProfile(
    string Provider,
    IReadOnlyList<string> Channels,
    IReadOnlyDictionary<string, SettingRule> Settings,
    IReadOnlyDictionary<string, SettingRule> Credentials,
    double DefaultRate,
    bool HasWebhook);

/// <summary>A rule for one setting or credential.</summary>
public sealed record SettingRule(bool Required, string? Pattern, string Meaning)
{
    public bool Matches(string value) => Pattern is null || Regex.IsMatch(value, Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}

/// <summary>The providers Herald speaks and what a sender of each needs.</summary>
public static class SenderProfiles
{
    public const string Meta = "meta";
    public const string Twilio = "twilio";
    public const string Infobip = "infobip";

    private static readonly SettingRule Secret = new(true, null, "secret");

    public static readonly IReadOnlyDictionary<string, SenderProfile> All = new Dictionary<string, SenderProfile>(StringComparer.Ordinal)
    {
        [Meta] = new(Meta, ["whatsapp"],
            new Dictionary<string, SettingRule>(StringComparer.Ordinal)
            {
                ["phone_number_id"] = new(true, "^[0-9]{1,30}$", "Meta's phone-number id of the business number (digits)"),
                ["waba_id"] = new(true, "^[0-9]{1,30}$", "the WhatsApp Business Account id (digits), where templates live"),
                ["api_version"] = new(false, "^v[0-9]{1,3}\\.[0-9]{1,3}$", "the Graph API version, e.g. v23.0"),
            },
            new Dictionary<string, SettingRule>(StringComparer.Ordinal)
            {
                ["access_token"] = Secret, ["app_secret"] = Secret, ["verify_token"] = Secret,
            },
            80, true),
        [Twilio] = new(Twilio, ["sms", "whatsapp"],
            new Dictionary<string, SettingRule>(StringComparer.Ordinal)
            {
                ["account_sid"] = new(true, "^AC[0-9a-fA-F]{32}$", "the Twilio account SID (AC followed by 32 hex digits)"),
                ["messaging_service_sid"] = new(false, "^MG[0-9a-fA-F]{32}$", "a Messaging Service SID (MG…) used instead of a From number"),
            },
            new Dictionary<string, SettingRule>(StringComparer.Ordinal) { ["auth_token"] = Secret },
            1, true),
        [Infobip] = new(Infobip, ["viber"],
            new Dictionary<string, SettingRule>(StringComparer.Ordinal)
            {
                ["base_url"] = new(false, "^https?://[^\\s]+$", "the account's own API base URL, e.g. https://xxxxx.api.infobip.com"),
            },
            new Dictionary<string, SettingRule>(StringComparer.Ordinal) { ["api_key"] = Secret, ["webhook_secret"] = Secret },
            100, true),
        [SandboxSender.Name] = new(SandboxSender.Name, ["sms", "whatsapp", "viber"],
            new Dictionary<string, SettingRule>(StringComparer.Ordinal), new Dictionary<string, SettingRule>(StringComparer.Ordinal),
            1000, false),
    };

    /// <summary>WhatsApp messaging tiers (business-initiated conversations per 24 h).</summary>
    public static readonly IReadOnlyDictionary<string, long?> MessagingTiers = new Dictionary<string, long?>(StringComparer.Ordinal)
    {
        ["TIER_250"] = 250, ["TIER_1K"] = 1_000, ["TIER_2K"] = 2_000, ["TIER_10K"] = 10_000, ["TIER_100K"] = 100_000, ["TIER_UNLIMITED"] = null,
    };
}

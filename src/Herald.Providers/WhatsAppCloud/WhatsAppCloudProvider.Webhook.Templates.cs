using System.Text.Json;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.WhatsAppCloud;

public sealed partial class WhatsAppCloudProvider
{
    /// <summary>Template events that change Herald's status; other events (ARCHIVED, FLAGGED …) keep the status.</summary>
    public static readonly IReadOnlyDictionary<string, TemplateStatus> TemplateStatusTable = new Dictionary<string, TemplateStatus>(StringComparer.Ordinal)
    {
        ["PENDING"] = TemplateStatus.Pending,
        ["APPROVED"] = TemplateStatus.Approved,
        ["REINSTATED"] = TemplateStatus.Approved,
        ["REJECTED"] = TemplateStatus.Rejected,
        ["PAUSED"] = TemplateStatus.Paused,
        ["DISABLED"] = TemplateStatus.Disabled,
    };

    /// <summary>Meta quality words.</summary>
    public static readonly IReadOnlyDictionary<string, TemplateQuality> QualityTable = new Dictionary<string, TemplateQuality>(StringComparer.Ordinal)
    {
        ["GREEN"] = TemplateQuality.Green,
        ["YELLOW"] = TemplateQuality.Yellow,
        ["RED"] = TemplateQuality.Red,
        ["UNKNOWN"] = TemplateQuality.Unknown,
    };

    private static ProviderTemplateEvent? ReadTemplateStatus(JsonElement v, string? account, DateTimeOffset? time)
    {
        string? ev = v.Str("event");
        string? id = v.NumberText("message_template_id");
        if (ev is null || id is null)
        {
            return null;
        }

        TemplateStatus? status = TemplateStatusTable.TryGetValue(ev, out TemplateStatus s) ? s : null;
        string? reason = v.Child("other_info").Str("title") ?? v.Child("rejection_info").Str("reason") ?? v.Str("reason");
        return new ProviderTemplateEvent(Name, account, id, v.Str("message_template_name") ?? "",
            Language(v.Str("message_template_language")), status, null, ev, reason, time);
    }

    private static ProviderTemplateEvent? ReadTemplateQuality(JsonElement v, string? account, DateTimeOffset? time)
    {
        string? score = v.Str("new_quality_score");
        string? id = v.NumberText("message_template_id");
        if (score is null || id is null || !QualityTable.TryGetValue(score, out TemplateQuality quality))
        {
            return null;
        }

        return new ProviderTemplateEvent(Name, account, id, v.Str("message_template_name") ?? "",
            Language(v.Str("message_template_language")), null, quality, score, v.Str("previous_quality_score"), time);
    }

    // Meta writes en_US in requests but en-US in these webhooks.
    private static string Language(string? code) => (code ?? "").Replace('-', '_');
}

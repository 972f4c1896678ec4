using Herald.Engine.Notifications;
using Herald.Engine.Templates;
using Herald.Server.Api.Templates;
using Herald.Storage.Rows;

namespace Herald.Server.Compat.Octopods;

/// <summary>One component as Octopods lists it (<c>{"type": "BODY", "text": "…"}</c>), Meta's shape.</summary>
public sealed record OctopodsComponent(string Type, string? Text, string? Format = null, IReadOnlyList<OctopodsButton>? Buttons = null);

public sealed record OctopodsButton(string Type, string Text, string? Url, string? PhoneNumber);

/// <summary>
/// A template item: one per Herald template × sender of the family's channel that has a status for it. <c>template_id</c>
/// is the template's Octopods number (Herald's <c>tpl_…</c> id is in <c>herald_template_id</c>, and paths take either);
/// <c>template_body</c> is the body text on WhatsApp and the BODY component on VBM, as documented.
/// </summary>
public sealed record OctopodsTemplateItem(
    string CreatedAt, long TemplateId, string TemplateName, object TemplateBody, IReadOnlyList<OctopodsComponent> TemplateComponents,
    string AccountPhoneNumber, string TemplateStatus, string HeraldTemplateId)
{
    /// <summary>Herald status → Octopods status; the filter value is the snake_case of the name ("needs_modification").</summary>
    private static readonly Dictionary<string, string> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["APPROVED"] = "Accepted", ["PENDING"] = "Pending", ["REJECTED"] = "Rejected", ["PAUSED"] = "Needs Modification", ["DISABLED"] = "Deleted",
    };

    /// <summary>Values the <c>status</c> query accepts (all of Octopods'; "under_review" matches nothing in Herald).</summary>
    public static readonly string[] StatusFilters = ["pending", "under_review", "needs_modification", "rejected", "accepted", "deleted"];

    public static string StatusName(string heraldStatus) => Statuses.GetValueOrDefault(heraldStatus, "Pending");

    public static string FilterKey(string octopodsStatus) => octopodsStatus.Replace(' ', '_').ToLowerInvariant();

    public static OctopodsTemplateItem From(TemplateView v, TemplateStatusRow status, SenderRow sender, OctopodsFamily family, long number)
    {
        var d = v.Definition;
        var components = new List<OctopodsComponent>();
        if (d.Header is { } h)
        {
            components.Add(new OctopodsComponent("HEADER", h.Text, h.Format.ToString().ToUpperInvariant()));
        }
        var body = new OctopodsComponent("BODY", d.Body);
        components.Add(body);
        if (d.Footer is not null)
        {
            components.Add(new OctopodsComponent("FOOTER", d.Footer));
        }
        if (d.Buttons.Count > 0)
        {
            components.Add(new OctopodsComponent("BUTTONS", null, null,
                [.. d.Buttons.Select(b => new OctopodsButton(TemplateMapper.ButtonName(b.Type), b.Text, b.Url, b.PhoneNumber))]));
        }
        return new OctopodsTemplateItem(EventPayloads.Time(v.Row.CreatedAt), number, d.Name, family == OctopodsFamily.Vbm ? body : d.Body, components,
            sender.Address, StatusName(status.Status), v.Row.Id);
    }

    /// <summary>"en" matches en, en_US and en-GB; "en_US" only itself.</summary>
    public static bool LanguageMatches(string templateLanguage, string asked)
    {
        var t = templateLanguage.Replace('-', '_');
        var a = asked.Trim().Replace('-', '_');
        return string.Equals(t, a, StringComparison.OrdinalIgnoreCase)
            || (!a.Contains('_', StringComparison.Ordinal) && t.StartsWith(a + "_", StringComparison.OrdinalIgnoreCase));
    }

    public static bool IsApproved(TemplateStatusRow s) => string.Equals(s.Status, "APPROVED", StringComparison.OrdinalIgnoreCase);
}

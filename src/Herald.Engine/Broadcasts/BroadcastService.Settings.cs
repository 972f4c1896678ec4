using Herald.Domain;
using Herald.Domain.Broadcasts;
using Herald.Domain.Messages;
using Herald.Domain.Templates;
using Herald.Engine.Sending;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Engine.Broadcasts;

public sealed partial class BroadcastService
{
    /// <summary>Finds the template (filling in its language when it has one only) and checks the variable mapping fits it.</summary>
    private async Task<(TemplateRow? Template, BroadcastContent Content)> ResolveTemplateAsync(
        string workspaceId, BroadcastContent content, BroadcastTemplate t, List<Reason> errors, CancellationToken ct)
    {
        List<TemplateRow> named;
        await using (var c = await store.Db.OpenAsync(ct).ConfigureAwait(false))
        {
            named = (await TemplateStore.ByNamesAsync(c, null, workspaceId, [t.Name]).ConfigureAwait(false)).ToList();
        }
        var matching = t.Language is null ? named
            : named.Where(r => TemplateStore.SameLanguage(r.Language, t.Language)).ToList();
        if (matching.Count != 1)
        {
            errors.Add(named.Count == 0
                ? new Reason("template_not_found", $"There is no template named '{t.Name}' in this workspace; create it with POST /v1/templates or check the name.", "content.template.name")
                : matching.Count == 0
                    ? new Reason("template_not_found", $"Template '{t.Name}' has no '{t.Language}' version; it exists in {string.Join(", ", named.Select(n => n.Language))}.", "content.template.language")
                    : new Reason("template_language_required", $"Template '{t.Name}' exists in several languages ({string.Join(", ", named.Select(n => n.Language))}); say which in 'content.template.language'.", "content.template.language"));
            return (null, content);
        }
        var template = matching[0];
        // Every mapped variable filled with a stand-in value must make a complete message, or no recipient could get one.
        var mapping = (t.Variables ?? []).ToDictionary(kv => kv.Key, _ => new ValueSource(null, null, "x"), StringComparer.Ordinal);
        var media = t.HeaderMediaUrl is null ? null : new ValueSource(null, null, "https://example.com/media.jpg");
        var parameters = ContentRenderer.RenderTemplate(mapping, media, new Dictionary<string, string>(), out _)!;
        var (_, problems) = TemplateRenderer.Render(TemplateCodec.Deserialize(template.Definition), parameters);
        errors.AddRange(problems.Select(p => p with { Field = "content.template.variables" }));
        return (template, content with { Template = t with { Language = template.Language } });
    }

    private static void ApplyPurpose(BroadcastRow row, BroadcastInput input, TemplateRow? template, List<Reason> errors)
    {
        if (input.Purpose is not null)
        {
            if (Wire.TryParsePurpose(input.Purpose, out var p))
            {
                row.Purpose = Wire.Name(p);
            }
            else
            {
                errors.Add(new Reason("purpose_invalid", $"'{input.Purpose}' is not a purpose; use marketing or transactional.", "purpose"));
            }
            return;
        }
        if (template is not null)
        {
            // A UTILITY or AUTHENTICATION template is transactional unless the client says otherwise.
            row.Purpose = string.Equals(template.Category, "MARKETING", StringComparison.OrdinalIgnoreCase) ? "marketing" : "transactional";
        }
        else if (string.IsNullOrEmpty(row.Purpose))
        {
            row.Purpose = "marketing";
        }
    }

    private void ApplyPacing(BroadcastRow row, BroadcastInput input, List<Reason> errors)
    {
        if (input.QuietHoursGiven)
        {
            if (input.QuietHours is null or "off")
            {
                row.QuietHours = input.QuietHours;
            }
            else
            {
                try
                {
                    SendEvaluator.ParseQuietHours(input.QuietHours);
                    row.QuietHours = input.QuietHours.Trim();
                }
                catch (InvalidOperationException)
                {
                    errors.Add(new Reason("quiet_hours_invalid",
                        $"'{input.QuietHours}' is not a quiet-hours window; write it like 21:00-08:00 (recipient's local time), or \"off\".", "quiet_hours"));
                }
            }
        }
        if (input.MaxRate is { } rate)
        {
            if (rate is <= 0 or > 100_000 || double.IsNaN(rate))
            {
                errors.Add(new Reason("max_rate_invalid", "'max_rate' is messages per second, more than 0 and at most 100000.", "max_rate"));
            }
            else
            {
                row.MaxRate = rate;
            }
        }
        if (input.Validity is { } v)
        {
            if (v < MinValidity || v > MaxValidity)
            {
                errors.Add(new Reason("validity_invalid", "'validity' must be between 30 seconds and 3 days.", "validity"));
            }
            else
            {
                row.ValidityMs = (long)v.TotalMilliseconds;
            }
        }
        if (input.ErrorThreshold is { } t)
        {
            if (t is <= 0 or > 1 || double.IsNaN(t))
            {
                errors.Add(new Reason("error_threshold_invalid",
                    "'error_threshold' is the share of failed messages that pauses the broadcast: more than 0, at most 1 (1 = never).", "error_threshold"));
            }
            else
            {
                row.ErrorThreshold = t;
            }
        }
        if (input.SendAt is { } at)
        {
            if (at > clock.GetUtcNow() + TimeSpan.FromDays(35))
            {
                errors.Add(new Reason("send_at_too_far", "'send_at' may be at most 35 days ahead.", "send_at"));
            }
            else
            {
                row.SendAt = at.ToUnixTimeMilliseconds();
            }
        }
    }
}

using System.Data.Common;
using Herald.Domain;
using Herald.Domain.Messages;
using Herald.Domain.Policy;
using Herald.Domain.Sms;
using Herald.Domain.Templates;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Sending;

/// <summary>A send command with everything the rules said about it.</summary>
public sealed record Evaluated(SendCommand Command, SenderRow? Sender, TemplateRow? Template, EligibilityDecision Decision);

/// <summary>Loads the state the rules need for a batch of sends (a few queries per batch, not per send) and evaluates each.</summary>
public sealed class SendEvaluator(SenderDirectory senders, WorkspaceStore workspaces, IOptions<HeraldOptions> options)
{
    private readonly HeraldOptions _o = options.Value;
    private readonly EligibilityOptions _rules = new(
        options.Value.MaxSmsLength, 1000, 4096, WhatsAppWindow.Length, ViberSessionOptions.Default,
        ParseQuietHours(options.Value.QuietHours), false);

    public EligibilityOptions Rules => _rules;

    public async Task<IReadOnlyList<Evaluated>> EvaluateAsync(
        DbConnection c, DbTransaction? tx, IReadOnlyList<SendCommand> commands, DateTimeOffset now, CancellationToken ct)
    {
        var results = new Evaluated?[commands.Count];
        foreach (var group in commands.Select((cmd, i) => (cmd, i)).GroupBy(x => x.cmd.WorkspaceId, StringComparer.Ordinal))
        {
            await EvaluateWorkspaceAsync(c, tx, group.Key, group.ToList(), now, results, ct).ConfigureAwait(false);
        }
        return results!;
    }

    private async Task EvaluateWorkspaceAsync(
        DbConnection c, DbTransaction? tx, string workspaceId, List<(SendCommand Cmd, int Index)> items, DateTimeOffset now,
        Evaluated?[] results, CancellationToken ct)
    {
        var resolved = new List<(SendCommand Cmd, int Index, SenderRow Sender)>();
        foreach (var (cmd, index) in items)
        {
            var (sender, problem) = await senders.ResolveAsync(workspaceId, cmd.Channel, cmd.SenderId, ct).ConfigureAwait(false);
            if (sender is null)
            {
                results[index] = Refused(cmd, null, problem!);
                continue;
            }
            resolved.Add((cmd, index, sender));
        }
        if (resolved.Count == 0)
        {
            return;
        }
        var phones = resolved.Select(r => r.Cmd.Phone.E164).Distinct(StringComparer.Ordinal).ToList();
        var senderIds = resolved.Select(r => r.Sender.Id).Distinct(StringComparer.Ordinal).ToList();
        var names = resolved.Where(r => r.Cmd.TemplateName is not null).Select(r => r.Cmd.TemplateName!).Distinct(StringComparer.Ordinal).ToList();

        var consents = (await StateStore.ConsentsAsync(c, tx, workspaceId, phones).ConfigureAwait(false))
            .ToDictionary(x => (x.Phone, x.Channel));
        var conversations = (await StateStore.ConversationsAsync(c, tx, senderIds, phones).ConfigureAwait(false))
            .ToDictionary(x => (x.SenderId, x.Phone));
        var templates = await TemplateStore.ByNamesAsync(c, tx, workspaceId, names).ConfigureAwait(false);
        var statuses = (await TemplateStore.StatusesAsync(c, tx, templates.Select(t => t.Id).ToList()).ConfigureAwait(false))
            .ToDictionary(x => (x.TemplateId, x.SenderId));
        var zones = await ZonesAsync(c, tx, workspaceId, phones, resolved.Any(r => r.Cmd.QuietHours is not null), ct).ConfigureAwait(false);
        // Sends earlier in the same batch count towards the Viber session limits of later ones.
        var viberInBatch = new Dictionary<(string, string), int>();

        foreach (var (cmd, index, sender) in resolved)
        {
            TemplateRow? template = null;
            TemplateSnapshot? snapshot = null;
            if (cmd.Kind == ContentKind.Template)
            {
                var (row, problem) = PickTemplate(templates, cmd);
                if (row is null)
                {
                    results[index] = Refused(cmd, sender, problem!);
                    continue;
                }
                template = row;
                var st = statuses.GetValueOrDefault((row.Id, sender.Id));
                snapshot = new TemplateSnapshot(TemplateCodec.Deserialize(row.Definition),
                    st is null ? null : Enum.Parse<TemplateStatus>(st.Status, true), st?.Reason);
            }
            var channel = Wire.Name(cmd.Channel);
            var consent = consents.GetValueOrDefault((cmd.Phone.E164, channel));
            var conv = conversations.GetValueOrDefault((sender.Id, cmd.Phone.E164));
            var extra = viberInBatch.GetValueOrDefault((sender.Id, cmd.Phone.E164));
            var state = conv is null
                ? new ConversationState(null, extra, extra)
                : new ConversationState(
                    conv.LastInboundAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
                    (int)conv.SinceInbound + extra, (int)conv.InARow + extra);
            var validity = cmd.Validity ?? _o.DefaultValidity;
            var rules = cmd.QuietHoursOff ? _rules with { QuietHours = null } : cmd.QuietHours is { } q ? _rules with { QuietHours = q } : _rules;
            var decision = Eligibility.Evaluate(new EligibilityInput(
                cmd.Channel, cmd.Purpose, cmd.Phone, cmd.Kind, cmd.Text, snapshot, cmd.Parameters, state,
                consent is null ? ConsentState.Unknown
                    : new ConsentState(consent.OptedOut == 1, DateTimeOffset.FromUnixTimeMilliseconds(consent.ChangedAt)),
                now, cmd.SendAt, (cmd.SendAt ?? now) + validity,
                zones.Zone(cmd.Phone, cmd.TimeZone), rules));
            if (decision.Allowed && cmd.Channel == Channel.Viber)
            {
                viberInBatch[(sender.Id, cmd.Phone.E164)] = extra + 1;
            }
            results[index] = new Evaluated(cmd, sender, template, decision);
        }
    }

    private static (TemplateRow? Row, Reason? Problem) PickTemplate(IReadOnlyList<TemplateRow> templates, SendCommand cmd)
    {
        var named = templates.Where(t => t.Name == cmd.TemplateName).ToList();
        if (cmd.TemplateLanguage is not null)
        {
            var exact = named.FirstOrDefault(t => string.Equals(t.Language, cmd.TemplateLanguage, StringComparison.OrdinalIgnoreCase));
            return exact is not null
                ? (exact, null)
                : (null, new Reason("template_not_found",
                    named.Count == 0
                        ? $"There is no template named '{cmd.TemplateName}' in this workspace; create it with POST /v1/templates or check the name."
                        : $"Template '{cmd.TemplateName}' has no '{cmd.TemplateLanguage}' version; it exists in {string.Join(", ", named.Select(n => n.Language))}.",
                    "template.language"));
        }
        return named.Count switch
        {
            1 => (named[0], null),
            0 => (null, new Reason("template_not_found",
                $"There is no template named '{cmd.TemplateName}' in this workspace; create it with POST /v1/templates or check the name.",
                "template.name")),
            _ => (null, new Reason("template_language_required",
                $"Template '{cmd.TemplateName}' exists in several languages ({string.Join(", ", named.Select(n => n.Language))}); say which in 'template.language'.",
                "template.language")),
        };
    }

    private async Task<ZoneLookup> ZonesAsync(
        DbConnection c, DbTransaction? tx, string workspaceId, List<string> phones, bool ownQuietHours, CancellationToken ct)
    {
        if (_rules.QuietHours is null && !ownQuietHours)
        {
            return ZoneLookup.Utc;
        }
        var contactZones = await ContactQueries.TimeZonesAsync(c, tx, workspaceId, phones).ConfigureAwait(false);
        var wsZone = await workspaces.WorkspaceTimeZoneAsync(workspaceId, ct).ConfigureAwait(false);
        return new ZoneLookup(contactZones, TimeZoneInfo.TryFindSystemTimeZoneById(wsZone, out var z) ? z : TimeZoneInfo.Utc);
    }

    private sealed record ZoneLookup(IReadOnlyDictionary<string, string> ContactZones, TimeZoneInfo WorkspaceZone)
    {
        public static readonly ZoneLookup Utc = new(new Dictionary<string, string>(), TimeZoneInfo.Utc);

        /// <summary>Without quiet hours the zone is never used, so no lookup is made.</summary>
        public TimeZoneInfo Zone(Domain.Phones.PhoneNumber phone, string? given) =>
            ReferenceEquals(this, Utc) ? TimeZoneInfo.Utc
                : RecipientTimeZone.Resolve(given ?? ContactZones.GetValueOrDefault(phone.E164), phone, WorkspaceZone);
    }

    private static Evaluated Refused(SendCommand cmd, SenderRow? sender, Reason reason)
    {
        var sms = cmd.Channel == Channel.Sms && cmd.Text is not null ? SmsSegments.Analyze(cmd.Text) : null;
        return new Evaluated(cmd, sender, null, new EligibilityDecision(false, [reason], null, null, sms, null, cmd.Text, null, null));
    }

    /// <summary>Parses "21:00-08:00"; empty means no quiet hours.</summary>
    public static QuietHours? ParseQuietHours(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var parts = value.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !TimeOnly.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var start)
            || !TimeOnly.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var end))
        {
            throw new InvalidOperationException($"Herald:QuietHours '{value}' must look like 21:00-08:00.");
        }
        return new QuietHours(start, end);
    }
}

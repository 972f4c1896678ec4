using Herald.Domain;
using Herald.Domain.Messages;
using Herald.Domain.Phones;
using Herald.Domain.Policy;
using Herald.Domain.Templates;
using Herald.Engine.Sending;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Server.Integrations;

/// <summary>A template the workspace may send on a channel, with its parsed definition.</summary>
public sealed record SendableTemplate(TemplateRow Row, TemplateDefinition Definition)
{
    /// <summary>The body's variables in order of appearance, each once.</summary>
    public IReadOnlyList<Placeholder> Variables =>
        [.. Placeholders.Find(Definition.Body).GroupBy(p => p.Name, StringComparer.Ordinal).Select(g => g.First())];
}

/// <summary>What the integrations share: the workspace's channels and approved templates, and the send command they build.</summary>
public sealed class IntegrationSending(WorkspaceStore workspaces, TemplateStore templates)
{
    public async Task<IReadOnlyList<Channel>> ChannelsAsync(string workspaceId, CancellationToken ct)
    {
        var senders = await workspaces.SendersAsync(workspaceId, ct).ConfigureAwait(false);
        return [.. senders.Select(s => Wire.TryParseChannel(s.Channel, out var c) ? c : (Channel?)null)
            .OfType<Channel>().Distinct().Order()];
    }

    /// <summary>Templates approved for at least one of the workspace's senders on <paramref name="channel"/>.</summary>
    public async Task<IReadOnlyList<SendableTemplate>> ApprovedAsync(string workspaceId, Channel channel, CancellationToken ct)
    {
        var wire = Wire.Name(channel);
        var senders = (await workspaces.SendersAsync(workspaceId, ct).ConfigureAwait(false))
            .Where(s => s.Channel == wire).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var rows = new List<TemplateRow>();
        for (string? after = null; ;)
        {
            var page = await templates.ListAsync(workspaceId, after, 500, ct).ConfigureAwait(false);
            rows.AddRange(page);
            if (page.Count < 500 || rows.Count >= 5000)
            {
                break;
            }
            after = page[^1].Id;
        }
        var statuses = await templates.StatusesAsync([.. rows.Select(r => r.Id)], ct).ConfigureAwait(false);
        var approved = statuses.Where(s => senders.Contains(s.SenderId) && string.Equals(s.Status, "approved", StringComparison.OrdinalIgnoreCase))
            .Select(s => s.TemplateId).ToHashSet(StringComparer.Ordinal);
        return [.. rows.Where(r => approved.Contains(r.Id)).Select(r => new SendableTemplate(r, TemplateCodec.Deserialize(r.Definition)))];
    }

    /// <summary>The body parameters: positional (by number) when the template numbers its variables, else named.</summary>
    public static TemplateParameters Parameters(SendableTemplate t, Func<Placeholder, string> value)
    {
        var vars = t.Variables;
        if (vars.Count == 0)
        {
            return TemplateParameters.None;
        }
        if (vars.All(v => v.IsPositional))
        {
            var max = vars.Max(v => v.Position ?? 0);
            var list = new string[max];
            foreach (var v in vars)
            {
                list[(v.Position ?? 1) - 1] = value(v);
            }
            return TemplateParameters.ForBody(ParameterSet.Of([.. list.Select(x => x ?? "")]));
        }
        return TemplateParameters.ForBody(ParameterSet.OfNamed(vars.ToDictionary(v => v.Name, value, StringComparer.Ordinal)));
    }

    /// <summary>
    /// A send now, marketing when the template is a MARKETING one (quiet hours apply) and transactional otherwise; the sender
    /// is the integration's default when it sends on this channel.
    /// </summary>
    public static (SendCommand? Command, Reason? Problem) Command(
        string workspaceId, Channel channel, string? defaultSender, IReadOnlyList<SenderRow>? senders, string? phone,
        string? templateName, string? templateLanguage, TemplateParameters parameters, string? text, string origin, bool marketing = false)
    {
        if (!PhoneNumber.TryParse(phone, out var number, out var error))
        {
            return (null, error ?? new Reason("phone_invalid", "Give the phone number in E.164 form, like +14155550123.", "phone"));
        }
        if (templateName is null && string.IsNullOrWhiteSpace(text))
        {
            return (null, new Reason("content_missing", "Pick a template, or write the text to send.", "text"));
        }
        var sender = defaultSender is not null && senders?.Any(s => s.Id == defaultSender && s.Channel == Wire.Name(channel)) == true
            ? defaultSender : null;
        return (new SendCommand(workspaceId, channel, sender, number, templateName is null ? ContentKind.Text : ContentKind.Template,
            templateName is null ? text!.Trim() : null, templateName, templateLanguage, templateName is null ? TemplateParameters.None : parameters,
            marketing && templateName is not null ? Purpose.Marketing : Purpose.Transactional, null, null, null) { Origin = origin }, null);
    }

    public Task<IReadOnlyList<SenderRow>> SendersAsync(string workspaceId, CancellationToken ct) => workspaces.SendersAsync(workspaceId, ct);
}

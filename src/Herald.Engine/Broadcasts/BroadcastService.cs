using System.Text.Json;
using Herald.Domain;
using Herald.Domain.Messages;
using Herald.Engine.Sending;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Broadcasts;

/// <summary>A broadcast's settings as a client gives them (create, or change a draft: null keeps what is there).</summary>
public sealed record BroadcastInput(
    string? Name,
    string? Channel,
    IReadOnlyList<string>? Senders,
    string? Purpose,
    BroadcastContent? Content,
    ContactMatch? Contacts,
    string? QuietHours,
    bool QuietHoursGiven,
    double? MaxRate,
    TimeSpan? Validity,
    double? ErrorThreshold,
    DateTimeOffset? SendAt);

/// <summary>The broadcast use cases: drafts, audiences, preview, and the run's controls.</summary>
public sealed partial class BroadcastService(
    BroadcastStore store, SenderDirectory senders, BroadcastMonitor monitor, BroadcastGate gate,
    TimeProvider clock, IOptions<HeraldOptions> options)
{
    private static readonly TimeSpan MinValidity = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxValidity = TimeSpan.FromDays(3);

    public async Task<(BroadcastRow? Broadcast, IReadOnlyList<Reason> Errors)> CreateAsync(
        string workspaceId, BroadcastInput input, CancellationToken ct)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new BroadcastRow
        {
            Id = HeraldId.New("brd", clock.GetUtcNow()), WorkspaceId = workspaceId, State = "draft",
            ErrorThreshold = options.Value.Broadcasts.ErrorThreshold, CreatedAt = now, UpdatedAt = now,
        };
        var errors = await ApplyAsync(row, input, true, ct).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        await store.InsertAsync(row, ct).ConfigureAwait(false);
        if (input.Contacts is not null)
        {
            await SetContactsAudienceAsync(row, input.Contacts, ct).ConfigureAwait(false);
        }
        return (await store.GetAsync(workspaceId, row.Id, ct).ConfigureAwait(false), []);
    }

    /// <summary>Changes a draft; a broadcast that has started is refused (<c>broadcast_not_draft</c>).</summary>
    public async Task<(BroadcastRow? Broadcast, IReadOnlyList<Reason> Errors)> UpdateAsync(
        BroadcastRow row, BroadcastInput input, CancellationToken ct)
    {
        if (row.State != "draft")
        {
            return (null, [NotDraft(row)]);
        }
        var errors = await ApplyAsync(row, input, false, ct).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        row.UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (!await store.UpdateDraftAsync(row, ct).ConfigureAwait(false))
        {
            return (null, [NotDraft(row)]);
        }
        if (input.Contacts is not null)
        {
            await SetContactsAudienceAsync(row, input.Contacts, ct).ConfigureAwait(false);
        }
        return (await store.GetAsync(row.WorkspaceId, row.Id, ct).ConfigureAwait(false), []);
    }

    public static Reason NotDraft(BroadcastRow b) => new("broadcast_not_draft",
        $"Broadcast {b.Id} is {b.State}; only a draft can be changed. Create a new broadcast instead.");

    /// <summary>Validates and copies the given settings onto the row; returns every problem found.</summary>
    private async Task<List<Reason>> ApplyAsync(BroadcastRow row, BroadcastInput input, bool creating, CancellationToken ct)
    {
        var errors = new List<Reason>();
        if (input.Name is not null || creating)
        {
            if (string.IsNullOrWhiteSpace(input.Name) || input.Name.Length > 200)
            {
                errors.Add(new Reason("name_required", "Give the broadcast a 'name' of 1 to 200 characters.", "name"));
            }
            else
            {
                row.Name = input.Name.Trim();
            }
        }
        var content = input.Content ?? (creating ? null : BroadcastContent.Parse(row.Content));
        if (content is null || (content.Text is null) == (content.Template is null))
        {
            errors.Add(new Reason("content_required",
                "Give 'content' with either 'text' (with {{column}} placeholders) or 'template' (name, language, variables).", "content"));
            return errors;
        }
        var channel = await ResolveSendersAsync(row, input, creating, errors, ct).ConfigureAwait(false);
        if (channel is null)
        {
            return errors;
        }
        TemplateRow? template = null;
        if (content.Template is { } t)
        {
            (template, content) = await ResolveTemplateAsync(row.WorkspaceId, content, t, errors, ct).ConfigureAwait(false);
        }
        else if (string.IsNullOrWhiteSpace(content.Text))
        {
            errors.Add(new Reason("content_required", "'content.text' is empty; write the message, with {{column}} placeholders if you like.", "content.text"));
        }
        row.Content = content.Serialize();
        ApplyPurpose(row, input, template, errors);
        ApplyPacing(row, input, errors);
        return errors;
    }

    private async Task<Channel?> ResolveSendersAsync(BroadcastRow row, BroadcastInput input, bool creating, List<Reason> errors, CancellationToken ct)
    {
        Channel? channel = null;
        if (input.Channel is not null)
        {
            if (!Wire.TryParseChannel(input.Channel, out var c))
            {
                errors.Add(new Reason("channel_invalid", $"'{input.Channel}' is not a channel; use sms, whatsapp or viber.", "channel"));
                return null;
            }
            channel = c;
        }
        else if (!creating && input.Senders is null)
        {
            return Wire.TryParseChannel(row.Channel, out var kept) ? kept : null;
        }
        var ids = input.Senders ?? (creating ? [] : JsonSerializer.Deserialize<List<string>>(row.SenderIds) ?? []);
        if (ids.Count == 0)
        {
            if (channel is null)
            {
                errors.Add(new Reason("channel_required", "Name the 'senders' (one, or a pool) or the 'channel' whose default sender to use.", "channel"));
                return null;
            }
            var (sender, problem) = await senders.ResolveAsync(row.WorkspaceId, channel.Value, null, ct).ConfigureAwait(false);
            if (sender is null)
            {
                errors.Add(problem! with { Field = "senders" });
                return null;
            }
            ids = [sender.Id];
        }
        var rows = new List<SenderRow>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            var s = await senders.ByIdAsync(id, ct).ConfigureAwait(false);
            if (s is null || s.WorkspaceId != row.WorkspaceId)
            {
                errors.Add(new Reason("sender_not_found", $"Sender '{id}' does not exist in this workspace; list your senders with GET /v1/senders.", "senders"));
                continue;
            }
            rows.Add(s);
        }
        if (errors.Count > 0)
        {
            return null;
        }
        var channels = rows.Select(s => s.Channel).Distinct(StringComparer.Ordinal).ToList();
        if (channels.Count != 1 || (channel is not null && channels[0] != Wire.Name(channel.Value)))
        {
            errors.Add(new Reason("sender_channel_mismatch",
                $"All senders of a broadcast must send on one channel{(channel is null ? "" : $" ({Wire.Name(channel.Value)})")}; these send on {string.Join(", ", channels)}.",
                "senders"));
            return null;
        }
        row.SenderIds = JsonSerializer.Serialize(rows.Select(s => s.Id).ToList());
        row.Channel = channels[0];
        return Wire.TryParseChannel(channels[0], out var resolved) ? resolved : null;
    }
}

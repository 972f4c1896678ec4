using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Herald.Domain.Messages;
using Herald.Domain.Phones;
using Herald.Engine.Dispatch;
using Herald.Engine.Inbound;
using Herald.Engine.Statuses;
using Herald.Engine.Templates;
using Herald.Providers.Contracts;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Engine.Webhooks;

/// <summary>What one authenticated webhook request changed.</summary>
/// <param name="Events">Events the request carried.</param>
/// <param name="New">Events seen for the first time (the rest were duplicates and changed nothing).</param>
/// <param name="Statuses">Status events that matched one of Herald's messages.</param>
/// <param name="Inbound">Inbound messages recorded.</param>
/// <param name="Templates">Template statuses changed.</param>
public sealed record WebhookOutcome(int Events, int New, int Statuses, int Inbound, int Templates);

/// <summary>
/// Takes an authenticated provider webhook: every event is kept raw once (deduplicated by provider, provider id and what
/// happened), and only new events act — statuses apply monotonically, inbound messages open windows and feed the
/// keywords, template events change approval — all in one transaction, so a failure leaves nothing half-done and the
/// provider's retry finds the events still new.
/// </summary>
public sealed class WebhookIngestor(Database db, InboundService inbound, TemplateEventApplier templates, DispatchSignal signal, TimeProvider clock)
{
    private sealed record Item(string Kind, string Key, string? ProviderMessageId, object Event);

    public async Task<WebhookOutcome> IngestAsync(SenderRow sender, ProviderWebhookEvents events, ReadOnlyMemory<byte> raw, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var p = sender.Provider;
        var items = new List<Item>();
        items.AddRange(events.Statuses.Select(s => new Item("status", $"{p}:status:{s.ProviderMessageId}:{Wire.Name(s.Status)}", s.ProviderMessageId, s)));
        items.AddRange(events.Inbound.Select(i => new Item("inbound", $"{p}:inbound:{i.ProviderMessageId}", i.ProviderMessageId, i)));
        items.AddRange(events.Templates.Select(t => new Item("template",
            $"{p}:template:{t.ProviderTemplateId}:{t.ProviderEvent}:{t.Quality}:{t.ProviderTimestamp?.ToUnixTimeSeconds()}:{Hash(raw.Span)[..16]}", null, t)));
        if (items.Count == 0)
        {
            items.Add(new Item("unrecognized", $"{p}:body:{Hash(raw.Span)}", null, events));
        }
        var payload = Encoding.UTF8.GetString(raw.Span);
        var fresh = new List<Item>();
        int statuses = 0, inboundCount = 0, templateCount = 0;
        var replies = false;
        using (await db.WriteTurnAsync(ct).ConfigureAwait(false))
        {
            await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
            await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
            if (events.IdempotencyToken is { } token && !await KeepAsync(c, tx, sender, "delivery", $"{p}:delivery:{token}", null, "", nowMs).ConfigureAwait(false))
            {
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return new WebhookOutcome(items.Count, 0, 0, 0, 0); // the provider retried a delivery Herald already took
            }
            foreach (var item in items)
            {
                if (await KeepAsync(c, tx, sender, item.Kind, item.Key, item.ProviderMessageId, payload, nowMs).ConfigureAwait(false))
                {
                    fresh.Add(item);
                }
            }
            // One provider app may serve several of the workspace's numbers through one webhook URL (Meta posts every
            // number's events to the app's single callback): events are matched to the sender they name.
            var siblings = (await c.QueryAsync<SenderRow>(
                "SELECT * FROM senders WHERE workspace_id = @workspaceId AND provider = @provider",
                new { workspaceId = sender.WorkspaceId, provider = p }, tx).ConfigureAwait(false)).AsList();
            statuses = await ApplyStatusesAsync(c, tx, sender, siblings, [.. fresh.Select(f => f.Event).OfType<ProviderStatusEvent>()], now).ConfigureAwait(false);
            foreach (var m in fresh.Select(f => f.Event).OfType<ProviderInboundMessage>())
            {
                var from = PhoneNumber.TryParse(m.From, out var phone, out _) ? phone.E164 : m.From;
                var result = await inbound.ReceiveAsync(c, tx, new InboundCommand(AddressedTo(m, sender, siblings), from, m.Text, m.ProviderTimestamp ?? now,
                    OverwriteWindow: false, Source: p, ProviderMessageId: m.ProviderMessageId, ProviderKeyword: m.ProviderKeyword), ct).ConfigureAwait(false);
                replies |= result.Reply is not null;
                inboundCount++;
            }
            foreach (var t in fresh.Select(f => f.Event).OfType<ProviderTemplateEvent>())
            {
                templateCount += await TemplateEventApplier.ApplyAsync(c, tx, sender, t, nowMs).ConfigureAwait(false);
            }
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        if (replies)
        {
            signal.Notify();
        }
        if (templateCount > 0)
        {
            templates.Changed();
        }
        return new WebhookOutcome(items.Count, fresh.Count, statuses, inboundCount, templateCount);
    }

    private static async Task<bool> KeepAsync(DbConnection c, DbTransaction tx, SenderRow sender, string kind, string key, string? providerMessageId,
        string payload, long now) =>
        await c.ExecuteAsync(
            """
            INSERT INTO provider_events (sender_id, provider, kind, dedupe_key, provider_message_id, received_at, payload)
            VALUES (@senderId, @provider, @kind, @key, @providerMessageId, @now, @payload)
            ON CONFLICT (dedupe_key) DO NOTHING
            """,
            new { senderId = sender.Id, provider = sender.Provider, kind, key, providerMessageId, now, payload }, tx).ConfigureAwait(false) == 1;

    /// <summary>
    /// Finds Herald's message for each status — by the reference Herald sent (its own message id, echoed by the provider),
    /// else by the provider's message id — fills in a provider id the send's answer never brought (a timeout), links the
    /// raw event, and applies the statuses monotonically.
    /// </summary>
    private static async Task<int> ApplyStatusesAsync(
        DbConnection c, DbTransaction tx, SenderRow sender, IReadOnlyList<SenderRow> siblings, IReadOnlyList<ProviderStatusEvent> events, DateTimeOffset now)
    {
        if (events.Count == 0)
        {
            return 0;
        }
        var senderIds = siblings.Select(x => x.Id).Append(sender.Id).Distinct(StringComparer.Ordinal).ToList();
        var refs = events.Where(e => e.Reference is not null).Select(e => e.Reference!).Distinct(StringComparer.Ordinal).ToList();
        var pids = events.Select(e => e.ProviderMessageId).Distinct(StringComparer.Ordinal).ToList();
        var byRef = refs.Count == 0 ? new Dictionary<string, string?>(StringComparer.Ordinal)
            : (await c.QueryAsync<(string Id, string? Pid)>(
                $"SELECT id, provider_message_id FROM messages WHERE {Sql.In(c, "sender_id", "senderIds")} AND {Sql.In(c, "id", "refs")}",
                new { senderIds, refs }, tx).ConfigureAwait(false)).ToDictionary(r => r.Id, r => r.Pid, StringComparer.Ordinal);
        var byPid = (await c.QueryAsync<(string Id, string Pid)>(
                $"SELECT id, provider_message_id FROM messages WHERE {Sql.In(c, "sender_id", "senderIds")} AND {Sql.In(c, "provider_message_id", "pids")}",
                new { senderIds, pids }, tx).ConfigureAwait(false)).ToDictionary(r => r.Pid, r => r.Id, StringComparer.Ordinal);
        var updates = new List<StatusUpdate>();
        foreach (var e in events)
        {
            string? id = null;
            if (e.Reference is { } r && byRef.TryGetValue(r, out var knownPid) && (knownPid is null || knownPid == e.ProviderMessageId))
            {
                id = r;
                if (knownPid is null)
                {
                    await c.ExecuteAsync("UPDATE messages SET provider_message_id = @pid WHERE id = @id AND provider_message_id IS NULL",
                        new { pid = e.ProviderMessageId, id }, tx).ConfigureAwait(false);
                    byRef[r] = e.ProviderMessageId;
                }
            }
            else if (byPid.TryGetValue(e.ProviderMessageId, out var found))
            {
                id = found;
            }
            if (id is null)
            {
                continue; // not one of Herald's messages (or another sender's): kept raw, changes nothing
            }
            await c.ExecuteAsync(
                "UPDATE provider_events SET message_id = @id WHERE dedupe_key = @key",
                new { id, key = $"{sender.Provider}:status:{e.ProviderMessageId}:{Wire.Name(e.Status)}" }, tx).ConfigureAwait(false);
            updates.Add(new StatusUpdate(id, e.Status, e.ProviderTimestamp ?? now, sender.Provider, e.ErrorClass, e.ErrorCode, e.ErrorMessage));
        }
        await StatusIngestor.ApplyAsync(c, tx, updates, now.ToUnixTimeMilliseconds()).ConfigureAwait(false);
        return updates.Count;
    }

    /// <summary>The sender an inbound message was written to: the one whose number (Meta phone-number id) it names, else the URL's.</summary>
    private static SenderRow AddressedTo(ProviderInboundMessage m, SenderRow urlSender, IReadOnlyList<SenderRow> siblings)
    {
        var channel = Wire.Name(m.Channel);
        var to = m.To.StartsWith("whatsapp:", StringComparison.Ordinal) ? m.To["whatsapp:".Length..] : m.To;
        var digits = new string([.. to.Where(char.IsAsciiDigit)]);
        bool Names(SenderRow s) => s.Channel == channel && (
            s.Provider == "meta" ? TemplateEventApplier.SettingOf(s, "phone_number_id") == to
            : s.Address == to || (digits.Length > 0 && new string([.. s.Address.Where(char.IsAsciiDigit)]) == digits));
        return Names(urlSender) ? urlSender : siblings.FirstOrDefault(Names) ?? urlSender;
    }

    private static string Hash(ReadOnlySpan<byte> raw) => Convert.ToHexStringLower(SHA256.HashData(raw));
}

using System.Data.Common;
using Dapper;
using Herald.Domain.Messages;
using Herald.Engine.Statuses;
using Herald.Engine.Templates;
using Herald.Providers.Contracts;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Engine.Webhooks;

public sealed partial class WebhookIngestor
{
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
}

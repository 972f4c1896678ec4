using System.Data.Common;
using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>Per-contact state the rules read: consent per channel and the conversation (window, Viber session) per sender.</summary>
public sealed class StateStore(Database db)
{
    public static async Task<IReadOnlyList<ConsentRow>> ConsentsAsync(
        DbConnection c, DbTransaction? tx, string workspaceId, IReadOnlyCollection<string> phones)
    {
        if (phones.Count == 0)
        {
            return [];
        }
        var rows = await c.QueryAsync<ConsentRow>(
            $"SELECT * FROM consents WHERE workspace_id = @workspaceId AND {Sql.In(c, "phone", "phones")}",
            new { workspaceId, phones = phones.ToArray() }, tx)
            .ConfigureAwait(false);
        return rows.AsList();
    }

    public static async Task<IReadOnlyList<ConversationRow>> ConversationsAsync(
        DbConnection c, DbTransaction? tx, IReadOnlyCollection<string> senderIds, IReadOnlyCollection<string> phones)
    {
        if (phones.Count == 0)
        {
            return [];
        }
        var rows = await c.QueryAsync<ConversationRow>(
            $"SELECT * FROM conversations WHERE {Sql.In(c, "sender_id", "senderIds")} AND {Sql.In(c, "phone", "phones")}",
            new { senderIds = senderIds.ToArray(), phones = phones.ToArray() }, tx)
            .ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Records a consent change unless a newer one is already stored (provider events arrive out of order).</summary>
    public static Task SetConsentAsync(DbConnection c, DbTransaction tx, ConsentRow row) =>
        c.ExecuteAsync(
            """
            INSERT INTO consents (workspace_id, phone, channel, opted_out, changed_at, source)
            VALUES (@WorkspaceId, @Phone, @Channel, @OptedOut, @ChangedAt, @Source)
            ON CONFLICT (workspace_id, phone, channel) DO UPDATE SET
              opted_out = excluded.opted_out, changed_at = excluded.changed_at, source = excluded.source
            WHERE consents.changed_at <= excluded.changed_at
            """, row, tx);

    /// <summary>Records an inbound message: sets the time of the latest inbound and resets the business-message counters.</summary>
    public static Task RecordInboundAsync(
        DbConnection c, DbTransaction tx, string workspaceId, string senderId, string phone, long at, bool overwrite) =>
        c.ExecuteAsync(
            $"""
            INSERT INTO conversations (sender_id, phone, workspace_id, last_inbound_at, since_inbound, in_a_row)
            VALUES (@senderId, @phone, @workspaceId, @at, 0, 0)
            ON CONFLICT (sender_id, phone) DO UPDATE SET
              last_inbound_at = {(overwrite ? "excluded.last_inbound_at"
                  : "CASE WHEN conversations.last_inbound_at IS NULL OR conversations.last_inbound_at < excluded.last_inbound_at THEN excluded.last_inbound_at ELSE conversations.last_inbound_at END")},
              since_inbound = 0, in_a_row = 0
            """, new { senderId, phone, workspaceId, at }, tx);

    /// <summary>Counts accepted business messages for the Viber session limits (60 per session, 5 in a row).</summary>
    public static Task CountBusinessMessagesAsync(
        DbConnection c, DbTransaction tx, IEnumerable<(string WorkspaceId, string SenderId, string Phone)> sends) =>
        c.ExecuteAsync(
            """
            INSERT INTO conversations (sender_id, phone, workspace_id, last_inbound_at, since_inbound, in_a_row)
            VALUES (@SenderId, @Phone, @WorkspaceId, NULL, 1, 1)
            ON CONFLICT (sender_id, phone) DO UPDATE SET
              since_inbound = conversations.since_inbound + 1, in_a_row = conversations.in_a_row + 1
            """, sends.Select(s => new { s.WorkspaceId, s.SenderId, s.Phone }), tx);

    /// <summary>Counts the Viber ones among newly queued messages (the send intake and broadcast expansion both do).</summary>
    public static Task CountViberSendsAsync(DbConnection c, DbTransaction tx, IEnumerable<MessageRow> messages)
    {
        var viber = messages.Where(m => m.Channel == "viber").Select(m => (m.WorkspaceId, m.SenderId, m.Phone)).ToList();
        return viber.Count == 0 ? Task.CompletedTask : CountBusinessMessagesAsync(c, tx, viber);
    }

    public async Task<IReadOnlyList<ConsentRow>> ConsentsAsync(string workspaceId, string phone, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await ConsentsAsync(c, null, workspaceId, [phone]).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ConversationRow>> ConversationsAsync(string workspaceId, string phone, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<ConversationRow>(
            "SELECT * FROM conversations WHERE workspace_id = @workspaceId AND phone = @phone", new { workspaceId, phone })
            .ConfigureAwait(false);
        return rows.AsList();
    }
}

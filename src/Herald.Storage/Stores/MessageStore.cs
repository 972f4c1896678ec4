using System.Data.Common;
using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>Messages, their timelines and their queue entries; writes take the caller's transaction so a batch commits once.</summary>
public sealed class MessageStore(Database db)
{
    public static Task InsertAsync(DbConnection c, DbTransaction tx, IReadOnlyList<MessageRow> rows, CancellationToken ct = default) =>
        Sql.InsertAsync(c, tx, "messages", MessageRow.Columns, rows.Select(r => r.Values()).ToList(), ct: ct);

    public static Task InsertEventsAsync(DbConnection c, DbTransaction tx, IReadOnlyList<EventRow> rows, CancellationToken ct = default) =>
        Sql.InsertAsync(c, tx, "message_events", EventRow.Columns, rows.Select(r => r.Values()).ToList(), ct: ct);

    public static Task InsertOutboxAsync(DbConnection c, DbTransaction tx, IReadOnlyList<OutboxRow> rows, CancellationToken ct = default) =>
        Sql.InsertAsync(c, tx, "outbox", OutboxRow.Columns, rows.Select(r => r.Values()).ToList(), ct: ct);

    public async Task<MessageRow?> GetAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<MessageRow>(
            "SELECT * FROM messages WHERE id = @id AND workspace_id = @workspaceId", new { id, workspaceId }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<EventRow>> GetEventsAsync(string messageId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<EventRow>(
            "SELECT id, message_id, type, at, detail FROM message_events WHERE message_id = @messageId ORDER BY id",
            new { messageId }).ConfigureAwait(false);
        return rows.AsList();
    }

    public static async Task<IReadOnlyList<MessageRow>> GetManyAsync(DbConnection c, DbTransaction? tx, IReadOnlyCollection<string> ids)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var rows = await c.QueryAsync<MessageRow>(
            $"SELECT * FROM messages WHERE {Sql.In(c, "id", "ids")}", new { ids = ids.ToArray() }, tx).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Newest first, paged by id (ids sort by creation time), filtered by the given fields when set.</summary>
    public async Task<IReadOnlyList<MessageRow>> ListAsync(string workspaceId, MessageFilter f, int limit, CancellationToken ct = default)
    {
        var where = new List<string> { "workspace_id = @WorkspaceId" };
        if (f.Before is not null) where.Add("id < @Before");
        if (f.Status is not null) where.Add("status = @Status");
        if (f.Channel is not null) where.Add("channel = @Channel");
        if (f.Phone is not null) where.Add("phone = @Phone");
        if (f.Direction is not null) where.Add("direction = @Direction");
        if (f.Purpose is not null) where.Add("purpose = @Purpose");
        if (f.SenderId is not null) where.Add("sender_id = @SenderId");
        if (f.CreatedFrom is not null) where.Add("created_at >= @CreatedFrom");
        if (f.CreatedTo is not null) where.Add("created_at < @CreatedTo");
        var sql = $"SELECT * FROM messages WHERE {string.Join(" AND ", where)} ORDER BY id DESC LIMIT @Limit";
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<MessageRow>(sql, new
        {
            WorkspaceId = workspaceId, f.Before, f.Status, f.Channel, f.Phone, f.Direction, f.Purpose, f.SenderId,
            f.CreatedFrom, f.CreatedTo, Limit = limit,
        }).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Cancels a message that has not been handed to a worker yet; the queue entry goes in the same transaction.</summary>
    public async Task<(MessageRow? Message, bool Cancelled)> CancelAsync(string workspaceId, string id, long now, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        if (!db.IsSqlite)
        {
            // Lock the queue entry before the message, in the order a claim takes them, so a cancel racing a claim
            // waits for it (and then sees 'sending') instead of deadlocking with it.
            await c.ExecuteAsync("SELECT message_id FROM outbox WHERE message_id = @id FOR UPDATE", new { id }, tx).ConfigureAwait(false);
        }
        var changed = await c.ExecuteAsync(
            "UPDATE messages SET status = 'cancelled', updated_at = @now WHERE id = @id AND workspace_id = @workspaceId " +
            "AND status IN ('accepted', 'queued', 'scheduled', 'deferred')",
            new { id, workspaceId, now }, tx).ConfigureAwait(false);
        if (changed == 1)
        {
            await c.ExecuteAsync("DELETE FROM outbox WHERE message_id = @id", new { id }, tx).ConfigureAwait(false);
            await InsertEventsAsync(c, tx, [new EventRow(id, "cancelled", now, null)], ct).ConfigureAwait(false);
        }
        var row = await c.QuerySingleOrDefaultAsync<MessageRow>(
            "SELECT * FROM messages WHERE id = @id AND workspace_id = @workspaceId", new { id, workspaceId }, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return (row, changed == 1);
    }

    public async Task<long> CountAsync(string? status = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return status is null
            ? await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM messages").ConfigureAwait(false)
            : await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM messages WHERE status = @status", new { status }).ConfigureAwait(false);
    }
}

/// <summary>Filters for listing messages; <see cref="Before"/> is the paging cursor (an id).</summary>
public sealed record MessageFilter(
    string? Before = null, string? Status = null, string? Channel = null, string? Phone = null, string? Direction = null,
    string? Purpose = null, string? SenderId = null, long? CreatedFrom = null, long? CreatedTo = null);

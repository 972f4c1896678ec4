using System.Data.Common;
using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>Broadcasts, their audiences and ledgers; the run's state changes move queue entries in the same transaction.</summary>
public sealed partial class BroadcastStore(Database db)
{
    public Database Db => db;

    public async Task InsertAsync(BroadcastRow row, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await Sql.InsertAsync(c, null, "broadcasts", BroadcastRow.Columns, [row.Values()], ct: ct).ConfigureAwait(false);
    }

    public async Task<BroadcastRow?> GetAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<BroadcastRow>(
            "SELECT * FROM broadcasts WHERE id = @id AND workspace_id = @workspaceId", new { id, workspaceId }).ConfigureAwait(false);
    }

    /// <summary>Newest first, paged by id.</summary>
    public async Task<IReadOnlyList<BroadcastRow>> ListAsync(string workspaceId, string? before, string? state, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<BroadcastRow>(
            $"""
             SELECT * FROM broadcasts WHERE workspace_id = @workspaceId {(before is null ? "" : "AND id < @before")}
             {(state is null ? "" : "AND state = @state")} ORDER BY id DESC LIMIT @limit
             """,
            new { workspaceId, before, state, limit = (long)limit }).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Saves a draft's settings; false when it is no longer a draft.</summary>
    public async Task<bool> UpdateDraftAsync(BroadcastRow row, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(
            """
            UPDATE broadcasts SET name = @Name, channel = @Channel, purpose = @Purpose, sender_ids = @SenderIds, content = @Content,
              quiet_hours = @QuietHours, max_rate = @MaxRate, validity_ms = @ValidityMs, error_threshold = @ErrorThreshold,
              send_at = @SendAt, updated_at = @UpdatedAt
            WHERE id = @Id AND state = 'draft'
            """, row).ConfigureAwait(false) == 1;
    }

    /// <summary>Deletes a draft and its audience; false when it is no longer a draft.</summary>
    public async Task<bool> DeleteDraftAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var n = await c.ExecuteAsync("DELETE FROM broadcasts WHERE id = @id AND workspace_id = @workspaceId AND state = 'draft'",
            new { id, workspaceId }, tx).ConfigureAwait(false);
        if (n == 1)
        {
            await c.ExecuteAsync("DELETE FROM broadcast_recipients WHERE broadcast_id = @id", new { id }, tx).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return n == 1;
    }

    /// <summary>Broadcasts the runner looks after: running, scheduled, and paused by a template (to resume them).</summary>
    public async Task<IReadOnlyList<BroadcastRow>> ActiveAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<BroadcastRow>(
            "SELECT * FROM broadcasts WHERE state IN ('running', 'scheduled') OR (state = 'paused' AND paused_by = 'template') ORDER BY id")
            .ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Broadcasts whose queued messages must not go out now (paused, or cancelled within the last hour).</summary>
    public async Task<IReadOnlyList<(string Id, string State)>> StoppedAsync(long cancelledSince, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(string, string)>(
            "SELECT id, state FROM broadcasts WHERE state = 'paused' OR (state = 'cancelled' AND completed_at >= @cancelledSince)",
            new { cancelledSince }).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Audience rows per ledger state (pending, queued, invalid, duplicate, skipped, cancelled).</summary>
    public async Task<IReadOnlyDictionary<string, long>> RecipientCountsAsync(string broadcastId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(string, long)>(
            "SELECT state, COUNT(*) FROM broadcast_recipients WHERE broadcast_id = @broadcastId GROUP BY state", new { broadcastId })
            .ConfigureAwait(false);
        return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
    }

    /// <summary>The broadcast's messages per status.</summary>
    public async Task<IReadOnlyDictionary<string, long>> MessageCountsAsync(string broadcastId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await MessageCountsAsync(c, null, broadcastId).ConfigureAwait(false);
    }

    internal static async Task<IReadOnlyDictionary<string, long>> MessageCountsAsync(DbConnection c, DbTransaction? tx, string broadcastId)
    {
        var rows = await c.QueryAsync<(string, long)>(
            "SELECT status, COUNT(*) FROM messages WHERE broadcast_id = @broadcastId GROUP BY status", new { broadcastId }, tx)
            .ConfigureAwait(false);
        return rows.ToDictionary(r => r.Item1, r => r.Item2, StringComparer.Ordinal);
    }

    /// <summary>Messages finished (sent or later, or failed) and failed for a reason that speaks against the content or the list.</summary>
    public async Task<(long Done, long Failed)> OutcomeCountsAsync(string broadcastId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var counts = await MessageCountsAsync(c, null, broadcastId).ConfigureAwait(false);
        var done = counts.Where(kv => kv.Key is "sent" or "delivered" or "read" or "failed").Sum(kv => kv.Value);
        // Consent refusals and in-doubt sends say nothing about the content or the list.
        var failed = await c.ExecuteScalarAsync<long>(
            """
            SELECT COUNT(*) FROM messages WHERE broadcast_id = @broadcastId AND status = 'failed'
              AND (error_class IS NULL OR error_class NOT IN ('consent', 'in_doubt'))
            """, new { broadcastId }).ConfigureAwait(false);
        return (done, failed);
    }
}

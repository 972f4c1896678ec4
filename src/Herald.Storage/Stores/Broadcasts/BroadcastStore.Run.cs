using System.Data.Common;
using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

public sealed partial class BroadcastStore
{
    /// <summary>draft → running or scheduled; false when it was not a draft.</summary>
    public async Task<bool> StartAsync(string id, string state, long? sendAt, long now, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(
            """
            UPDATE broadcasts SET state = @state, send_at = @sendAt, next_due = @now, started_at = @now, updated_at = @now
            WHERE id = @id AND state = 'draft'
            """, new { id, state, sendAt, now }).ConfigureAwait(false) == 1;
    }

    /// <summary>Pauses a running or scheduled broadcast: its queue entries stay but are held. False when it was neither.</summary>
    public async Task<bool> PauseAsync(string id, string pausedBy, string reason, long now, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var n = await c.ExecuteAsync(
            """
            UPDATE broadcasts SET state = 'paused', paused_by = @pausedBy, state_reason = @reason, updated_at = @now
            WHERE id = @id AND state IN ('running', 'scheduled')
            """, new { id, pausedBy, reason, now }, tx).ConfigureAwait(false);
        if (n == 1)
        {
            await c.ExecuteAsync("UPDATE outbox SET held = 1 WHERE broadcast_id = @id AND held = 0", new { id }, tx).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return n == 1;
    }

    /// <summary>
    /// paused → running (back to scheduled when its send_at is still ahead): held entries are released and the error rate is measured afresh from the given counts. Only a
    /// broadcast paused by <paramref name="pausedBy"/> (any, when null) is resumed.
    /// </summary>
    public async Task<bool> ResumeAsync(string id, string? pausedBy, long done, long failed, long now, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var n = await c.ExecuteAsync(
            $"""
             UPDATE broadcasts SET state = CASE WHEN send_at IS NOT NULL AND send_at > @now THEN 'scheduled' ELSE 'running' END,
               paused_by = NULL, state_reason = NULL, baseline_done = @done,
               baseline_failed = @failed, next_due = @now, updated_at = @now
             WHERE id = @id AND state = 'paused' {(pausedBy is null ? "" : "AND paused_by = @pausedBy")}
             """, new { id, pausedBy, done, failed, now }, tx).ConfigureAwait(false);
        if (n == 1)
        {
            await c.ExecuteAsync("UPDATE outbox SET held = 0 WHERE broadcast_id = @id AND held = 1", new { id }, tx).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return n == 1;
    }

    /// <summary>Entries a worker put back held just as the broadcast was resumed are released again.</summary>
    public async Task ReleaseHeldAsync(string id, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(
            "UPDATE outbox SET held = 0 WHERE broadcast_id = @id AND held = 1 AND EXISTS (SELECT 1 FROM broadcasts b WHERE b.id = @id AND b.state = 'running')",
            new { id }).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels the rest: rows not yet expanded and queued messages no worker holds become cancelled, in one transaction.
    /// Messages a worker holds right now are cancelled by that worker (it checks before sending). Returns how many messages.
    /// </summary>
    public async Task<long?> CancelAsync(string id, string state, long now, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var n = await c.ExecuteAsync(
            $"""
             UPDATE broadcasts SET state = @state, paused_by = NULL, completed_at = @now, updated_at = @now
             WHERE id = @id AND state IN ('draft', 'scheduled', 'running', 'paused'{(state == "cancelled" ? ", 'cancelled'" : "")})
             """, new { id, state, now }, tx).ConfigureAwait(false);
        if (n == 0)
        {
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return null;
        }
        var cancelled = await CancelQueuedAsync(c, tx, id, now).ConfigureAwait(false);
        await c.ExecuteAsync("UPDATE broadcast_recipients SET state = 'cancelled' WHERE broadcast_id = @id AND state = 'pending'",
            new { id }, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return cancelled;
    }

    private static async Task<long> CancelQueuedAsync(DbConnection c, DbTransaction tx, string id, long now)
    {
        // Queue entries are locked before their messages, the order a claim takes them in; on PostgreSQL entries a
        // claim is taking right now are skipped (that worker's send-time check sees the cancel). Taking the messages
        // first deadlocked with a concurrent claim and the cancel answered 500.
        var ids = (await c.QueryAsync<string>(
            $"""
             SELECT o.message_id FROM outbox o JOIN messages m ON m.id = o.message_id
             WHERE o.broadcast_id = @id AND (o.lease_until IS NULL OR o.lease_until < @now)
               AND m.status IN ('accepted', 'queued', 'scheduled', 'deferred')
             ORDER BY o.message_id{(c is Npgsql.NpgsqlConnection ? " FOR UPDATE OF o SKIP LOCKED" : "")}
             """, new { id, now }, tx).ConfigureAwait(false)).AsList();
        long cancelled = 0;
        foreach (var chunk in ids.Chunk(5_000))
        {
            var done = (await c.QueryAsync<string>(
                $"""
                 UPDATE messages SET status = 'cancelled', updated_at = @now
                 WHERE {Sql.In(c, "id", "chunk")} AND status IN ('accepted', 'queued', 'scheduled', 'deferred')
                 RETURNING id
                 """,
                new { now, chunk }, tx).ConfigureAwait(false)).AsList();
            await c.ExecuteAsync($"DELETE FROM outbox WHERE {Sql.In(c, "message_id", "done")}", new { done }, tx).ConfigureAwait(false);
            await MessageStore.InsertEventsAsync(c, tx,
                done.Select(m => new EventRow(m, "cancelled", now, """{"reason":"broadcast_cancelled"}""")).ToList()).ConfigureAwait(false);
            cancelled += done.Count;
        }
        return cancelled;
    }

    /// <summary>running → completed once no row waits for expansion and no message waits in the queue.</summary>
    public async Task<bool> CompleteIfDoneAsync(string id, long now, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(
            """
            UPDATE broadcasts SET state = 'completed', completed_at = @now, updated_at = @now
            WHERE id = @id AND state = 'running'
              AND NOT EXISTS (SELECT 1 FROM broadcast_recipients WHERE broadcast_id = @id AND state = 'pending')
              AND NOT EXISTS (SELECT 1 FROM outbox WHERE broadcast_id = @id)
            """, new { id, now }).ConfigureAwait(false) == 1;
    }

    /// <summary>Ends a broadcast that cannot go on (its template or sender is gone); the rest is cancelled.</summary>
    public async Task FailAsync(string id, string reason, long now, CancellationToken ct = default)
    {
        await CancelAsync(id, "failed", now, ct).ConfigureAwait(false);
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync("UPDATE broadcasts SET state_reason = @reason WHERE id = @id", new { id, reason }).ConfigureAwait(false);
    }

    /// <summary>scheduled → running when its time has come.</summary>
    public async Task<bool> BeginScheduledAsync(string id, long now, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(
            "UPDATE broadcasts SET state = 'running', next_due = @now, updated_at = @now WHERE id = @id AND state = 'scheduled'",
            new { id, now }).ConfigureAwait(false) == 1;
    }

    public async Task SetWaitAsync(string id, long? waitUntil, string? reason, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync("UPDATE broadcasts SET wait_until = @waitUntil, state_reason = @reason WHERE id = @id",
            new { id, waitUntil, reason }).ConfigureAwait(false);
    }

    /// <summary>Queue entries of the broadcast due by <paramref name="until"/> (how far expansion is ahead of the senders).</summary>
    public async Task<long> QueuedAheadAsync(string id, long until, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox WHERE broadcast_id = @id AND due_at <= @until", new { id, until }).ConfigureAwait(false);
    }

    /// <summary>
    /// Puts the recipients whose message failed for a transient reason (retries exhausted) or expired back to pending,
    /// and the broadcast back to running. Returns how many.
    /// </summary>
    public async Task<long> RetryFailedAsync(string id, long now, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        await StateAsync(c, tx, id).ConfigureAwait(false); // the broadcast's row first, as expansion takes it
        var retry = (await c.QueryAsync<(long Seq, string MessageId)>(
            """
            SELECT r.seq, r.message_id FROM broadcast_recipients r JOIN messages m ON m.id = r.message_id
            WHERE r.broadcast_id = @id AND r.state = 'queued'
              AND ((m.status = 'failed' AND m.error_class = 'transient_exhausted') OR m.status = 'expired')
            """, new { id }, tx).ConfigureAwait(false)).AsList();
        foreach (var chunk in retry.Chunk(5_000))
        {
            await c.ExecuteAsync(
                """
                UPDATE broadcast_recipients SET state = 'pending', tries = tries + 1, message_id = NULL, sender_id = NULL,
                  error_class = NULL, error_code = NULL, error_message = NULL
                WHERE broadcast_id = @id AND seq = @Seq
                """, chunk.Select(r => new { id, r.Seq }), tx).ConfigureAwait(false);
            // The earlier attempt stays in the message log but no longer counts in the broadcast's progress.
            var ids = chunk.Select(r => r.MessageId).ToArray();
            await c.ExecuteAsync($"UPDATE messages SET broadcast_id = NULL WHERE {Sql.In(c, "id", "ids")}", new { ids }, tx).ConfigureAwait(false);
        }
        var n = retry.Count;
        if (n > 0)
        {
            await c.ExecuteAsync(
                """
                UPDATE broadcasts SET state = 'running', completed_at = NULL, next_due = @now, updated_at = @now
                WHERE id = @id AND state = 'completed'
                """, new { id, now }, tx).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return n;
    }
}

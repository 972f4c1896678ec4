using System.Data.Common;
using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>What one attempt did and what the delivery becomes: delivered, failed, or pending again at <see cref="NextAttemptAt"/>.</summary>
public sealed record WebhookAttemptResult(
    string DeliveryId, long At, long? StatusCode, string? Error, long DurationMs, string? Response, string Status, long Attempts, long? NextAttemptAt);

public sealed partial class WebhookStore
{
    private static readonly string DeliveryColumns = string.Join(", ", WebhookDeliveryRow.Columns);

    /// <summary>Takes the oldest captured events; on PostgreSQL rows another process is fanning out are skipped.</summary>
    public static async Task<IReadOnlyList<EventOutboxRow>> TakeOutboxAsync(DbConnection c, DbTransaction tx, int limit)
    {
        var lockClause = c is Npgsql.NpgsqlConnection ? " FOR UPDATE SKIP LOCKED" : "";
        var rows = (await c.QueryAsync<EventOutboxRow>(
            $"SELECT id, kind, ref_id, type, detail, at FROM event_outbox ORDER BY id LIMIT @limit{lockClause}", new { limit }, tx)
            .ConfigureAwait(false)).AsList();
        if (rows.Count > 0)
        {
            await c.ExecuteAsync($"DELETE FROM event_outbox WHERE {Sql.In(c, "id", "ids")}", new { ids = rows.Select(r => r.Id).ToArray() }, tx)
                .ConfigureAwait(false);
        }
        return rows;
    }

    public static Task InsertDeliveriesAsync(DbConnection c, DbTransaction tx, IReadOnlyList<WebhookDeliveryRow> rows, CancellationToken ct = default) =>
        Sql.InsertAsync(c, tx, "webhook_deliveries", WebhookDeliveryRow.Columns, rows.Select(r => r.Values()).ToList(), ct: ct);

    /// <summary>Leases up to <paramref name="limit"/> deliveries that are due; a lease that ran out (a killed process) is taken over.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryRow>> ClaimDueAsync(long now, long leaseUntil, int limit, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var lockClause = db.IsSqlite ? "" : " FOR UPDATE SKIP LOCKED";
        var rows = (await c.QueryAsync<WebhookDeliveryRow>(
            $"""
             UPDATE webhook_deliveries SET lease_until = @leaseUntil
             WHERE id IN (SELECT id FROM webhook_deliveries
                          WHERE next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now)
                          ORDER BY next_attempt_at LIMIT @limit{lockClause})
             RETURNING {DeliveryColumns}
             """, new { now, leaseUntil, limit }, tx).ConfigureAwait(false)).AsList();
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return rows;
    }

    /// <summary>
    /// Records attempts and the state each delivery moves to, in one transaction (in id order, the order other writers lock
    /// rows in). With <paramref name="lease"/>, only while the delivery is still held under that lease: a delivery another
    /// process took over, replayed or deleted meanwhile is left as it is.
    /// </summary>
    public async Task RecordAsync(IReadOnlyList<WebhookAttemptResult> results, long? lease = null, CancellationToken ct = default)
    {
        if (results.Count == 0)
        {
            return;
        }
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        foreach (var r in results.OrderBy(r => r.DeliveryId, StringComparer.Ordinal))
        {
            var held = lease is null ? "" : " AND lease_until = @Lease";
            var updated = await c.ExecuteAsync(
                $"""
                 UPDATE webhook_deliveries SET status = @Status, attempts = @Attempts, next_attempt_at = @NextAttemptAt, lease_until = NULL,
                   last_status_code = @StatusCode, last_error = @Error, updated_at = @At
                 WHERE id = @DeliveryId{held}
                 """, new { r.Status, r.Attempts, r.NextAttemptAt, r.StatusCode, r.Error, r.At, r.DeliveryId, Lease = lease }, tx).ConfigureAwait(false);
            if (updated == 1)
            {
                await c.ExecuteAsync(
                    """
                    INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms, response)
                    SELECT @DeliveryId, COALESCE(MAX(attempt), 0) + 1, @At, @StatusCode, @Error, @DurationMs, @Response
                    FROM webhook_attempts WHERE delivery_id = @DeliveryId
                    """, r, tx).ConfigureAwait(false);
            }
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Newest first, paged by id.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryRow>> ListDeliveriesAsync(
        string workspaceId, string target, string? status, string? before, int limit, CancellationToken ct = default)
    {
        var where = "workspace_id = @workspaceId AND target = @target" + (status is null ? "" : " AND status = @status")
            + (before is null ? "" : " AND id < @before");
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await c.QueryAsync<WebhookDeliveryRow>(
            $"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE {where} ORDER BY id DESC LIMIT @limit",
            new { workspaceId, target, status, before, limit }).ConfigureAwait(false)).AsList();
    }

    public async Task<WebhookDeliveryRow?> GetDeliveryAsync(string workspaceId, string target, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<WebhookDeliveryRow>(
            $"SELECT {DeliveryColumns} FROM webhook_deliveries WHERE id = @id AND workspace_id = @workspaceId AND target = @target",
            new { id, workspaceId, target }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WebhookAttemptRow>> AttemptsAsync(string deliveryId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await c.QueryAsync<WebhookAttemptRow>(
            "SELECT delivery_id, attempt, at, status_code, error, duration_ms, response FROM webhook_attempts WHERE delivery_id = @deliveryId ORDER BY attempt",
            new { deliveryId }).ConfigureAwait(false)).AsList();
    }

    /// <summary>Sends a delivery again from the start of the schedule; false when it is being attempted right now.</summary>
    public async Task<bool> ReplayAsync(string workspaceId, string target, string id, long now, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(
            """
            UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = @now, lease_until = NULL, updated_at = @now
            WHERE id = @id AND workspace_id = @workspaceId AND target = @target AND (lease_until IS NULL OR lease_until < @now)
            """, new { id, workspaceId, target, now }).ConfigureAwait(false) == 1;
    }

    /// <summary>Forgets finished deliveries (and their attempts) last changed before <paramref name="before"/>.</summary>
    public async Task<int> PurgeFinishedAsync(long before, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        const string old = "SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < @before";
        await c.ExecuteAsync($"DELETE FROM webhook_attempts WHERE delivery_id IN ({old})", new { before }, tx).ConfigureAwait(false);
        var n = await c.ExecuteAsync($"DELETE FROM webhook_deliveries WHERE id IN ({old})", new { before }, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return n;
    }

    /// <summary>How many captured events wait to be fanned out (health and tests).</summary>
    public async Task<long> OutboxCountAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM event_outbox").ConfigureAwait(false);
    }
}

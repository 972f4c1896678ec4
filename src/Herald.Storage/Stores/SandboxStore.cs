using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>The sandbox provider's own record of the handsets: what it accepted and which status it reports next.</summary>
public sealed class SandboxStore(Database db)
{
    /// <summary>Accepts sends idempotently by message id; returns the ids that were already there (a resend after a crash).</summary>
    /// <remarks>
    /// One upsert, so two workers resending the same message at once (a lease that ran out mid-send) both succeed
    /// and the second sees the first's row; rows go in id order so concurrent batches lock in the same order.
    /// </remarks>
    public async Task<IReadOnlySet<string>> AcceptAsync(IReadOnlyList<SandboxDeliveryRow> rows, CancellationToken ct = default)
    {
        var fresh = rows.DistinctBy(r => r.MessageId, StringComparer.Ordinal).OrderBy(r => r.MessageId, StringComparer.Ordinal).ToList();
        if (fresh.Count == 0)
        {
            return new HashSet<string>();
        }
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var attempts = await Sql.InsertReturningAsync(c, tx, "sandbox_deliveries",
            ["message_id", "sender_id", "phone", "behaviour", "stage", "next_at", "accepted_at", "send_attempts"],
            fresh.Select(r => new object?[] { r.MessageId, r.SenderId, r.Phone, r.Behaviour, r.Stage, r.NextAt, r.AcceptedAt, 1L }).ToList(),
            "ON CONFLICT (message_id) DO UPDATE SET send_attempts = sandbox_deliveries.send_attempts + 1 RETURNING message_id, send_attempts",
            r => (Id: r.GetString(0), Attempts: r.GetInt64(1)), ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return attempts.Where(a => a.Attempts > 1).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<SandboxDeliveryRow>> DueAsync(long now, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<SandboxDeliveryRow>(
            "SELECT * FROM sandbox_deliveries WHERE next_at IS NOT NULL AND next_at <= @now ORDER BY next_at LIMIT @limit",
            new { now, limit = (long)limit }).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<long?> NextDueAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long?>("SELECT MIN(next_at) FROM sandbox_deliveries WHERE next_at IS NOT NULL").ConfigureAwait(false);
    }

    public static Task AdvanceAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, IEnumerable<SandboxDeliveryRow> rows) =>
        c.ExecuteAsync("UPDATE sandbox_deliveries SET stage = @Stage, next_at = @NextAt WHERE message_id = @MessageId", rows, tx);

    public async Task<SandboxDeliveryRow?> GetAsync(string messageId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<SandboxDeliveryRow>(
            "SELECT * FROM sandbox_deliveries WHERE message_id = @messageId", new { messageId }).ConfigureAwait(false);
    }
}

using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>Idempotency keys: claimed before the request runs, completed with its response, kept until they expire.</summary>
public sealed class IdempotencyStore(Database db)
{
    /// <summary>Claims the key for this request; returns null when claimed, otherwise the row that already holds it.</summary>
    public async Task<IdempotencyRow?> TryBeginAsync(IdempotencyRow row, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        // An expired key is forgotten first so the same key can be used again after its lifetime.
        await c.ExecuteAsync(
            "DELETE FROM idempotency_keys WHERE workspace_id = @WorkspaceId AND key = @Key AND expires_at <= @CreatedAt", row, tx)
            .ConfigureAwait(false);
        var inserted = await c.ExecuteAsync(
            """
            INSERT INTO idempotency_keys (workspace_id, key, request_hash, state, status_code, response_body, created_at, expires_at)
            VALUES (@WorkspaceId, @Key, @RequestHash, 'in_flight', NULL, NULL, @CreatedAt, @ExpiresAt)
            ON CONFLICT (workspace_id, key) DO NOTHING
            """, row, tx).ConfigureAwait(false);
        IdempotencyRow? existing = null;
        if (inserted == 0)
        {
            existing = await c.QuerySingleAsync<IdempotencyRow>(
                "SELECT * FROM idempotency_keys WHERE workspace_id = @WorkspaceId AND key = @Key", row, tx).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return existing;
    }

    public async Task CompleteAsync(string workspaceId, string key, int statusCode, string body, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(
            "UPDATE idempotency_keys SET state = 'completed', status_code = @statusCode, response_body = @body WHERE workspace_id = @workspaceId AND key = @key",
            new { workspaceId, key, statusCode = (long)statusCode, body }).ConfigureAwait(false);
    }

    /// <summary>Forgets a key whose request failed on the server's side, so the client may retry it.</summary>
    public async Task AbandonAsync(string workspaceId, string key, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync("DELETE FROM idempotency_keys WHERE workspace_id = @workspaceId AND key = @key AND state = 'in_flight'",
            new { workspaceId, key }).ConfigureAwait(false);
    }

    public async Task<int> PurgeExpiredAsync(long now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync("DELETE FROM idempotency_keys WHERE expires_at <= @now", new { now }).ConfigureAwait(false);
    }
}

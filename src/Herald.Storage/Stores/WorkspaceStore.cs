using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>Workspaces, their senders and their API keys.</summary>
public sealed class WorkspaceStore(Database db)
{
    public async Task<bool> AnyWorkspaceAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM workspaces").ConfigureAwait(false) > 0;
    }

    public async Task<string?> FirstWorkspaceIdAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<string?>("SELECT id FROM workspaces ORDER BY created_at, id LIMIT 1").ConfigureAwait(false);
    }

    /// <summary>Creates a workspace with its senders and first key in one transaction, so a crash never leaves half a workspace.</summary>
    public async Task CreateWorkspaceAsync(
        string id, string name, string timeZone, long now, IReadOnlyList<SenderRow> senders, ApiKeyRow key, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        await c.ExecuteAsync(
            "INSERT INTO workspaces (id, name, time_zone, created_at) VALUES (@id, @name, @timeZone, @now)",
            new { id, name, timeZone, now }, tx).ConfigureAwait(false);
        foreach (var s in senders)
        {
            await InsertSenderAsync(c, tx, s).ConfigureAwait(false);
        }
        await InsertKeyAsync(c, tx, key).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<string> WorkspaceTimeZoneAsync(string workspaceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<string?>("SELECT time_zone FROM workspaces WHERE id = @workspaceId", new { workspaceId })
            .ConfigureAwait(false) ?? "UTC";
    }

    private static Task InsertSenderAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, SenderRow s) =>
        c.ExecuteAsync(
            """
            INSERT INTO senders (id, workspace_id, channel, provider, name, address, is_default, rate_per_second, per_segment, config,
              created_at, credentials, messaging_tier, pair_rate_seconds, updated_at)
            VALUES (@Id, @WorkspaceId, @Channel, @Provider, @Name, @Address, @IsDefault, @RatePerSecond, @PerSegment, @Config,
              @CreatedAt, @Credentials, @MessagingTier, @PairRateSeconds, @UpdatedAt)
            """, s, tx);

    /// <summary>Adds a sender; when it is the default, the channel's other senders stop being default (one transaction).</summary>
    public async Task InsertSenderAsync(SenderRow s, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        await ClearDefaultAsync(c, tx, s).ConfigureAwait(false);
        await InsertSenderAsync(c, tx, s).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Replaces a sender's editable fields; false when it is not in the workspace.</summary>
    public async Task<bool> UpdateSenderAsync(SenderRow s, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        await ClearDefaultAsync(c, tx, s).ConfigureAwait(false);
        var n = await c.ExecuteAsync(
            """
            UPDATE senders SET name = @Name, address = @Address, is_default = @IsDefault, rate_per_second = @RatePerSecond,
              per_segment = @PerSegment, config = @Config, credentials = @Credentials, messaging_tier = @MessagingTier,
              pair_rate_seconds = @PairRateSeconds, updated_at = @UpdatedAt
            WHERE id = @Id AND workspace_id = @WorkspaceId
            """, s, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return n == 1;
    }

    /// <summary>Removes a sender and its template statuses; false when it is not in the workspace.</summary>
    public async Task<bool> DeleteSenderAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var n = await c.ExecuteAsync("DELETE FROM senders WHERE id = @id AND workspace_id = @workspaceId", new { id, workspaceId }, tx)
            .ConfigureAwait(false);
        if (n == 1)
        {
            await c.ExecuteAsync("DELETE FROM template_statuses WHERE sender_id = @id", new { id }, tx).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return n == 1;
    }

    public async Task<SenderRow?> SenderAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<SenderRow>("SELECT * FROM senders WHERE id = @id", new { id }).ConfigureAwait(false);
    }

    private static Task ClearDefaultAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, SenderRow s) =>
        s.IsDefault == 1
            ? c.ExecuteAsync(
                "UPDATE senders SET is_default = 0 WHERE workspace_id = @WorkspaceId AND channel = @Channel AND id <> @Id",
                new { s.WorkspaceId, s.Channel, s.Id }, tx)
            : Task.CompletedTask;

    private static Task InsertKeyAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, ApiKeyRow k) =>
        c.ExecuteAsync(
            """
            INSERT INTO api_keys (id, workspace_id, name, display_prefix, key_hash, scopes, created_at, expires_at, revoked_at, sender_id)
            VALUES (@Id, @WorkspaceId, @Name, @DisplayPrefix, @KeyHash, @Scopes, @CreatedAt, @ExpiresAt, @RevokedAt, @SenderId)
            """, k, tx);

    public async Task<IReadOnlyList<SenderRow>> SendersAsync(string workspaceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<SenderRow>(
            "SELECT * FROM senders WHERE workspace_id = @workspaceId ORDER BY channel, id", new { workspaceId }).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<IReadOnlyList<SenderRow>> AllSendersAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await c.QueryAsync<SenderRow>("SELECT * FROM senders").ConfigureAwait(false)).AsList();
    }

    public async Task InsertKeyAsync(ApiKeyRow key, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await InsertKeyAsync(c, null, key).ConfigureAwait(false);
    }

    public async Task<ApiKeyRow?> KeyByHashAsync(string keyHash, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<ApiKeyRow>("SELECT * FROM api_keys WHERE key_hash = @keyHash", new { keyHash })
            .ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ApiKeyRow>> KeysAsync(string workspaceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<ApiKeyRow>(
            "SELECT * FROM api_keys WHERE workspace_id = @workspaceId ORDER BY created_at, id", new { workspaceId }).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Revokes a key now, or at <paramref name="at"/> (rotation with overlap); returns the key or null when not in this workspace.</summary>
    public async Task<ApiKeyRow?> RevokeKeyAsync(string workspaceId, string id, long at, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = @at WHERE id = @id AND workspace_id = @workspaceId AND (revoked_at IS NULL OR revoked_at > @at)",
            new { id, workspaceId, at }).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<ApiKeyRow>(
            "SELECT * FROM api_keys WHERE id = @id AND workspace_id = @workspaceId", new { id, workspaceId }).ConfigureAwait(false);
    }
}

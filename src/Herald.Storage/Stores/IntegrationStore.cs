using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>Connected Intercom and HubSpot apps, always read within one workspace except by id (their request URLs carry it).</summary>
public sealed class IntegrationStore(Database db)
{
    private const string Columns = "id, workspace_id, kind, name, client_secret, access_token, settings, created_at, updated_at";

    public async Task InsertAsync(IntegrationRow row, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(
            $"INSERT INTO integrations ({Columns}) VALUES (@Id, @WorkspaceId, @Kind, @Name, @ClientSecret, @AccessToken, @Settings, @CreatedAt, @UpdatedAt)",
            row).ConfigureAwait(false);
    }

    /// <summary>Changes name, secret, token and settings; false when no such integration is in the workspace.</summary>
    public async Task<bool> UpdateAsync(IntegrationRow row, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(
            """
            UPDATE integrations SET name = @Name, client_secret = @ClientSecret, access_token = @AccessToken, settings = @Settings, updated_at = @UpdatedAt
            WHERE id = @Id AND workspace_id = @WorkspaceId
            """, row).ConfigureAwait(false) == 1;
    }

    public async Task<bool> DeleteAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync("DELETE FROM integrations WHERE id = @id AND workspace_id = @workspaceId", new { id, workspaceId })
            .ConfigureAwait(false) == 1;
    }

    /// <summary>By id alone: an inbound vendor request names its integration in the URL and is then checked with its secret.</summary>
    public async Task<IntegrationRow?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<IntegrationRow>($"SELECT {Columns} FROM integrations WHERE id = @id", new { id })
            .ConfigureAwait(false);
    }

    public async Task<IntegrationRow?> GetAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        var row = await GetAsync(id, ct).ConfigureAwait(false);
        return row?.WorkspaceId == workspaceId ? row : null;
    }

    /// <summary>The workspace's integrations, oldest first, optionally of one kind.</summary>
    public async Task<IReadOnlyList<IntegrationRow>> ListAsync(string workspaceId, string? kind = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await c.QueryAsync<IntegrationRow>(
            $"SELECT {Columns} FROM integrations WHERE workspace_id = @workspaceId{(kind is null ? "" : " AND kind = @kind")} ORDER BY id",
            new { workspaceId, kind }).ConfigureAwait(false)).AsList();
    }
}

using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>Customer webhook endpoints, their deliveries and attempts, and the event outbox the triggers fill.</summary>
public sealed partial class WebhookStore(Database db)
{
    private const string EndpointColumns =
        "id, workspace_id, url, description, event_types, secret, previous_secret, previous_secret_expires_at, disabled_at, disabled_reason, created_at, updated_at";

    public async Task InsertEndpointAsync(WebhookEndpointRow row, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(
            $"""
             INSERT INTO webhook_endpoints ({EndpointColumns})
             VALUES (@Id, @WorkspaceId, @Url, @Description, @EventTypes, @Secret, @PreviousSecret, @PreviousSecretExpiresAt, @DisabledAt, @DisabledReason, @CreatedAt, @UpdatedAt)
             """, row).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes URL, description and events, and the enabled state when <paramref name="enabledChanged"/>; never the secrets,
    /// so a change racing a rotation (or the worker disabling the endpoint) does not undo it.
    /// </summary>
    public async Task<bool> UpdateEndpointAsync(WebhookEndpointRow row, bool enabledChanged, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var enabled = enabledChanged ? ", disabled_at = @DisabledAt, disabled_reason = @DisabledReason" : "";
        return await c.ExecuteAsync(
            $"""
             UPDATE webhook_endpoints SET url = @Url, description = @Description, event_types = @EventTypes, updated_at = @UpdatedAt{enabled}
             WHERE id = @Id AND workspace_id = @WorkspaceId
             """, row).ConfigureAwait(false) == 1;
    }

    /// <summary>Writes the secrets only (a rotation).</summary>
    public async Task<bool> UpdateSecretsAsync(WebhookEndpointRow row, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(
            """
            UPDATE webhook_endpoints SET secret = @Secret, previous_secret = @PreviousSecret, previous_secret_expires_at = @PreviousSecretExpiresAt,
              updated_at = @UpdatedAt
            WHERE id = @Id AND workspace_id = @WorkspaceId
            """, row).ConfigureAwait(false) == 1;
    }

    /// <summary>Removes the endpoint and its deliveries (a deleted endpoint has nothing left to replay).</summary>
    public async Task<bool> DeleteEndpointAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var n = await c.ExecuteAsync("DELETE FROM webhook_endpoints WHERE id = @id AND workspace_id = @workspaceId", new { id, workspaceId }, tx)
            .ConfigureAwait(false);
        if (n == 1)
        {
            await c.ExecuteAsync(
                "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE target = @id)", new { id }, tx).ConfigureAwait(false);
            await c.ExecuteAsync("DELETE FROM webhook_deliveries WHERE target = @id", new { id }, tx).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return n == 1;
    }

    /// <summary>Turns an endpoint off (e.g. it answered 410 Gone); its pending deliveries fail with the same reason.</summary>
    public async Task DisableEndpointAsync(string id, string reason, long now, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        await c.ExecuteAsync(
            "UPDATE webhook_endpoints SET disabled_at = @now, disabled_reason = @reason, updated_at = @now WHERE id = @id AND disabled_at IS NULL",
            new { id, reason, now }, tx).ConfigureAwait(false);
        await c.ExecuteAsync(
            """
            UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = @reason, updated_at = @now
            WHERE target = @id AND status = 'pending' AND (lease_until IS NULL OR lease_until < @now)
            """, new { id, reason = "Not sent: " + reason, now }, tx).ConfigureAwait(false); // leased ones fail when their attempt sees the endpoint off
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task<WebhookEndpointRow?> GetEndpointAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<WebhookEndpointRow>(
            $"SELECT {EndpointColumns} FROM webhook_endpoints WHERE id = @id AND workspace_id = @workspaceId", new { id, workspaceId })
            .ConfigureAwait(false);
    }

    /// <summary>By id alone, for the delivery worker.</summary>
    public async Task<WebhookEndpointRow?> GetEndpointAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<WebhookEndpointRow>(
            $"SELECT {EndpointColumns} FROM webhook_endpoints WHERE id = @id", new { id }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WebhookEndpointRow>> ListEndpointsAsync(string workspaceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await c.QueryAsync<WebhookEndpointRow>(
            $"SELECT {EndpointColumns} FROM webhook_endpoints WHERE workspace_id = @workspaceId ORDER BY id", new { workspaceId })
            .ConfigureAwait(false)).AsList();
    }

    /// <summary>The enabled endpoints of the given workspaces, read inside the fan-out's transaction.</summary>
    public static async Task<IReadOnlyList<WebhookEndpointRow>> EnabledEndpointsAsync(
        System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, IReadOnlyCollection<string> workspaceIds)
    {
        if (workspaceIds.Count == 0)
        {
            return [];
        }
        return (await c.QueryAsync<WebhookEndpointRow>(
            $"SELECT {EndpointColumns} FROM webhook_endpoints WHERE disabled_at IS NULL AND {Sql.In(c, "workspace_id", "ids")} ORDER BY id",
            new { ids = workspaceIds.ToArray() }, tx).ConfigureAwait(false)).AsList();
    }
}

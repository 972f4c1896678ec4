using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>One pending audience row as the preview reads it, with the recipient's consent on the broadcast's channel.</summary>
public sealed record PreviewRow(long Seq, string Phone, string? Variables, string? TimeZone, bool OptedOut);

/// <summary>A contact condition compiled to SQL: <see cref="Where"/> uses the parameters in <see cref="Parameters"/>.</summary>
public sealed record ContactFilterSql(string Where, DynamicParameters Parameters);

public sealed partial class BroadcastStore
{
    /// <summary>Empties a draft's audience before a new one is written (in batches, so other writers get turns).</summary>
    public async Task ClearAudienceAsync(string broadcastId, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync("UPDATE broadcasts SET audience = NULL WHERE id = @broadcastId", new { broadcastId }).ConfigureAwait(false);
        await c.ExecuteAsync("DELETE FROM broadcast_recipients WHERE broadcast_id = @broadcastId", new { broadcastId }).ConfigureAwait(false);
    }

    /// <summary>Appends a batch of audience rows in one transaction.</summary>
    public async Task AddRecipientsAsync(IReadOnlyList<RecipientRow> rows, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        await Sql.InsertAsync(c, tx, "broadcast_recipients", RecipientRow.Columns, rows.Select(r => r.Values()).ToList(), ct: ct)
            .ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Records the audience's description once all its rows are written (a draft without one has no audience).</summary>
    public async Task SetAudienceAsync(string broadcastId, string audience, long now, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync("UPDATE broadcasts SET audience = @audience, updated_at = @now WHERE id = @broadcastId",
            new { audience, now, broadcastId }).ConfigureAwait(false);
    }

    /// <summary>
    /// Snapshots the workspace's contacts matching <paramref name="filter"/> as the audience, in contact order, in one
    /// statement; their values are the contact's attributes plus name and phone. Returns the number of recipients.
    /// </summary>
    public async Task<long> AddContactRecipientsAsync(
        string workspaceId, string broadcastId, ContactFilterSql filter, CancellationToken ct = default)
    {
        var variables = db.IsSqlite
            ? "json_patch(attributes, json_object('name', name, 'phone', phone))"
            : "jsonb_strip_nulls(attributes::jsonb || jsonb_build_object('name', name, 'phone', phone))::text";
        var sql = $"""
            INSERT INTO broadcast_recipients (broadcast_id, seq, raw_phone, phone, state, variables, time_zone, tries)
            SELECT @broadcastId, ROW_NUMBER() OVER (ORDER BY id), phone, phone, 'pending', {variables}, time_zone, 0
            FROM contacts WHERE workspace_id = @workspaceId AND ({filter.Where})
            """;
        var p = new DynamicParameters(filter.Parameters);
        p.Add("broadcastId", broadcastId);
        p.Add("workspaceId", workspaceId);
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var n = await c.ExecuteAsync(new CommandDefinition(sql, p, tx, commandTimeout: 600, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return n;
    }

    /// <summary>Streams the pending audience rows in order with each recipient's consent on <paramref name="channel"/>.</summary>
    public async IAsyncEnumerable<PreviewRow> PendingForPreviewAsync(
        string workspaceId, string broadcastId, string channel, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var reader = await c.ExecuteReaderAsync(new CommandDefinition(
            """
            SELECT r.seq, r.phone, r.variables, r.time_zone, COALESCE(k.opted_out, 0)
            FROM broadcast_recipients r
            LEFT JOIN consents k ON k.workspace_id = @workspaceId AND k.phone = r.phone AND k.channel = @channel
            WHERE r.broadcast_id = @broadcastId AND r.state = 'pending' ORDER BY r.seq
            """, new { workspaceId, broadcastId, channel }, commandTimeout: 600, cancellationToken: ct)).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            yield return new PreviewRow(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), Convert.ToInt64(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture) == 1);
        }
    }

    /// <summary>The next pending audience rows in order: expansion's checkpoint is simply "pending" on each row.</summary>
    public static async Task<IReadOnlyList<RecipientRow>> PendingBatchAsync(DbConnection c, DbTransaction tx, string broadcastId, int limit)
    {
        var rows = await c.QueryAsync<RecipientRow>(
            // Several processes may expand one broadcast on PostgreSQL: each takes rows no other holds.
            "SELECT * FROM broadcast_recipients WHERE broadcast_id = @broadcastId AND state = 'pending' ORDER BY seq LIMIT @limit"
            + (c is Npgsql.NpgsqlConnection ? " FOR UPDATE SKIP LOCKED" : ""),
            new { broadcastId, limit = (long)limit }, tx).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Writes what expansion decided for each row (queued with its message, or skipped with the reason).</summary>
    public static Task MarkRecipientsAsync(DbConnection c, DbTransaction tx, IReadOnlyList<RecipientRow> rows) =>
        c.ExecuteAsync(
            """
            UPDATE broadcast_recipients SET state = @State, sender_id = @SenderId, message_id = @MessageId,
              error_class = @ErrorClass, error_code = @ErrorCode, error_message = @ErrorMessage
            WHERE broadcast_id = @BroadcastId AND seq = @Seq
            """, rows, tx);
}

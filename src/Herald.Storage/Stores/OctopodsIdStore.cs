using Dapper;
using Herald.Storage.Infrastructure;

namespace Herald.Storage.Stores;

/// <summary>Numeric ids for the Octopods-compatible API, given out once per Herald id and never reused.</summary>
public sealed class OctopodsIdStore(Database db)
{
    public const string Template = "template";
    public const string Message = "message";

    /// <summary>The number of each Herald id, giving one to those that have none yet.</summary>
    public async Task<IReadOnlyDictionary<string, long>> NumbersAsync(
        string kind, string workspaceId, IReadOnlyCollection<string> heraldIds, long now, string? keyId = null, CancellationToken ct = default)
    {
        if (heraldIds.Count == 0)
        {
            return new Dictionary<string, long>();
        }
        var known = await ReadAsync(kind, workspaceId, heraldIds, ct).ConfigureAwait(false);
        var missing = heraldIds.Where(id => !known.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return known;
        }
        using (await db.WriteTurnAsync(ct).ConfigureAwait(false))
        {
            await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
            await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
            foreach (var id in missing)
            {
                await c.ExecuteAsync(
                    """
                    INSERT INTO octopods_ids (kind, herald_id, workspace_id, key_id, created_at) VALUES (@kind, @id, @workspaceId, @keyId, @now)
                    ON CONFLICT (herald_id) DO NOTHING
                    """, new { kind, id, workspaceId, keyId, now }, tx).ConfigureAwait(false);
            }
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        return await ReadAsync(kind, workspaceId, heraldIds, ct).ConfigureAwait(false);
    }

    /// <summary>The Herald id behind a number, within the workspace; null when there is none.</summary>
    public async Task<string?> HeraldIdAsync(string kind, string workspaceId, long number, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<string>(
            "SELECT herald_id FROM octopods_ids WHERE number = @number AND kind = @kind AND workspace_id = @workspaceId",
            new { number, kind, workspaceId }).ConfigureAwait(false);
    }

    /// <summary>The latest messages one key sent through the Octopods-compatible API, newest first.</summary>
    public async Task<IReadOnlyList<(long Number, string HeraldId)>> SentByKeyAsync(string keyId, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await c.QueryAsync<(long, string)>(
            "SELECT number, herald_id FROM octopods_ids WHERE key_id = @keyId AND kind = 'message' ORDER BY number DESC LIMIT @limit",
            new { keyId, limit }).ConfigureAwait(false)).AsList();
    }

    private async Task<Dictionary<string, long>> ReadAsync(string kind, string workspaceId, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(string HeraldId, long Number)>(
            $"SELECT herald_id, number FROM octopods_ids WHERE kind = @kind AND workspace_id = @workspaceId AND {Sql.In(c, "herald_id", "ids")}",
            new { kind, workspaceId, ids = ids.ToArray() }).ConfigureAwait(false);
        return rows.ToDictionary(r => r.HeraldId, r => r.Number, StringComparer.Ordinal);
    }
}

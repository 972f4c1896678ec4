using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>Contacts: one per phone number in a workspace.</summary>
public sealed class ContactStore(Database db)
{
    public async Task<bool> InsertAsync(ContactRow r, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(
            """
            INSERT INTO contacts (id, workspace_id, phone, name, attributes, time_zone, created_at, updated_at)
            VALUES (@Id, @WorkspaceId, @Phone, @Name, @Attributes, @TimeZone, @CreatedAt, @UpdatedAt)
            ON CONFLICT (workspace_id, phone) DO NOTHING
            """, r).ConfigureAwait(false) == 1;
    }

    public async Task<bool> UpdateAsync(ContactRow r, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(
            """
            UPDATE contacts SET phone = @Phone, name = @Name, attributes = @Attributes, time_zone = @TimeZone, updated_at = @UpdatedAt
            WHERE id = @Id AND workspace_id = @WorkspaceId
            """, r).ConfigureAwait(false) == 1;
    }

    public async Task<bool> DeleteAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync("DELETE FROM contacts WHERE id = @id AND workspace_id = @workspaceId", new { id, workspaceId })
            .ConfigureAwait(false) == 1;
    }

    public async Task<ContactRow?> GetAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<ContactRow>(
            "SELECT * FROM contacts WHERE id = @id AND workspace_id = @workspaceId", new { id, workspaceId }).ConfigureAwait(false);
    }

    public async Task<ContactRow?> ByPhoneAsync(string workspaceId, string phone, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<ContactRow>(
            "SELECT * FROM contacts WHERE phone = @phone AND workspace_id = @workspaceId", new { phone, workspaceId }).ConfigureAwait(false);
    }

    /// <summary>
    /// A page of contacts by id. <paramref name="search"/> matches a part of the name (any case) or of the number's
    /// digits, so the console's lookup finds "ann" and "7700 900" alike.
    /// </summary>
    public async Task<IReadOnlyList<ContactRow>> ListAsync(
        string workspaceId, string? after, string? phone, int limit, CancellationToken ct = default, string? search = null)
    {
        string? nameLike = null, phoneLike = null;
        if (!string.IsNullOrWhiteSpace(search))
        {
            nameLike = "%" + EscapeLike(search.Trim().ToLowerInvariant()) + "%";
            var digits = new string(search.Where(char.IsAsciiDigit).ToArray());
            phoneLike = digits.Length >= 3 ? "%" + digits + "%" : null;
        }
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<ContactRow>(
            """
            SELECT * FROM contacts WHERE workspace_id = @workspaceId AND (@after IS NULL OR id > @after)
            AND (@phone IS NULL OR phone = @phone)
            AND (@nameLike IS NULL OR LOWER(COALESCE(name, '')) LIKE @nameLike ESCAPE '\' OR (@phoneLike IS NOT NULL AND phone LIKE @phoneLike))
            ORDER BY id LIMIT @limit
            """,
            new { workspaceId, after, phone, nameLike, phoneLike, limit = (long)limit }).ConfigureAwait(false);
        return rows.AsList();
    }

    private static string EscapeLike(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}

/// <summary>Batch reads of contact fields the rules need.</summary>
public static class ContactQueries
{
    public static async Task<IReadOnlyDictionary<string, string>> TimeZonesAsync(
        System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, string workspaceId, IReadOnlyCollection<string> phones)
    {
        if (phones.Count == 0)
        {
            return new Dictionary<string, string>();
        }
        var rows = await c.QueryAsync<(string Phone, string TimeZone)>(
            $"SELECT phone, time_zone FROM contacts WHERE workspace_id = @workspaceId AND {Sql.In(c, "phone", "phones")} AND time_zone IS NOT NULL",
            new { workspaceId, phones = phones.ToArray() }, tx).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Phone, r => r.TimeZone, StringComparer.Ordinal);
    }
}

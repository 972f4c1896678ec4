using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>Web console accounts; the console's Identity store sits on top of this.</summary>
public sealed class UserStore(Database db)
{
    private const string Columns =
        "id, workspace_id, email, normalized_email, name, role, password_hash, security_stamp, failed_count, lockout_end, created_at, disabled_at";

    /// <summary>Adds an account; false when the e-mail address is taken (the unique index decides, so two concurrent adds cannot both win).</summary>
    public async Task<bool> InsertAsync(UserRow row, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(
            $"""
             INSERT INTO users ({Columns})
             SELECT @Id, @WorkspaceId, @Email, @NormalizedEmail, @Name, @Role, @PasswordHash, @SecurityStamp, @FailedCount, @LockoutEnd, @CreatedAt, @DisabledAt
             WHERE NOT EXISTS (SELECT 1 FROM users WHERE normalized_email = @NormalizedEmail)
             """, row).ConfigureAwait(false) == 1;
    }

    public async Task UpdateAsync(UserRow row, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(
            """
            UPDATE users SET email = @Email, normalized_email = @NormalizedEmail, name = @Name, role = @Role, password_hash = @PasswordHash,
              security_stamp = @SecurityStamp, failed_count = @FailedCount, lockout_end = @LockoutEnd, disabled_at = @DisabledAt
            WHERE id = @Id
            """, row).ConfigureAwait(false);
    }

    public async Task<UserRow?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<UserRow>($"SELECT {Columns} FROM users WHERE id = @id", new { id }).ConfigureAwait(false);
    }

    public async Task<UserRow?> ByNormalizedEmailAsync(string normalizedEmail, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<UserRow>(
            $"SELECT {Columns} FROM users WHERE normalized_email = @normalizedEmail", new { normalizedEmail }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<UserRow>> ListAsync(string workspaceId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await c.QueryAsync<UserRow>(
            $"SELECT {Columns} FROM users WHERE workspace_id = @workspaceId ORDER BY id", new { workspaceId }).ConfigureAwait(false)).AsList();
    }

    public async Task<bool> AnyAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT 1) u").ConfigureAwait(false) > 0;
    }
}

using System.Data.Common;
using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>Templates and their approval status per sender.</summary>
public sealed class TemplateStore(Database db)
{
    public async Task<bool> InsertAsync(TemplateRow t, IReadOnlyList<TemplateStatusRow> statuses, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var inserted = await c.ExecuteAsync(
            """
            INSERT INTO templates (id, workspace_id, name, language, category, definition, created_at, updated_at)
            VALUES (@Id, @WorkspaceId, @Name, @Language, @Category, @Definition, @CreatedAt, @UpdatedAt)
            ON CONFLICT (workspace_id, name, language) DO NOTHING
            """, t, tx).ConfigureAwait(false);
        if (inserted == 0)
        {
            return false;
        }
        foreach (var s in statuses)
        {
            await UpsertStatusAsync(c, tx, s).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> UpdateAsync(TemplateRow t, IReadOnlyList<TemplateStatusRow> statuses, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var updated = await c.ExecuteAsync(
            "UPDATE templates SET category = @Category, definition = @Definition, updated_at = @UpdatedAt WHERE id = @Id AND workspace_id = @WorkspaceId",
            t, tx).ConfigureAwait(false);
        if (updated == 0)
        {
            return false; // not this workspace's template: its statuses are not ours to touch either
        }
        // New content needs a new review everywhere: the providers' earlier verdicts were about the old content.
        await c.ExecuteAsync("DELETE FROM template_statuses WHERE template_id = @Id", t, tx).ConfigureAwait(false);
        foreach (var s in statuses)
        {
            await UpsertStatusAsync(c, tx, s).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> DeleteAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var deleted = await c.ExecuteAsync("DELETE FROM templates WHERE id = @id AND workspace_id = @workspaceId", new { id, workspaceId }, tx)
            .ConfigureAwait(false);
        if (deleted == 1)
        {
            await c.ExecuteAsync("DELETE FROM template_statuses WHERE template_id = @id", new { id }, tx).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return deleted == 1;
    }

    public async Task SetStatusAsync(TemplateStatusRow s, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await UpsertStatusAsync(c, null, s).ConfigureAwait(false);
    }

    private static Task UpsertStatusAsync(DbConnection c, DbTransaction? tx, TemplateStatusRow s) =>
        c.ExecuteAsync(
            """
            INSERT INTO template_statuses (template_id, sender_id, status, quality, reason, updated_at, provider_template_id)
            VALUES (@TemplateId, @SenderId, @Status, @Quality, @Reason, @UpdatedAt, @ProviderTemplateId)
            ON CONFLICT (template_id, sender_id) DO UPDATE SET
              status = excluded.status, quality = excluded.quality, reason = excluded.reason, updated_at = excluded.updated_at,
              provider_template_id = COALESCE(excluded.provider_template_id, template_statuses.provider_template_id)
            """, s, tx);

    public async Task<TemplateRow?> GetAsync(string workspaceId, string id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<TemplateRow>(
            "SELECT * FROM templates WHERE id = @id AND workspace_id = @workspaceId", new { id, workspaceId }).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TemplateRow>> ListAsync(string workspaceId, string? after, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<TemplateRow>(
            "SELECT * FROM templates WHERE workspace_id = @workspaceId AND (@after IS NULL OR id > @after) ORDER BY id LIMIT @limit",
            new { workspaceId, after, limit = (long)limit }).ConfigureAwait(false);
        return rows.AsList();
    }

    /// <summary>Templates by name, for a batch of sends (one query per batch).</summary>
    public static async Task<IReadOnlyList<TemplateRow>> ByNamesAsync(
        DbConnection c, DbTransaction? tx, string workspaceId, IReadOnlyCollection<string> names)
    {
        if (names.Count == 0)
        {
            return [];
        }
        var rows = await c.QueryAsync<TemplateRow>(
            $"SELECT * FROM templates WHERE workspace_id = @workspaceId AND {Sql.In(c, "name", "names")}",
            new { workspaceId, names = names.ToArray() }, tx)
            .ConfigureAwait(false);
        return rows.AsList();
    }

    public static async Task<IReadOnlyList<TemplateStatusRow>> StatusesAsync(
        DbConnection c, DbTransaction? tx, IReadOnlyCollection<string> templateIds)
    {
        if (templateIds.Count == 0)
        {
            return [];
        }
        var rows = await c.QueryAsync<TemplateStatusRow>(
            $"SELECT * FROM template_statuses WHERE {Sql.In(c, "template_id", "templateIds")}",
            new { templateIds = templateIds.ToArray() }, tx).ConfigureAwait(false);
        return rows.AsList();
    }

    public async Task<IReadOnlyList<TemplateStatusRow>> StatusesAsync(IReadOnlyCollection<string> templateIds, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await StatusesAsync(c, null, templateIds).ConfigureAwait(false);
    }

    /// <summary>The template with this name and language in the workspace (language compared without case, '-' = '_').</summary>
    public async Task<TemplateRow?> ByNameAndLanguageAsync(string workspaceId, string name, string language, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<TemplateRow>(
            "SELECT * FROM templates WHERE workspace_id = @workspaceId AND name = @name", new { workspaceId, name }).ConfigureAwait(false);
        return rows.FirstOrDefault(r => SameLanguage(r.Language, language));
    }

    /// <summary>Language codes compare without case and with '-' = '_' (en-US is en_US).</summary>
    public static bool SameLanguage(string a, string b) =>
        string.Equals(a.Replace('-', '_'), b.Replace('-', '_'), StringComparison.OrdinalIgnoreCase);

    /// <summary>One template's status on one sender, or null when it was never submitted there.</summary>
    public async Task<TemplateStatusRow?> StatusAsync(string templateId, string senderId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.QuerySingleOrDefaultAsync<TemplateStatusRow>(
            "SELECT * FROM template_statuses WHERE template_id = @templateId AND sender_id = @senderId", new { templateId, senderId })
            .ConfigureAwait(false);
    }
}

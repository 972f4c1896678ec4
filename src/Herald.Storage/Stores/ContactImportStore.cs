using System.Buffers;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using Herald.Storage.Infrastructure;

namespace Herald.Storage.Stores;

/// <summary>
/// One contact to create or merge: <paramref name="Attributes"/> is a JSON object whose keys replace the stored ones
/// (the others are kept); a null <paramref name="Name"/> or <paramref name="TimeZone"/> keeps the stored value.
/// </summary>
public sealed record ContactUpsert(string Id, string Phone, string? Name, string Attributes, string? TimeZone);

/// <summary>Bulk create-or-merge of contacts by phone, one statement per batch on both engines.</summary>
public sealed class ContactImportStore(Database db)
{
    private const string SqliteRowUpsert =
        """
        INSERT INTO contacts (id, workspace_id, phone, name, attributes, time_zone, created_at, updated_at)
        VALUES (@i, @w, @p, @n, @a, @t, @now, @now)
        ON CONFLICT (workspace_id, phone) DO UPDATE SET
          name = COALESCE(excluded.name, contacts.name),
          time_zone = COALESCE(excluded.time_zone, contacts.time_zone),
          attributes = json_patch(contacts.attributes, excluded.attributes),
          updated_at = excluded.updated_at
        """;

    private const string PostgresUpsert =
        """
        INSERT INTO contacts (id, workspace_id, phone, name, attributes, time_zone, created_at, updated_at)
        SELECT r.i, @workspaceId, r.p, r.n, r.a::text, r.t, @now, @now
        FROM jsonb_to_recordset(@rows::jsonb) AS r(i text, p text, n text, a jsonb, t text)
        ON CONFLICT (workspace_id, phone) DO UPDATE SET
          name = COALESCE(excluded.name, contacts.name),
          time_zone = COALESCE(excluded.time_zone, contacts.time_zone),
          attributes = (contacts.attributes::jsonb || excluded.attributes::jsonb)::text,
          updated_at = excluded.updated_at
        RETURNING id
        """;

    /// <summary>
    /// Creates the contacts whose phone is new in the workspace and merges the others, in the caller's transaction.
    /// Phones must be distinct within one call. Returns the ids of the rows created (an update keeps the stored id).
    /// </summary>
    public static async Task<IReadOnlySet<string>> UpsertAsync(
        DbConnection c, DbTransaction tx, string workspaceId, IReadOnlyList<ContactUpsert> rows, long now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(rows);
        var returned = new HashSet<string>(StringComparer.Ordinal);
        if (rows.Count == 0)
        {
            return returned;
        }
        if (c is not Npgsql.NpgsqlConnection)
        {
            return await SqliteUpsertAsync(c, tx, workspaceId, rows, now, ct).ConfigureAwait(false);
        }
        var sql = PostgresUpsert;
        var ids = await c.QueryAsync<string>(new CommandDefinition(sql, new { workspaceId, now, rows = Json(rows) }, tx, cancellationToken: ct))
            .ConfigureAwait(false);
        returned.UnionWith(ids);
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            if (returned.Contains(r.Id))
            {
                created.Add(r.Id);
            }
        }
        return created;
    }

    /// <summary>Like <see cref="UpsertAsync(DbConnection, DbTransaction, string, IReadOnlyList{ContactUpsert}, long, CancellationToken)"/> in a transaction of its own.</summary>
    public async Task<IReadOnlySet<string>> UpsertAsync(string workspaceId, IReadOnlyList<ContactUpsert> rows, long now, CancellationToken ct = default)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var created = await UpsertAsync(c, tx, workspaceId, rows, now, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return created;
    }

    /// <summary>
    /// SQLite: one read of the phones already stored (the write lock is held, so it stays true), then one prepared
    /// single-row upsert re-executed per row, which SQLite runs faster than any multi-row or JSON form.
    /// </summary>
    private static async Task<IReadOnlySet<string>> SqliteUpsertAsync(
        DbConnection c, DbTransaction tx, string workspaceId, IReadOnlyList<ContactUpsert> rows, long now, CancellationToken ct)
    {
        var existing = new HashSet<string>(await c.QueryAsync<string>(new CommandDefinition(
            "SELECT phone FROM contacts WHERE workspace_id = @workspaceId AND phone IN (SELECT value FROM json_each(@phones))",
            new { workspaceId, phones = JsonSerializer.Serialize(rows.Select(r => r.Phone)) }, tx, cancellationToken: ct)).ConfigureAwait(false),
            StringComparer.Ordinal);
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = SqliteRowUpsert;
        var p = new DbParameter[7];
        string[] names = ["@i", "@w", "@p", "@n", "@a", "@t", "@now"];
        for (var k = 0; k < names.Length; k++)
        {
            p[k] = cmd.CreateParameter();
            p[k].ParameterName = names[k];
            cmd.Parameters.Add(p[k]);
        }
        p[1].Value = workspaceId;
        p[6].Value = now;
        cmd.Prepare();
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            p[0].Value = r.Id;
            p[2].Value = r.Phone;
            p[3].Value = (object?)r.Name ?? DBNull.Value;
            p[4].Value = r.Attributes;
            p[5].Value = (object?)r.TimeZone ?? DBNull.Value;
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            if (!existing.Contains(r.Phone))
            {
                created.Add(r.Id);
            }
        }
        return created;
    }

    /// <summary>The batch as one JSON array: [{"i":id,"p":phone,"n":name,"a":{attributes},"t":zone}, …].</summary>
    private static string Json(IReadOnlyList<ContactUpsert> rows)
    {
        var buffer = new ArrayBufferWriter<byte>(rows.Count * 128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var r in rows)
            {
                w.WriteStartObject();
                w.WriteString("i", r.Id);
                w.WriteString("p", r.Phone);
                w.WriteString("n", r.Name);
                w.WritePropertyName("a");
                w.WriteRawValue(r.Attributes, skipInputValidation: true);
                w.WriteString("t", r.TimeZone);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

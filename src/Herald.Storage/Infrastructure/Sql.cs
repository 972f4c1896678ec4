using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using Npgsql;

namespace Herald.Storage.Infrastructure;

/// <summary>Small SQL helpers shared by the stores: multi-row inserts so a batch costs one statement per few hundred rows.</summary>
public static class Sql
{
    /// <summary>
    /// Parameters per multi-row statement. PostgreSQL gains from big statements (fewer round trips); SQLite binds each
    /// parameter by a linear name lookup, so a statement costs the square of its parameters: 16,000 per statement
    /// measured 15x slower than 900, and 60-300 fastest.
    /// </summary>
    private static int MaxParameters(DbConnection c) => c is NpgsqlConnection ? 16_000 : 200;

    static Sql()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    /// <summary>Makes sure Dapper maps snake_case columns; call once before the first query.</summary>
    public static void Configure() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <summary>
    /// "<paramref name="column"/> is one of the list in <c>@<paramref name="parameter"/></c>": Dapper expands
    /// <c>IN @list</c> on SQLite but passes the list as one array on PostgreSQL, where only <c>= ANY(@list)</c> parses.
    /// Pass the list as an array or a <see cref="List{T}"/>.
    /// </summary>
    public static string In(DbConnection c, string column, string parameter) =>
        c is NpgsqlConnection ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";

    /// <summary>
    /// Appended to a SELECT of rows about to be changed: on PostgreSQL it locks them in id order (concurrent webhooks for
    /// one message then apply one after the other, never both from the same stale status); SQLite has one writer already.
    /// </summary>
    public static string LockInIdOrder(DbConnection c) => c is NpgsqlConnection ? " ORDER BY id FOR UPDATE" : "";

    public static async Task InsertAsync(
        DbConnection c, DbTransaction? tx, string table, IReadOnlyList<string> columns,
        IReadOnlyList<object?[]> rows, string? suffix = null, CancellationToken ct = default)
    {
        if (c is not NpgsqlConnection)
        {
            await EachRowAsync(c, tx, table, columns, rows, suffix, cmd => cmd.ExecuteNonQueryAsync(ct)).ConfigureAwait(false);
            return;
        }
        var perStatement = Math.Max(1, MaxParameters(c) / columns.Count);
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            await using var cmd = InsertCommand(c, tx, table, columns, rows, start, Math.Min(rows.Count, start + perStatement), suffix);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Like <see cref="InsertAsync"/> with a <c>RETURNING</c> clause in <paramref name="suffix"/>; reads every returned row.</summary>
    public static async Task<List<T>> InsertReturningAsync<T>(
        DbConnection c, DbTransaction? tx, string table, IReadOnlyList<string> columns,
        IReadOnlyList<object?[]> rows, string suffix, Func<DbDataReader, T> read, CancellationToken ct = default)
    {
        var result = new List<T>(rows.Count);
        if (c is not NpgsqlConnection)
        {
            await EachRowAsync(c, tx, table, columns, rows, suffix, async cmd =>
            {
                await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    result.Add(read(reader));
                }
            }).ConfigureAwait(false);
            return result;
        }
        var perStatement = Math.Max(1, MaxParameters(c) / columns.Count);
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            await using var cmd = InsertCommand(c, tx, table, columns, rows, start, Math.Min(rows.Count, start + perStatement), suffix);
            await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                result.Add(read(reader));
            }
        }
        return result;
    }

    /// <summary>
    /// SQLite: one prepared single-row statement re-executed per row. Within one transaction that is the fastest way
    /// in (SQLite binds named parameters by linear lookup, so wide multi-row statements cost the square of their size).
    /// </summary>
    private static async Task EachRowAsync(
        DbConnection c, DbTransaction? tx, string table, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows,
        string? suffix, Func<DbCommand, Task> execute)
    {
        if (rows.Count == 0)
        {
            return;
        }
        await using var cmd = InsertCommand(c, tx, table, columns, rows, 0, 1, suffix);
        cmd.Prepare();
        for (var r = 0; r < rows.Count; r++)
        {
            var values = rows[r];
            for (var i = 0; i < values.Length; i++)
            {
                cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
            }
            await execute(cmd).ConfigureAwait(false);
        }
    }

    private static DbCommand InsertCommand(
        DbConnection c, DbTransaction? tx, string table, IReadOnlyList<string> columns,
        IReadOnlyList<object?[]> rows, int start, int end, string? suffix)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        var sb = new StringBuilder("INSERT INTO ").Append(table).Append(" (")
            .AppendJoin(", ", columns).Append(") VALUES ");
        var p = 0;
        for (var r = start; r < end; r++)
        {
            sb.Append(r == start ? "(" : ", (");
            var values = rows[r];
            for (var i = 0; i < values.Length; i++)
            {
                var name = "@p" + p.ToString(CultureInfo.InvariantCulture);
                p++;
                sb.Append(i == 0 ? name : ", " + name);
                var prm = cmd.CreateParameter();
                prm.ParameterName = name;
                prm.Value = values[i] ?? DBNull.Value;
                cmd.Parameters.Add(prm);
            }
            sb.Append(')');
        }
        if (suffix is not null)
        {
            sb.Append(' ').Append(suffix);
        }
        cmd.CommandText = sb.ToString();
        return cmd;
    }
}

using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;

namespace Herald.Storage.Infrastructure;

/// <summary>Small SQL helpers shared by the stores: multi-row inserts so a batch costs one statement per few hundred rows.</summary>
public static class Sql
{
    private const int MaxParameters = 900;

    static Sql()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    /// <summary>Makes sure Dapper maps snake_case columns; call once before the first query.</summary>
    public static void Configure() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public static async Task InsertAsync(
        DbConnection c, DbTransaction? tx, string table, IReadOnlyList<string> columns,
        IReadOnlyList<object?[]> rows, string? suffix = null, CancellationToken ct = default)
    {
        if (rows.Count == 0)
        {
            return;
        }
        var perStatement = Math.Max(1, MaxParameters / columns.Count);
        for (var start = 0; start < rows.Count; start += perStatement)
        {
            var end = Math.Min(rows.Count, start + perStatement);
            await using var cmd = c.CreateCommand();
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
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }
}

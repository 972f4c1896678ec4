using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Herald.EndToEnd.Tests;

/// <summary>
/// Looks into Herald's database from outside the process, the way an operator would: the SQLite file opened
/// read-only while Herald runs (WAL readers never block its writer), or the PostgreSQL database.
/// </summary>
public sealed class StoreProbe
{
    private readonly string? _sqliteFile;
    private readonly string? _postgres;

    private StoreProbe(string? sqliteFile, string? postgres)
    {
        _sqliteFile = sqliteFile;
        _postgres = postgres;
    }

    public static StoreProbe Sqlite(string dataDirectory) => new(Path.Combine(dataDirectory, "herald.db"), null);

    public static StoreProbe Postgres(string connectionString) => new(null, connectionString);

    public async Task<long> CountAsync(string sql)
    {
        var rows = await RowsAsync(sql);
        return rows.Count == 0 ? 0 : ToLong(rows[0][0]);
    }

    /// <summary>Runs a query and returns every row as an array of column values (DBNull as null).</summary>
    public async Task<IReadOnlyList<object?[]>> RowsAsync(string sql)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var c = Open();
                await c.OpenAsync();
                await using var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                cmd.CommandTimeout = 60;
                await using var reader = await cmd.ExecuteReaderAsync();
                var rows = new List<object?[]>();
                while (await reader.ReadAsync())
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    }
                    rows.Add(row);
                }
                return rows;
            }
            catch (SqliteException) when (attempt < 5)
            {
                // a reader can meet a busy WAL index for a moment while the writer checkpoints
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Outbound messages per status.</summary>
    public async Task<IReadOnlyDictionary<string, long>> StatusCountsAsync()
    {
        var rows = await RowsAsync("SELECT status, COUNT(*) FROM messages WHERE direction = 'outbound' GROUP BY status");
        return rows.ToDictionary(r => (string)r[0]!, r => ToLong(r[1]), StringComparer.Ordinal);
    }

    public static long ToLong(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    public static string Describe(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "(none)" : string.Join(", ", counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));

    private DbConnection Open()
    {
        if (_postgres is not null)
        {
            return new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_postgres) { Pooling = false }.ToString());
        }
        // Read-only and unpooled: the probe never writes, and holds nothing open between queries. After Herald is
        // killed the same read-only open still sees every committed transaction (they are in the WAL file).
        return new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _sqliteFile,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
    }
}

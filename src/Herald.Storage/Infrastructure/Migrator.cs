using System.Data.Common;
using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Herald.Storage.Infrastructure;

/// <summary>Applies the embedded, numbered SQL scripts of the configured engine once each, in order, at start-up.</summary>
public sealed class Migrator(Database db, TimeProvider clock, ILogger<Migrator> logger)
{
    private const long PostgresLockKey = 0x4845_5241_4C44; // "HERALD": one migrating process at a time

    public async Task<int> MigrateAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        if (db.IsSqlite)
        {
            await c.ExecuteAsync("PRAGMA journal_mode=WAL;").ConfigureAwait(false);
        }
        else
        {
            await c.ExecuteAsync("SELECT pg_advisory_lock(@k)", new { k = PostgresLockKey }).ConfigureAwait(false);
        }
        try
        {
            await c.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)")
                .ConfigureAwait(false);
            var applied = (await c.QueryAsync<long>("SELECT version FROM schema_migrations").ConfigureAwait(false)).ToHashSet();
            var count = 0;
            foreach (var (version, name, sql) in Scripts(db.Engine))
            {
                if (applied.Contains(version))
                {
                    continue;
                }
                if (await ApplyAsync(c, version, name, sql, ct).ConfigureAwait(false))
                {
                    count++;
                }
            }
            return count;
        }
        finally
        {
            if (!db.IsSqlite)
            {
                await c.ExecuteAsync("SELECT pg_advisory_unlock(@k)", new { k = PostgresLockKey }).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> ApplyAsync(DbConnection c, long version, string name, string sql, CancellationToken ct)
    {
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        // Checked again under the write lock: on SQLite another process may have applied it since we looked.
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE version = @version", new { version }, tx)
                .ConfigureAwait(false) > 0)
        {
            return false;
        }
        await c.ExecuteAsync(sql, transaction: tx).ConfigureAwait(false);
        await c.ExecuteAsync(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
            new { version, name, at = clock.GetUtcNow().ToUnixTimeMilliseconds() },
            tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        logger.LogInformation("Applied migration {Version} {Name}", version, name);
        return true;
    }

    /// <summary>The scripts embedded for one engine, ordered by their number (file names <c>NNNN_name.sql</c>).</summary>
    public static IReadOnlyList<(long Version, string Name, string Sql)> Scripts(StorageEngine engine)
    {
        var asm = typeof(Migrator).Assembly;
        var folder = engine == StorageEngine.Sqlite ? ".Migrations.sqlite." : ".Migrations.postgres.";
        return asm.GetManifestResourceNames()
            .Where(n => n.Contains(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[(n.IndexOf(folder, StringComparison.Ordinal) + folder.Length)..^4];
                var version = long.Parse(file[..4], System.Globalization.CultureInfo.InvariantCulture);
                return (version, file, Read(asm, n));
            })
            .OrderBy(s => s.version)
            .ToList();
    }

    private static string Read(Assembly asm, string resource)
    {
        using var s = asm.GetManifestResourceStream(resource)!;
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }
}

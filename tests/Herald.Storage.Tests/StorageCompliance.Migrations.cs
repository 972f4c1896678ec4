using Dapper;
using Herald.Storage.Infrastructure;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    [Fact]
    public async Task Migrations_apply_on_an_empty_database_and_a_second_run_applies_nothing()
    {
        var db = await CreateDatabaseAsync();
        var scripts = Migrator.Scripts(db.Engine);

        var first = await NewMigrator(db).MigrateAsync();
        var second = await NewMigrator(db).MigrateAsync();

        Assert.NotEmpty(scripts);
        Assert.Equal(scripts.Count, first);
        Assert.Equal(0, second);
        await using var c = await db.OpenAsync();
        var versions = (await c.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")).ToArray();
        Assert.Equal(scripts.Select(s => s.Version), versions);
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox"));
    }

    [Fact]
    public async Task Processes_migrating_at_once_apply_each_script_once()
    {
        var db = await CreateDatabaseAsync();
        await using var blocker = await db.OpenAsync();
        if (db.IsSqlite)
        {
            await blocker.ExecuteAsync("PRAGMA journal_mode=WAL");
        }
        await blocker.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        // Another process holds the write lock, so every migrator reads "nothing applied" before any of them can write.
        var hold = await db.BeginWriteAsync(blocker);
        if (!db.IsSqlite)
        {
            await blocker.ExecuteAsync("LOCK TABLE schema_migrations IN EXCLUSIVE MODE", transaction: hold);
        }
        var running = Enumerable.Range(0, 4).Select(_ => Task.Run(() => NewMigrator(db).MigrateAsync())).ToList();
        await Task.Delay(500);
        await hold.CommitAsync();
        await hold.DisposeAsync();

        var applied = await Task.WhenAll(running);

        Assert.Equal(Migrator.Scripts(db.Engine).Count, applied.Sum());
        Assert.Equal(Migrator.Scripts(db.Engine).Count, await blocker.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
    }

    [Fact]
    public void Both_engines_have_the_same_numbered_scripts()
    {
        var sqlite = Migrator.Scripts(StorageEngine.Sqlite).Select(s => s.Name);
        var postgres = Migrator.Scripts(StorageEngine.Postgres).Select(s => s.Name);

        Assert.Equal(sqlite, postgres);
    }
}

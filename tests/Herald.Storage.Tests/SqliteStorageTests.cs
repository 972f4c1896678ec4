using Dapper;
using Herald.Testing;

namespace Herald.Storage.Tests;

public sealed class SqliteStorageTests : StorageCompliance
{
    protected override StorageKind Kind => StorageKind.Sqlite;

    [Fact]
    public async Task The_file_is_kept_in_WAL_mode()
    {
        await using var c = await Db.OpenAsync();

        Assert.Equal("wal", await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
    }
}

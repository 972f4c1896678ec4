using Herald.Testing;

namespace Herald.Storage.Tests;

public sealed class PostgresStorageTests : StorageCompliance
{
    protected override StorageKind Kind => StorageKind.Postgres;
}

namespace Herald.Testing;

/// <summary>The two engines every storage and API test runs on.</summary>
public enum StorageKind
{
    Sqlite,
    Postgres,
}

/// <summary>Storage settings for a fresh, empty database of either engine.</summary>
public static class TestStorage
{
    public static async Task<IReadOnlyDictionary<string, string?>> CreateAsync(StorageKind kind)
    {
        if (kind == StorageKind.Sqlite)
        {
            var dir = Path.Combine(Path.GetTempPath(), "herald-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "sqlite",
                ["Storage:DataDirectory"] = dir,
                ["Storage:SqliteSynchronous"] = "NORMAL",
            };
        }
        var pg = await PostgresServer.InstanceAsync();
        return new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = await pg.CreateDatabaseAsync(),
        };
    }
}

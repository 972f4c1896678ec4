namespace Herald.Storage;

/// <summary>Which database Herald keeps its state in: <c>Storage:Provider</c> is the one switch.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>sqlite</c> (default, one file under <see cref="DataDirectory"/>) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Required for postgres; for sqlite it overrides the file under <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the SQLite file lives; created when missing.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>SQLite synchronous mode: FULL survives power loss; NORMAL survives a process crash only.</summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    public StorageEngine Engine => Provider.Trim().ToLowerInvariant() switch
    {
        "sqlite" => StorageEngine.Sqlite,
        "postgres" or "postgresql" or "npgsql" => StorageEngine.Postgres,
        _ => throw new InvalidOperationException(
            $"Storage:Provider '{Provider}' is not supported; use 'sqlite' or 'postgres'."),
    };
}

public enum StorageEngine
{
    Sqlite,
    Postgres,
}

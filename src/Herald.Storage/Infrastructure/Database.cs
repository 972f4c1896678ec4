using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Herald.Storage.Infrastructure;

/// <summary>Opens connections to the configured engine and hides the few places where SQLite and PostgreSQL differ.</summary>
public sealed class Database : IDisposable
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private readonly NpgsqlDataSource? _npgsql;
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);

    public Database(IOptions<StorageOptions> options)
    {
        var o = options.Value;
        Engine = o.Engine;
        if (Engine == StorageEngine.Sqlite)
        {
            var cs = o.ConnectionString;
            if (string.IsNullOrWhiteSpace(cs))
            {
                Directory.CreateDirectory(o.DataDirectory);
                cs = new SqliteConnectionStringBuilder
                {
                    DataSource = Path.GetFullPath(Path.Combine(o.DataDirectory, "herald.db")),
                    Pooling = true,
                    DefaultTimeout = 30,
                }.ToString();
            }
            _connectionString = cs;
            _pragmas = $"PRAGMA synchronous={o.SqliteSynchronous}; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY;";
        }
        else
        {
            if (string.IsNullOrWhiteSpace(o.ConnectionString))
            {
                throw new InvalidOperationException(
                    "Storage:ConnectionString is required when Storage:Provider is 'postgres' " +
                    "(e.g. Host=127.0.0.1;Port=5432;Username=herald;Password=…;Database=herald).");
            }
            _connectionString = o.ConnectionString;
            _pragmas = "";
            _npgsql = NpgsqlDataSource.Create(o.ConnectionString);
        }
    }

    public StorageEngine Engine { get; }

    public bool IsSqlite => Engine == StorageEngine.Sqlite;

    public string Description => IsSqlite
        ? "sqlite " + new SqliteConnectionStringBuilder(_connectionString).DataSource
        : "postgres " + new NpgsqlConnectionStringBuilder(_connectionString) { Password = null }.Host;

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_npgsql is not null)
        {
            return await _npgsql.OpenConnectionAsync(ct).ConfigureAwait(false);
        }
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = _pragmas;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return c;
    }

    /// <summary>Starts a write transaction; on SQLite it takes the write lock up front (BEGIN IMMEDIATE) so it never fails half-way on an upgrade.</summary>
    public async Task<DbTransaction> BeginWriteAsync(DbConnection c, CancellationToken ct = default) => c switch
    {
        SqliteConnection s => s.BeginTransaction(deferred: false),
        _ => await c.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false),
    };

    /// <summary>
    /// Queues this process's busy writers first-come first-served on SQLite (a no-op on PostgreSQL), so they wait
    /// for each other here instead of sleeping in SQLite's busy handler, which polls in 1-100 ms steps.
    /// Hold it around a write transaction on the hot paths; dispose it after the connection is closed or committed.
    /// </summary>
    public async ValueTask<IDisposable> WriteTurnAsync(CancellationToken ct = default)
    {
        if (!IsSqlite)
        {
            return NoTurn.Instance;
        }
        await _sqliteWriter.WaitAsync(ct).ConfigureAwait(false);
        return new Turn(_sqliteWriter);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private sealed class NoTurn : IDisposable
    {
        public static readonly NoTurn Instance = new();

        public void Dispose()
        {
        }
    }


    public void Dispose()
    {
        _npgsql?.Dispose();
        _sqliteWriter.Dispose();
    }
}

using System.Security.Cryptography;
using Herald.Server;
using Herald.Storage;
using Herald.Storage.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Herald.Bench;

/// <summary>The whole Herald product started in-process on a loopback port, on a fresh database, with an admin key.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string? _ownedDirectory;
    private bool _stopped;

    private BenchServer(WebApplication app, Uri address, string apiKey, StorageOptions storage, string? ownedDirectory)
    {
        _app = app;
        Address = address;
        ApiKey = apiKey;
        Storage = storage;
        _ownedDirectory = ownedDirectory;
    }

    public Uri Address { get; }

    public string ApiKey { get; }

    public StorageOptions Storage { get; }

    public static async Task<BenchServer> StartAsync(BenchOptions o)
    {
        var key = "hrld_bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var storage = new StorageOptions { Provider = o.Storage, SqliteSynchronous = o.SqliteSynchronous };
        string? owned = null;
        if (o.IsPostgres)
        {
            storage.ConnectionString = o.ConnectionString;
        }
        else
        {
            var dir = Path.GetFullPath(o.DataDirectory ?? Path.Combine(Path.GetTempPath(), "herald-bench", Guid.NewGuid().ToString("N")));
            if (File.Exists(Path.Combine(dir, "herald.db")))
            {
                throw new InvalidOperationException($"{dir} already holds a herald.db; the benchmark needs a fresh data directory.");
            }
            Directory.CreateDirectory(dir);
            storage.DataDirectory = dir;
            owned = o.KeepData ? null : dir;
        }
        var config = new Dictionary<string, string?>
        {
            ["HERALD_BOOTSTRAP_KEY"] = key,
            ["Storage:Provider"] = storage.Provider,
            ["Storage:DataDirectory"] = storage.DataDirectory,
            ["Storage:ConnectionString"] = storage.ConnectionString ?? "",
            ["Storage:SqliteSynchronous"] = storage.SqliteSynchronous,
            ["Herald:Dispatcher:Enabled"] = o.Dispatcher ? "true" : "false",
            // Per-request logs would measure the console, not Herald.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        // The content root is the bench's output folder, which holds Herald.Server's appsettings.json: production settings.
        var app = HeraldApp.Build(["--contentRoot", AppContext.BaseDirectory], b =>
        {
            b.Configuration.AddInMemoryCollection(config);
            b.WebHost.UseUrls("http://127.0.0.1:0");
        });
        await HeraldApp.StartAsync(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchServer(app, new Uri(address), key, storage, owned);
    }

    public IConfiguration Configuration => _app.Configuration;

    /// <summary>Engine, version and durability settings of the live database, in one line.</summary>
    public async Task<string> DescribeStorageAsync()
    {
        var db = _app.Services.GetRequiredService<Database>();
        await using var c = await db.OpenAsync();
        async Task<string> One(string sql)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToString(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "?";
        }
        if (db.IsSqlite)
        {
            var sync = await One("PRAGMA synchronous") switch { "0" => "OFF", "1" => "NORMAL", "2" => "FULL", "3" => "EXTRA", var s => s };
            return $"SQLite {await One("SELECT sqlite_version()")}, journal_mode={await One("PRAGMA journal_mode")}, synchronous={sync}, " +
                $"file {Path.Combine(Storage.DataDirectory, "herald.db")} on {Machine.FileSystemOf(Storage.DataDirectory)}";
        }
        return $"PostgreSQL {await One("SHOW server_version")}, fsync={await One("SHOW fsync")}, " +
            $"synchronous_commit={await One("SHOW synchronous_commit")}, {db.Description}";
    }

    /// <summary>Outbound messages stored in [fromMs, toMs), how many commits stored them (distinct created_at), and how many the dispatcher claimed then.</summary>
    public async Task<StoredCounts> CountAsync(long fromMs = 0, long toMs = long.MaxValue) =>
        await CountAsync(_app.Services.GetRequiredService<Database>(), fromMs, toMs);

    /// <summary>Stops Herald, then counts again through a brand-new connection to the database (nothing cached in the process).</summary>
    public async Task<StoredCounts> StopAndRecountAsync()
    {
        await StopAsync();
        SqliteConnection.ClearAllPools();
        using var db = new Database(Options.Create(Storage));
        return await CountAsync(db, 0, long.MaxValue);
    }

    private static async Task<StoredCounts> CountAsync(Database db, long fromMs, long toMs)
    {
        await using var c = await db.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*), COUNT(DISTINCT created_at), " +
            "(SELECT COUNT(*) FROM message_events WHERE type = 'sending' AND at >= @from AND at < @to) " +
            "FROM messages WHERE direction = 'outbound' AND created_at >= @from AND created_at < @to";
        foreach (var (name, value) in new[] { ("@from", fromMs), ("@to", toMs) })
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return new StoredCounts(Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt64(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
            Convert.ToInt64(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        if (_ownedDirectory is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_ownedDirectory, true);
            }
            catch (IOException)
            {
                // best effort: the temp folder is left behind
            }
        }
    }
}

/// <summary>Rows counted in the database; <see cref="Commits"/> approximates group-commit transactions (one created_at per batch).</summary>
internal sealed record StoredCounts(long Messages, long Commits, long Dispatched);

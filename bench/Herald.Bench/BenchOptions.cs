using System.Globalization;

namespace Herald.Bench;

/// <summary>The <c>api</c> command's settings, parsed from the command line (see <see cref="Usage"/>).</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        Herald benchmark: durable POST /v1/messages beside GET /v1/ping on the same server stack, in one run.

        usage: dotnet run -c Release --project bench/Herald.Bench -- api [options]

          --seconds N              measured seconds per endpoint (default 10)
          --warmup N               warm-up seconds per endpoint, not measured (default 3)
          --clients N              concurrent clients, each with one request in flight (default 64)
          --storage sqlite|postgres                                     (default sqlite)
          --connection-string CS   PostgreSQL connection string of an empty database you can throw away
                                   (or set HERALD_BENCH_POSTGRES); required with --storage postgres
          --data-dir DIR           where the fresh SQLite file goes (default: a new folder under the temp dir)
          --sqlite-synchronous M   FULL (default, survives power loss) or NORMAL (survives a process crash)
          --no-dispatcher          API only: Herald:Dispatcher:Enabled=false (default: the dispatcher drains the
                                   queue through the sandbox provider during the measurement, as in production)
          --idempotency-keys       send a fresh Idempotency-Key with every POST
          --keep-data              keep the SQLite folder after the run
        """;

    public int Seconds { get; init; } = 10;

    public int WarmupSeconds { get; init; } = 3;

    public int Clients { get; init; } = 64;

    public string Storage { get; init; } = "sqlite";

    public string? ConnectionString { get; init; }

    public string? DataDirectory { get; init; }

    public string SqliteSynchronous { get; init; } = "FULL";

    public bool Dispatcher { get; init; } = true;

    public bool IdempotencyKeys { get; init; }

    public bool KeepData { get; init; }

    public bool IsPostgres => Storage == "postgres";

    /// <summary>Parses the arguments after the command name; returns an error sentence instead of throwing.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var o = new BenchOptions { ConnectionString = Environment.GetEnvironmentVariable("HERALD_BENCH_POSTGRES") };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string? Value() => i + 1 < args.Count ? args[++i] : null;
            switch (name)
            {
                case "--no-dispatcher": o = o with { Dispatcher = false }; continue;
                case "--idempotency-keys": o = o with { IdempotencyKeys = true }; continue;
                case "--keep-data": o = o with { KeepData = true }; continue;
            }
            var value = Value();
            if (value is null)
            {
                return (null, $"'{name}' is not an option or needs a value; see --help.");
            }
            switch (name)
            {
                case "--seconds" when Int(value, 1, 3600) is { } n: o = o with { Seconds = n }; break;
                case "--warmup" when Int(value, 0, 600) is { } n: o = o with { WarmupSeconds = n }; break;
                case "--clients" when Int(value, 1, 4096) is { } n: o = o with { Clients = n }; break;
                case "--storage" when value is "sqlite" or "postgres": o = o with { Storage = value }; break;
                case "--connection-string": o = o with { ConnectionString = value }; break;
                case "--data-dir": o = o with { DataDirectory = value }; break;
                case "--sqlite-synchronous" when value.ToUpperInvariant() is "FULL" or "NORMAL":
                    o = o with { SqliteSynchronous = value.ToUpperInvariant() };
                    break;
                default:
                    return (null, $"'{name} {value}' is not understood; see --help.");
            }
        }
        if (o.IsPostgres && string.IsNullOrWhiteSpace(o.ConnectionString))
        {
            return (null, "--storage postgres needs --connection-string (or HERALD_BENCH_POSTGRES) naming an empty database.");
        }
        return (o, null);
    }

    private static int? Int(string s, int min, int max) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n : null;
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Herald.Testing;

/// <summary>
/// A real PostgreSQL server for the test run: initdb into a temporary folder and pg_ctl start on a free loopback
/// port (as the postgres user when the run is root, since PostgreSQL refuses to run as root). One per test process;
/// stopped when the process exits. HERALD_TEST_POSTGRES (a connection string) uses an existing server instead.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);
    private readonly string? _dataDir;
    private readonly string? _binDir;
    private int _databases;

    private PostgresServer(string adminConnectionString, string? dataDir, string? binDir)
    {
        AdminConnectionString = adminConnectionString;
        _dataDir = dataDir;
        _binDir = binDir;
    }

    public string AdminConnectionString { get; }

    public static Task<PostgresServer> InstanceAsync() => Shared.Value;

    /// <summary>A fresh, empty database on the shared server.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "herald")
    {
        var full = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}";
        var name = full[..Math.Min(50, full.Length)].ToLowerInvariant();
        await using var c = new NpgsqlConnection(AdminConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
        await cmd.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 30 }.ToString();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("HERALD_TEST_POSTGRES") is { Length: > 0 } existing)
        {
            return new PostgresServer(existing, null, null);
        }
        var bin = FindBinDir() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found. Run ./test.sh, which installs them with apt-get " +
            "(package postgresql), or set HERALD_TEST_POSTGRES to a connection string of a running server.");
        var asRoot = Environment.UserName == "root";
        await StopOrphansAsync(bin, asRoot);
        var dir = Path.Combine(Path.GetTempPath(), $"herald-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dir);
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", dir], null);
        }
        var port = FreePort();
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", Path.Combine(dir, "data"), "-U", "herald", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"], asRoot ? "postgres" : null);
        await RunAsync(Path.Combine(bin, "pg_ctl"),
        [
            "-D", Path.Combine(dir, "data"), "-l", Path.Combine(dir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start",
        ], asRoot ? "postgres" : null);
        var server = new PostgresServer($"Host=127.0.0.1;Port={port};Username=herald;Database=postgres;Timeout=30", Path.Combine(dir, "data"), bin);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(asRoot);
        return server;
    }

    /// <summary>Stops servers left by earlier test processes that died before their exit handler ran.</summary>
    private static async Task StopOrphansAsync(string bin, bool asRoot)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "herald-pg-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length < 4 || !int.TryParse(parts[2], out var pid) || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }
            try
            {
                if (File.Exists(Path.Combine(dir, "data", "postmaster.pid")))
                {
                    await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(dir, "data"), "-m", "immediate", "-w", "stop"], asRoot ? "postgres" : null);
                }
                Directory.Delete(dir, true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // another run may be cleaning it up at the same time
            }
        }
    }

    private void Stop(bool asRoot)
    {
        if (_dataDir is null || _binDir is null)
        {
            return;
        }
        try
        {
            RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", _dataDir, "-m", "immediate", "-w", "stop"], asRoot ? "postgres" : null)
                .GetAwaiter().GetResult();
            Directory.Delete(Path.GetDirectoryName(_dataDir)!, true);
        }
        catch (InvalidOperationException)
        {
            // best effort at exit
        }
        catch (IOException)
        {
            // best effort at exit
        }
    }

    private static string? FindBinDir()
    {
        if (Environment.GetEnvironmentVariable("HERALD_TEST_PG_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }
        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            var best = Directory.GetDirectories(root)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(x => x.Version)
                .Select(x => Path.Combine(x.Dir, "bin"))
                .FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb")));
            if (best is not null)
            {
                return best;
            }
        }
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').FirstOrDefault(p => File.Exists(Path.Combine(p, "initdb")));
        return path;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string[] args, string? asUser)
    {
        var psi = asUser is null ? new ProcessStartInfo(file) : new ProcessStartInfo("runuser");
        if (asUser is not null)
        {
            foreach (var a in new[] { "-u", asUser, "--", file })
            {
                psi.ArgumentList.Add(a);
            }
        }
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.WorkingDirectory = Path.GetTempPath();
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {await stderr}{await stdout}");
        }
    }
}

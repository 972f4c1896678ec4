using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;

namespace Herald.EndToEnd.Tests;

/// <summary>
/// Herald as a real, separate OS process: <c>dotnet Herald.Server.dll</c> on a free loopback port, configured only
/// through environment variables, as an operator would run it. <see cref="Kill"/> is a SIGKILL (no shutdown code
/// runs). Disposing kills the process if it is still alive, whatever the test's outcome.
/// </summary>
public sealed class HeraldProcess : IDisposable
{
    public const string BootstrapKey = "hrld_e2e_bootstrap_key_0123456789";

    /// <summary>What .NET reports for a process ended by SIGKILL: 128 + 9.</summary>
    public const int KilledExitCode = 137;

    private const int TailLines = 300;
    private static readonly ConcurrentDictionary<int, Process> Alive = new();
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private int _errorLines;

    static HeraldProcess()
    {
        // Last line of defence: never leave a Herald behind if the test host itself goes away.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var p in Alive.Values)
            {
                TryKill(p);
            }
        };
    }

    private HeraldProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = CreateClient();
    }

    public Uri BaseAddress { get; }

    /// <summary>Authenticated with the bootstrap admin key.</summary>
    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Lines Herald logged at error or critical level so far.</summary>
    public int ErrorLines => Volatile.Read(ref _errorLines);

    /// <summary>
    /// Starts Herald with <paramref name="settings"/> as environment variables (use <c>__</c> for sections), on
    /// <paramref name="port"/> when given (a restart that providers must still reach at the same address), else on a free one.
    /// </summary>
    public static HeraldProcess Start(IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        port ??= FreeLoopbackPort();
        var server = ServerDll();
        var psi = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(server)!, // content root: Herald's own appsettings.json
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(server);
        foreach (var key in psi.Environment.Keys.ToList())
        {
            // Nothing from the test run's own environment may reconfigure the child.
            if (key.StartsWith("Herald__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Storage__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("HERALD_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("Logging__", StringComparison.OrdinalIgnoreCase)
                || key.Equals("Urls", StringComparison.OrdinalIgnoreCase))
            {
                psi.Environment.Remove(key);
            }
        }
        psi.Environment["HERALD_BOOTSTRAP_KEY"] = BootstrapKey;
        psi.Environment["Urls"] = $"http://127.0.0.1:{port}";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        psi.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in settings)
        {
            psi.Environment[k] = v;
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        HeraldProcess? self = null;
        var early = new ConcurrentQueue<string>();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }
            if (self is null)
            {
                early.Enqueue(line);
                return;
            }
            self.Record(line);
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {psi.FileName} {server}");
        }
        Alive[process.Id] = process;
        self = new HeraldProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (early.TryDequeue(out var line))
        {
            self.Record(line);
        }
        return self;
    }

    /// <summary>Polls GET /health/ready until it answers 200; fails at once if the process dies.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"Herald (pid {_process.Id}) exited with code {_process.ExitCode} before it was ready.{Environment.NewLine}{Tail()}");
            }
            try
            {
                using var r = await probe.GetAsync(new Uri("health/ready", UriKind.Relative));
                if (r.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // a slow start: ask again
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Herald (pid {_process.Id}) was not ready within {timeout}.{Environment.NewLine}{Tail()}");
    }

    /// <summary>SIGKILL (on Linux Process.Kill sends SIGKILL): the process gets no chance to finish anything.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException($"Herald (pid {_process.Id}) survived SIGKILL for 30 s.");
        }
        _process.WaitForExit(); // drains the redirected output
        Alive.TryRemove(_process.Id, out _);
    }

    /// <summary>For a process that exited on its own: its exit code and last lines, once its output is drained.</summary>
    public string ExitReport()
    {
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        return $"Herald (pid {_process.Id}) exited with code {_process.ExitCode}.{Environment.NewLine}{Tail()}";
    }

    /// <summary>The last lines Herald wrote (for failure messages).</summary>
    public string Tail(int lines = 60)
    {
        var all = _tail.ToArray();
        return "--- Herald output (last lines) ---" + Environment.NewLine
            + string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)).Select(l => l.Length > 600 ? l[..600] + " …" : l));
    }

    public void Dispose()
    {
        Client.Dispose();
        TryKill(_process);
        Alive.TryRemove(_process.Id, out _);
        _process.Dispose();
    }

    private void Record(string line)
    {
        _tail.Enqueue(line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }
        if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errorLines);
        }
    }

    private HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 256 };
        var c = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BootstrapKey);
        return c;
    }

    private static void TryKill(Process p)
    {
        try
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // already gone
        }
    }

    internal static int FreeLoopbackPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host running this test (the SDK's DOTNET_HOST_PATH under dotnet test), else dotnet on PATH.</summary>
    internal static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }
        return "dotnet";
    }

    /// <summary>
    /// Herald.Server.dll beside the tests (copied there by the project reference, with its runtimeconfig and deps);
    /// failing that, the server project's own output of the same configuration.
    /// </summary>
    private static string ServerDll()
    {
        static bool Runnable(string dll) =>
            File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"));

        var beside = Path.Combine(AppContext.BaseDirectory, "Herald.Server.dll");
        if (Runnable(beside))
        {
            return beside;
        }
        var configuration = typeof(HeraldProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
            {
                var built = Path.Combine(dir.FullName, "src", "Herald.Server", "bin", configuration, "net10.0", "Herald.Server.dll");
                if (Runnable(built))
                {
                    return built;
                }
                break;
            }
        }
        throw new FileNotFoundException(
            $"Herald.Server.dll with its runtimeconfig.json was not found beside the tests ({AppContext.BaseDirectory}) " +
            "nor in src/Herald.Server/bin; build the solution first.", beside);
    }
}

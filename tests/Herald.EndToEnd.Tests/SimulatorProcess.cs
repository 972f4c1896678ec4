using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Herald.EndToEnd.Tests;

/// <summary>
/// tools/Herald.Simulator as a separate OS process (<c>dotnet Herald.Simulator.dll --urls http://127.0.0.1:port …</c>),
/// standing in for Meta, Twilio and Infobip. Its control API (<c>/_sim</c>) sets the fault knobs and reads back what it
/// accepted. Disposing kills it.
/// </summary>
public sealed class SimulatorProcess : IDisposable
{
    private const int TailLines = 200;
    private static readonly ConcurrentDictionary<int, Process> Alive = new();
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();

    static SimulatorProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var p in Alive.Values)
            {
                try
                {
                    p.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // already gone
                }
            }
        };
    }

    private SimulatorProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }

    /// <summary>The simulator's address: Herald's base URL for every provider.</summary>
    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the simulator on <paramref name="port"/> with <c>--Simulator:…</c> settings from <paramref name="settings"/>.</summary>
    public static SimulatorProcess Start(int port, IReadOnlyDictionary<string, string> settings)
    {
        var dll = SimulatorDll();
        var psi = new ProcessStartInfo(HeraldProcess.DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (k, v) in settings)
        {
            psi.ArgumentList.Add($"--{k}");
            psi.ArgumentList.Add(v);
        }
        foreach (var key in psi.Environment.Keys.ToList())
        {
            if (key.StartsWith("HERALD_SIMULATOR_", StringComparison.OrdinalIgnoreCase))
            {
                psi.Environment.Remove(key);
            }
        }
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var self = new SimulatorProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => self.Record(e.Data);
        process.ErrorDataReceived += (_, e) => self.Record(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {psi.FileName} {dll}");
        }
        Alive[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return self;
    }

    /// <summary>Polls GET /_sim/config until the simulator answers.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The simulator exited with code {_process.ExitCode} before it was ready.{Environment.NewLine}{Tail()}");
            }
            try
            {
                using var r = await probe.GetAsync(new Uri("_sim/config", UriKind.Relative));
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
                // a slow start
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The simulator was not ready within {timeout}.{Environment.NewLine}{Tail()}");
    }

    /// <summary>Replaces the knobs (PUT /_sim/config); fails on a refused value.</summary>
    public async Task ConfigureAsync(object knobs)
    {
        using var r = await Client.PutAsJsonAsync(new Uri("_sim/config", UriKind.Relative), knobs);
        var text = await r.Content.ReadAsStringAsync();
        if (r.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"PUT /_sim/config: {(int)r.StatusCode} {text}");
        }
    }

    /// <summary>GET /_sim/stats.</summary>
    public async Task<JsonNode> StatsAsync() => await GetJsonAsync("_sim/stats");

    /// <summary>Every send the simulator accepted: (vendor, idempotency key, attempt, timed out).</summary>
    public async Task<IReadOnlyList<AcceptedSend>> SendsAsync()
    {
        using var r = await Client.GetAsync(new Uri("_sim/sends", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        r.EnsureSuccessStatusCode();
        await using var stream = await r.Content.ReadAsStreamAsync();
        using var doc = await JsonDocument.ParseAsync(stream);
        return [.. doc.RootElement.GetProperty("sends").EnumerateArray().Select(s => new AcceptedSend(
            s.GetProperty("vendor").GetString()!,
            s.GetProperty("from").GetString() ?? "",
            s.GetProperty("idempotencyKey").GetString()!,
            s.GetProperty("attempt").GetInt32(),
            s.GetProperty("timedOut").GetBoolean()))];
    }

    /// <summary>How many sends the simulator has accepted so far, from its per-number totals.</summary>
    public async Task<long> AcceptedCountAsync()
    {
        var stats = await StatsAsync();
        return stats["numbers"]!.AsArray().Sum(n => n!["total"]!.GetValue<long>());
    }

    public string Tail(int lines = 40)
    {
        var all = _tail.ToArray();
        return "--- simulator output (last lines) ---" + Environment.NewLine
            + string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
    }

    public void Dispose()
    {
        Client.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        Alive.TryRemove(_process.Id, out _);
        _process.Dispose();
    }

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var r = await Client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await r.Content.ReadAsStringAsync();
        if (r.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /{path}: {(int)r.StatusCode} {text}");
        }
        return JsonNode.Parse(text)!;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        _tail.Enqueue(line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }
    }

    /// <summary>
    /// The simulator's own build output of the same configuration as the tests (the test project references it with
    /// ReferenceOutputAssembly=false, so building the tests builds it).
    /// </summary>
    private static string SimulatorDll()
    {
        var configuration = typeof(SimulatorProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
            {
                var built = Path.Combine(dir.FullName, "tools", "Herald.Simulator", "bin", configuration, "net10.0", "Herald.Simulator.dll");
                if (File.Exists(built) && File.Exists(Path.ChangeExtension(built, ".runtimeconfig.json")))
                {
                    return built;
                }
                throw new FileNotFoundException($"{built} (with its runtimeconfig.json) was not found; build the solution first.", built);
            }
        }
        throw new FileNotFoundException($"Herald.slnx was not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>One send the simulator accepted.</summary>
public sealed record AcceptedSend(string Vendor, string From, string Key, int Attempt, bool TimedOut);

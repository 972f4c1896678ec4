using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Herald.Bench.Suite;

/// <summary>
/// A .NET program run as a separate OS process (<c>dotnet X.dll</c>), its output kept as a tail for error messages,
/// its peak memory read from <c>/proc/&lt;pid&gt;/status</c>. Disposing kills it if it is still running.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int TailLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>How the process ended, with its last lines (for a process that died under the benchmark).</summary>
    public string ExitReport()
    {
        _process.WaitForExit(TimeSpan.FromSeconds(5));
        var code = _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "(still running)";
        var signal = _process.HasExited && _process.ExitCode > 128 ? $" (signal {_process.ExitCode - 128}: killed from outside, or crashed)" : "";
        return $"{Name} (pid {_process.Id}) exited with code {code}{signal}.{Environment.NewLine}{Tail(40)}";
    }

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="args"/></c> in the dll's folder with these environment variables set.</summary>
    public static ChildProcess Start(string name, string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment,
        Func<string, bool> dropInherited)
    {
        var psi = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var key in psi.Environment.Keys.ToList())
        {
            if (dropInherited(key))
            {
                psi.Environment.Remove(key);
            }
        }
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var self = new ChildProcess(process, name);
        process.OutputDataReceived += (_, e) => self.Record(e.Data);
        process.ErrorDataReceived += (_, e) => self.Record(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {psi.FileName} {dll}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return self;
    }

    /// <summary>Polls <paramref name="path"/> until it answers 200; fails at once if the process dies.</summary>
    public async Task WaitReadyAsync(Uri baseAddress, string path, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.{Environment.NewLine}{Tail()}");
            }
            try
            {
                using var r = await probe.GetAsync(new Uri(path, UriKind.Relative));
                if (r.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout}.{Environment.NewLine}{Tail()}");
    }

    /// <summary>Peak resident memory of the process so far (Linux VmHWM), in bytes; null where /proc is missing.</summary>
    public long? PeakRssBytes() => ProcStatus("VmHWM:");

    /// <summary>Resident memory now (Linux VmRSS), in bytes.</summary>
    public long? RssBytes() => ProcStatus("VmRSS:");

    /// <summary>CPU time the process has used so far (user + system).</summary>
    public TimeSpan CpuTime()
    {
        try
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }

    public string Tail(int lines = 30)
    {
        var all = _tail.ToArray();
        return $"--- {Name} output (last lines) ---" + Environment.NewLine
            + string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)).Select(l => l.Length > 400 ? l[..400] + " …" : l));
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // already gone
        }
        _process.Dispose();
    }

    private long? ProcStatus(string field)
    {
        var path = $"/proc/{_process.Id}/status";
        try
        {
            var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            if (line is null)
            {
                return null;
            }
            var kb = line[field.Length..].Trim().Split(' ')[0];
            return long.Parse(kb, NumberStyles.None, CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
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

    public static int FreeLoopbackPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>The dotnet host running the bench (under <c>dotnet run</c> this is the SDK's dotnet), else dotnet on PATH.</summary>
    private static string DotnetHost()
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

    /// <summary>The build configuration of the bench itself (Release for figures that mean something).</summary>
    public static string Configuration =>
        typeof(ChildProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The repository root (the folder holding Herald.slnx), found above the bench's output folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new FileNotFoundException($"Herald.slnx was not found above {AppContext.BaseDirectory}; run the bench from the repository.");
    }
}

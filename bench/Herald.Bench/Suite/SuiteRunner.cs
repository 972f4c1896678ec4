namespace Herald.Bench.Suite;

/// <summary>
/// The <c>all</c>, <c>import</c>, <c>broadcast</c> and <c>webhooks</c> commands: the simulator and Herald started as two
/// separate processes on loopback (Herald on a fresh SQLite folder), the stages run in order on the same data, then the
/// table, and docs/benchmarks.md under <c>all</c>.
/// </summary>
internal static partial class SuiteRunner
{
    public static async Task<int> RunAsync(SuiteOptions o)
    {
        var figures = new Figures();
        var machine = Machine.Describe().Append($"load:    {Machine.LoadAverage()}").ToList();
        Report.Line($"Herald benchmark '{o.Command}': Herald and the provider simulator as separate processes on loopback");
        foreach (var fact in machine)
        {
            Report.Line("  " + fact);
        }
        var root = Path.GetFullPath(o.DataDirectory ?? Path.Combine(Path.GetTempPath(), "herald-bench", Guid.NewGuid().ToString("N")));
        var dataDir = Path.Combine(root, "data");
        Directory.CreateDirectory(dataDir);
        Report.Line($"  storage: SQLite (synchronous=FULL, the default) in {dataDir} on {Machine.FileSystemOf(dataDir)}");
        if (o.HeraldSettings.Count > 0)
        {
            var settings = string.Join(", ", o.HeraldSettings.Select(kv => $"{kv.Key}={kv.Value}"));
            Report.Line($"  herald:  extra settings {settings}");
            figures.Note($"settings: Herald ran with {settings} on top of the production appsettings.json");
        }
        var run = new RunState(o, figures);
        try
        {
            Progress("starting the simulator and Herald (Release builds, separate processes)");
            using (var sim = await SimulatorChild.StartAsync())
            using (var herald = await HeraldChild.StartAsync(dataDir, sim.Address, o.HeraldSettings))
            {
                await sim.ConfigureAsync(statusWebhooks: false);
                figures.Note($"processes: Herald pid {herald.Process.Id} at {herald.Address}, simulator pid {sim.Process.Id} at {sim.Address}; " +
                    "the bench's own clients run in a third process; all three share the machine's cores");
                var senderId = await herald.CreateTwilioSenderAsync();
                if (o.Import)
                {
                    await ImportAsync(run, herald, Path.Combine(root, "contacts.csv"));
                }
                if (o.Broadcast)
                {
                    await BroadcastAsync(run, herald, sim, senderId);
                }
                if (o.Webhooks && !herald.Process.HasExited)
                {
                    try
                    {
                        await WebhooksAsync(run, herald, sim, senderId);
                    }
                    catch (Exception e) when (e is HttpRequestException or BenchStepException or InvalidOperationException)
                    {
                        Progress(e.ToString());
                        figures.NotMeasured("webhooks", "(d) status webhooks", "≥ 20,000/s", e.Message);
                    }
                }
                if (herald.Process.HasExited)
                {
                    var report = herald.Process.ExitReport();
                    Progress(report);
                    figures.Failed(report.ReplaceLineEndings("\n").Split('\n')[0] + " (its last lines are on stderr)");
                }
                var peak = herald.Process.PeakRssBytes();
                if (peak is { } p)
                {
                    figures.AtMost("memory", "Herald peak memory (VmHWM, whole run)", p / (1024.0 * 1024.0), 600, "N0", " MB");
                    figures.Note($"memory: Herald's peak resident set after each stage: {string.Join(", ", run.Peaks)}");
                }
                else
                {
                    figures.NotMeasured("memory", "Herald peak memory", "≤ 600 MB", "/proc/<pid>/status is not available on this system");
                }
            }
            if (o.Api)
            {
                await ApiAsync(run);
            }
        }
        finally
        {
            if (!o.KeepData)
            {
                TryDelete(root);
            }
        }

        Report.Line();
        Report.Line("Results");
        foreach (var line in figures.ConsoleTable())
        {
            Report.Line(line);
        }
        Report.Line();
        foreach (var note in figures.Notes)
        {
            Report.Line("- " + note);
        }
        if (o.WriteDoc)
        {
            var path = Path.Combine(ChildProcess.RepositoryRoot(), "docs", "benchmarks.md");
            BenchmarkDoc.Write(path, o, machine, figures);
            Report.Line();
            Report.Line($"written: {path}");
        }
        return figures.CheckFailed ? 1 : 0;
    }

    /// <summary>What the stages hand each other within one run.</summary>
    private sealed class RunState(SuiteOptions options, Figures figures)
    {
        public SuiteOptions Options { get; } = options;

        public Figures Figures { get; } = figures;

        public bool Imported { get; set; }

        public bool Broadcasted { get; set; }

        public List<string> Peaks { get; } = [];

        public void Peak(string stage, HeraldChild herald) =>
            Peaks.Add($"{stage} {Figures.Mb(herald.Process.PeakRssBytes() ?? 0)}");
    }

    private static void TryDelete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
            Progress($"could not delete {dir}");
        }
    }

    internal static void Progress(string what) => Console.Error.WriteLine($"… {what}");
}

using System.Runtime;
using System.Runtime.InteropServices;

namespace Herald.Bench;

/// <summary>Facts about the machine a figure was measured on: without them a figure means little.</summary>
internal static class Machine
{
    public static IEnumerable<string> Describe()
    {
        yield return $"cpu:     {Environment.ProcessorCount} logical cores, {CpuModel()}";
        yield return $"os:      {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})";
        yield return $".NET:    {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, " +
            $"{(IsRelease() ? "Release" : "Debug build: figures are not representative")}";
    }

    /// <summary>Linux load average: anything else running on the machine takes cores from both endpoints unevenly.</summary>
    public static string LoadAverage()
    {
        const string loadavg = "/proc/loadavg";
        if (!File.Exists(loadavg))
        {
            return "unknown";
        }
        var parts = File.ReadAllText(loadavg).Split(' ');
        var one = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        var note = one > Environment.ProcessorCount ? "; the machine is busy with other work: figures will be noisy" : "";
        return $"{parts[0]} {parts[1]} {parts[2]} (1, 5, 15 min) before the run{note}";
    }

    /// <summary>The file system that holds a folder (Linux: from /proc/mounts), so a tmpfs "durable" figure is caught.</summary>
    public static string FileSystemOf(string directory)
    {
        const string mounts = "/proc/mounts";
        if (!File.Exists(mounts))
        {
            return "an unknown file system";
        }
        var full = Path.GetFullPath(directory);
        var best = (Mount: "", Type: "unknown");
        foreach (var line in File.ReadLines(mounts))
        {
            var parts = line.Split(' ');
            if (parts.Length < 3)
            {
                continue;
            }
            var mount = parts[1].Replace("\\040", " ", StringComparison.Ordinal);
            var under = mount == "/" || full == mount || full.StartsWith(mount + "/", StringComparison.Ordinal);
            if (under && mount.Length >= best.Mount.Length)
            {
                best = (mount, parts[2]);
            }
        }
        return best.Type is "tmpfs" or "ramfs"
            ? $"{best.Type} (in memory: fsync costs nothing, so this is NOT a durable figure; use --data-dir on a disk)"
            : $"{best.Type} ({best.Mount})";
    }

    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            var model = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (model is not null)
            {
                return model[(model.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static bool IsRelease() =>
        typeof(Machine).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .OfType<System.Diagnostics.DebuggableAttribute>().All(d => !d.IsJITOptimizerDisabled);
}

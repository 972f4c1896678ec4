using System.Diagnostics;
using System.Globalization;

namespace Herald.Bench.Suite;

/// <summary>CPU time of Herald, the simulator and the bench itself at one moment, to show where the cores went during a stage.</summary>
internal sealed record Cpu(TimeSpan Herald, TimeSpan Simulator, TimeSpan Bench)
{
    public static Cpu Take(HeraldChild herald, SimulatorChild sim)
    {
        using var self = Process.GetCurrentProcess();
        return new Cpu(herald.Process.CpuTime(), sim.Process.CpuTime(), self.TotalProcessorTime);
    }

    /// <summary>Cores each process kept busy on average since <paramref name="before"/>, over <paramref name="wall"/>.</summary>
    public string Since(Cpu before, TimeSpan wall)
    {
        var s = Math.Max(wall.TotalSeconds, 0.001);
        return string.Create(CultureInfo.InvariantCulture,
            $"Herald {(Herald - before.Herald).TotalSeconds / s:F2}, simulator {(Simulator - before.Simulator).TotalSeconds / s:F2}, " +
            $"bench {(Bench - before.Bench).TotalSeconds / s:F2} of {Environment.ProcessorCount}");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Herald.Bench.Suite;

/// <summary>
/// (b) A broadcast to every imported contact through the Twilio sender, drained to the simulator. The rate is the
/// simulator's: sends it recorded from the broadcast's first to the moment it completed, over the time between the
/// first and the last of those records; the steady rate is taken between 10 % and 90 % of them from one-second samples.
/// </summary>
internal static class BroadcastStage
{
    public sealed record Result(
        string Id, string State, long Recipients, long SimSends, TimeSpan DrainTime, double PerSecond, double SteadyPerSecond,
        bool TimedOut, string Progress, TimeSpan StartToFirstSend, TimeSpan Wall);

    public static async Task<Result> RunAsync(HeraldChild herald, SimulatorChild sim, string senderId, TimeSpan timeout, Action onStarted)
    {
        var baseline = (await sim.PageAsync(long.MaxValue - 1, 1)).LastSeq;
        var created = await herald.PostAsync("v1/broadcasts", new
        {
            name = "Benchmark broadcast",
            senders = new[] { senderId },
            purpose = "transactional",
            content = new { text = "Hi {{first_name}}, your Herald benchmark broadcast message is here." },
            audience = new { contacts = new { match = "all", conditions = Array.Empty<object>() } },
        });
        var id = created["id"]!.GetValue<string>();
        var clock = Stopwatch.StartNew();
        await herald.PostAsync($"v1/broadcasts/{id}/start", new { }, HttpStatusCode.OK);
        var startedAt = TimeProvider.System.GetUtcNow();
        onStarted();
        var samples = new List<(double Seconds, long Accepted)>();
        var state = "running";
        JsonNode? progress = null;
        var lastPrint = TimeSpan.Zero;
        long accepted = 0, lastAccepted = -1;
        var lastMove = TimeSpan.Zero;
        var timedOut = false;
        while (true)
        {
            await Task.Delay(1000);
            JsonNode b;
            try
            {
                accepted = await sim.AcceptedAsync();
                samples.Add((clock.Elapsed.TotalSeconds, accepted));
                b = await herald.GetAsync($"v1/broadcasts/{id}");
            }
            catch (HttpRequestException e)
            {
                var dead = herald.Process.HasExited ? herald.Process.ExitReport() : sim.Process.HasExited ? sim.Process.ExitReport() : e.Message;
                throw new BenchStepException(0, $"the drain stopped after {clock.Elapsed.TotalSeconds:F0} s with {accepted:N0} sends at the simulator: {dead}");
            }
            state = b["state"]?.GetValue<string>() ?? "?";
            progress = b["progress"];
            if (clock.Elapsed - lastPrint >= TimeSpan.FromSeconds(5))
            {
                lastPrint = clock.Elapsed;
                Progress($"drain {clock.Elapsed.TotalSeconds:F0} s: simulator has {accepted:N0}; broadcast {state} {Compact(progress)}; Herald RSS {Figures.Mb(herald.Process.RssBytes() ?? 0)}");
            }
            if (state is "completed" or "cancelled" or "canceled" or "failed" or "stopped")
            {
                break;
            }
            if (accepted != lastAccepted)
            {
                (lastAccepted, lastMove) = (accepted, clock.Elapsed);
            }
            else if (clock.Elapsed - lastMove > TimeSpan.FromSeconds(60))
            {
                Progress($"nothing reached the simulator for 60 s and the broadcast is still {state}: giving up on the drain");
                timedOut = true;
                break;
            }
            if (herald.Process.HasExited)
            {
                throw new InvalidOperationException($"Herald exited during the drain.{Environment.NewLine}{herald.Process.Tail()}");
            }
            if (clock.Elapsed > timeout)
            {
                timedOut = true;
                break;
            }
        }
        var last = (await sim.PageAsync(long.MaxValue - 1, 1)).LastSeq;
        var first = (await sim.PageAsync(baseline, 1)).Sends.FirstOrDefault();
        // The drain ends at the broadcast's last send: transactional probes sent after it (their own +1 650 numbers) do not count.
        var tail = (await sim.PageAsync(Math.Max(baseline, last - 200), 200)).Sends;
        var final = tail.LastOrDefault(s => !TransactionalProbe.IsProbe(s.To)) ?? tail.LastOrDefault();
        var count = (final?.Seq ?? last) - baseline;
        var drain = first is null || final is null ? clock.Elapsed : final.At - first.At;
        var rate = drain.TotalSeconds > 0 ? count / drain.TotalSeconds : 0;
        var total = progress?["total"]?.GetValue<long>() ?? count;
        return new Result(id, state, total, count, drain, rate, Steady(samples), timedOut, Compact(progress),
            first is null ? TimeSpan.Zero : first.At - startedAt, clock.Elapsed);
    }

    /// <summary>Sends per second between 10 % and 90 % of the final count, from the one-second samples (linear between samples).</summary>
    private static double Steady(List<(double Seconds, long Accepted)> samples)
    {
        if (samples.Count < 3 || samples[^1].Accepted == 0)
        {
            return double.NaN;
        }
        var end = samples[^1].Accepted;
        double At(double share)
        {
            var target = share * end;
            for (var i = 1; i < samples.Count; i++)
            {
                if (samples[i].Accepted >= target)
                {
                    var (t0, a0) = samples[i - 1];
                    var (t1, a1) = samples[i];
                    return a1 == a0 ? t1 : t0 + (t1 - t0) * (target - a0) / (a1 - a0);
                }
            }
            return samples[^1].Seconds;
        }
        var from = At(0.10);
        var to = At(0.90);
        return to > from ? 0.8 * end / (to - from) : double.NaN;
    }

    private static string Compact(JsonNode? progress)
    {
        if (progress is not JsonObject o)
        {
            return "";
        }
        var parts = o.Where(kv => kv.Value is JsonValue v && v.TryGetValue<double>(out var d) && (d != 0 || kv.Key == "total"))
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}"));
        return "(" + string.Join(", ", parts) + ")";
    }

    private static void Progress(string what) => Console.Error.WriteLine($"… {what}");
}

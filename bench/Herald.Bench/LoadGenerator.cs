using System.Diagnostics;
using System.Net;

namespace Herald.Bench;

/// <summary>
/// A closed loop: each client keeps exactly one request in flight for the whole phase. Latency is measured from
/// just before sending to the last byte of the response; every non-2xx answer and every exception is an error.
/// </summary>
internal sealed class LoadGenerator(HttpClient client, int clients)
{
    public async Task<PhaseResult> RunAsync(string name, Func<long, HttpRequestMessage> request, TimeSpan duration)
    {
        var sequence = 0L;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var gen2Before = GC.CollectionCount(2);
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var c = new ClientTally();
            while (Stopwatch.GetTimestamp() < deadline)
            {
                await OneAsync(request(Interlocked.Increment(ref sequence)), c);
            }
            return c;
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var latencies = perClient.SelectMany(c => c.Latencies).ToArray();
        Array.Sort(latencies);
        var errors = perClient.SelectMany(c => c.Errors).GroupBy(e => e.Kind)
            .Select(g => new ErrorKind(g.Key, g.Count(), g.First().Sample)).OrderByDescending(e => e.Count).ToList();
        return new PhaseResult(name, latencies.Length, perClient.Sum(c => c.Accepted), errors, elapsed, Ms(latencies, 0.50),
            Ms(latencies, 0.99), latencies.Length == 0 ? 0 : ToMs(latencies[^1]),
            cpu.TotalSeconds / (elapsed.TotalSeconds * Environment.ProcessorCount),
            latencies.Length == 0 ? 0 : (GC.GetTotalAllocatedBytes() - allocatedBefore) / latencies.Length,
            GC.CollectionCount(2) - gen2Before);
    }

    private async Task OneAsync(HttpRequestMessage req, ClientTally tally)
    {
        var t0 = Stopwatch.GetTimestamp();
        try
        {
            using (req)
            using (var resp = await client.SendAsync(req, HttpCompletionOption.ResponseContentRead))
            {
                tally.Latencies.Add(Stopwatch.GetTimestamp() - t0);
                if (resp.StatusCode == HttpStatusCode.Accepted)
                {
                    tally.Accepted++;
                }
                if (!resp.IsSuccessStatusCode)
                {
                    var body = await resp.Content.ReadAsStringAsync();
                    tally.Errors.Add((((int)resp.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), body));
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            tally.Latencies.Add(Stopwatch.GetTimestamp() - t0);
            tally.Errors.Add((ex.GetType().Name, ex.Message));
        }
    }

    private static double Ms(long[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : ToMs(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)]);

    private static double ToMs(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private sealed class ClientTally
    {
        public List<long> Latencies { get; } = new(8192);

        public List<(string Kind, string Sample)> Errors { get; } = [];

        public long Accepted { get; set; }
    }
}

/// <summary>One kind of error (an HTTP status or an exception type), how often, and the first body or message seen.</summary>
internal sealed record ErrorKind(string Kind, int Count, string Sample);

/// <summary>What one endpoint did during one measured phase.</summary>
internal sealed record PhaseResult(
    string Name, long Requests, long Accepted, IReadOnlyList<ErrorKind> Errors, TimeSpan Elapsed,
    double P50Ms, double P99Ms, double MaxMs, double CpuShare, long BytesPerRequest, int Gen2Collections)
{
    public long ErrorCount => Errors.Sum(e => (long)e.Count);

    /// <summary>Completed requests per second, errors included (they are reported beside it).</summary>
    public double PerSecond => Requests / Elapsed.TotalSeconds;

    /// <summary>Successful requests per second: the figure the ratio is taken on.</summary>
    public double GoodPerSecond => (Requests - ErrorCount) / Elapsed.TotalSeconds;
}

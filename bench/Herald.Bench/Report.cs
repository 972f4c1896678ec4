using System.Globalization;

namespace Herald.Bench;

/// <summary>Prints what was measured as a table, the ratio against the target, and the checks after the run.</summary>
internal static class Report
{
    /// <summary>POST /v1/messages must reach at least this share of GET /v1/ping's rate (issue 2, item 7).</summary>
    public const double Target = 0.40;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Line(string text = "") => Console.WriteLine(text);

    public static void Table(IReadOnlyList<PhaseResult> phases)
    {
        Line();
        Line(string.Create(Inv, $"{"endpoint",-20} {"requests",9} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"errors",7} {"cpu",5} {"alloc/req",10}"));
        foreach (var p in phases)
        {
            Line(string.Create(Inv,
                $"{p.Name,-20} {p.Requests,9} {p.PerSecond,9:F0} {p.P50Ms,8:F2} {p.P99Ms,8:F2} {p.MaxMs,8:F1} {p.ErrorCount,7} {p.CpuShare,5:P0} {Kb(p.BytesPerRequest),10}"));
        }
        foreach (var p in phases.Where(p => p.ErrorCount > 0))
        {
            foreach (var e in p.Errors.Take(5))
            {
                var sample = e.Sample.ReplaceLineEndings(" ");
                Line(string.Create(Inv, $"  {p.Name} error {e.Kind} x{e.Count}: {(sample.Length > 300 ? sample[..300] + "…" : sample)}"));
            }
        }
        Line("  (cpu: the process's CPU time over wall time x cores; clients and server share the process and the cores.");
        Line("   alloc/req: bytes allocated per request by clients and server together)");
    }

    /// <summary>The ratio of successful sends per second to successful pings per second, against the target.</summary>
    public static bool Ratio(PhaseResult ping, PhaseResult messages)
    {
        var ratio = ping.GoodPerSecond > 0 ? messages.GoodPerSecond / ping.GoodPerSecond : 0;
        var met = ratio >= Target && messages.ErrorCount == 0;
        Line();
        Line(string.Create(Inv,
            $"messages/ping: {messages.GoodPerSecond:F0} / {ping.GoodPerSecond:F0} successful req/s = {ratio:P1}   " +
            $"target >= {Target:P0}: {(met ? "MET" : ratio >= Target ? "MISSED (the rate is there, but there were errors)" : "MISSED")}"));
        return met;
    }

    public static void GroupCommit(PhaseResult messages, StoredCounts measured)
    {
        if (measured.Commits > 0)
        {
            Line(string.Create(Inv,
                $"group commit: the measured {measured.Messages} sends were stored in about {measured.Commits} transactions " +
                $"({(double)measured.Messages / measured.Commits:F1} sends per commit, {measured.Commits / messages.Elapsed.TotalSeconds:F0} commits/s)"));
        }
    }

    public static void Dispatcher(bool enabled, StoredCounts measured, TimeSpan elapsed, string? sandboxRate)
    {
        Line(enabled
            ? string.Create(Inv,
                $"dispatcher:   on; it claimed {measured.Dispatched} messages for sending during the measurement ({measured.Dispatched / elapsed.TotalSeconds:F0}/s; " +
                $"the sandbox sender takes {sandboxRate ?? "?"}/s), oldest first")
            : "dispatcher:   off (--no-dispatcher): every message stayed queued");
    }

    /// <summary>Every 202 must be a stored message: counted again after Herald stopped, through a fresh connection.</summary>
    public static bool Durability(long before, long accepted, StoredCounts after)
    {
        var stored = after.Messages - before;
        var ok = stored == accepted;
        var verdict = ok ? "OK"
            : stored < accepted ? string.Create(Inv, $"LOST {accepted - stored} acknowledged messages")
            : string.Create(Inv, $"MISMATCH: {stored - accepted} stored without a 202 reaching the client");
        Line(string.Create(Inv,
            $"durability:   after stopping Herald, {stored} messages in the database; {accepted} answered 202 (warm-up included): {verdict}"));
        return ok;
    }

    private static string Kb(long bytes) => string.Create(Inv, $"{bytes / 1024.0:F1} KB");
}

using System.Globalization;

namespace Herald.Bench;

/// <summary>
/// The <c>api</c> command: Herald in-process on loopback with a fresh database; GET /v1/ping measured first (the
/// baseline: same Kestrel, routing and API-key authentication, no work), then POST /v1/messages (parse, rules,
/// group commit, 202); then the ratio, and a recount of the stored messages after Herald has stopped.
/// </summary>
internal static class ApiBenchmark
{
    private const int DistinctPhones = 10_000;

    /// <summary>What the api command measured, for the table of the <c>all</c> command.</summary>
    public sealed record Outcome(int ExitCode, PhaseResult Ping, PhaseResult Send, bool Met);

    public static async Task<int> RunAsync(BenchOptions o) => (await MeasureAsync(o)).ExitCode;

    public static async Task<Outcome> MeasureAsync(BenchOptions o)
    {
        Report.Line("Herald API benchmark: durable POST /v1/messages beside GET /v1/ping, same server stack, same run");
        foreach (var fact in Machine.Describe())
        {
            Report.Line("  " + fact);
        }
        Report.Line($"  load:    {Machine.LoadAverage()}");
        await using var server = await BenchServer.StartAsync(o);
        Report.Line($"  storage: {await server.DescribeStorageAsync()}");
        Report.Line($"  mode:    {(o.Dispatcher ? "dispatcher ON: it drains the queue through the sandbox provider while the API is measured, as in production" : "dispatcher OFF (--no-dispatcher): API and write path only")}");
        Report.Line($"  intake:  group commit, at most {server.Configuration["Herald:Intake:MaxBatch"] ?? "512"} sends per transaction" +
            (o.IsPostgres ? $", {server.Configuration["Herald:Intake:Writers"] ?? "1"} writers" : ", one writer"));
        var workload = Workload.Create(DistinctPhones, o.IdempotencyKeys);
        Report.Line(string.Create(CultureInfo.InvariantCulture,
            $"  clients: {o.Clients}, closed loop (one request in flight each), {o.WarmupSeconds} s warm-up + {o.Seconds} s measured per endpoint; " +
            $"SMS to {workload.DistinctPhones} distinct numbers; {(o.IdempotencyKeys ? "a fresh Idempotency-Key on every POST" : "no Idempotency-Key")}"));
        Report.Line($"  server:  {server.Address} (Kestrel in this process; clients and server share the cores)");

        using var client = Workload.CreateClient(server.Address, server.ApiKey, o.Clients);
        var load = new LoadGenerator(client, o.Clients);
        var before = (await server.CountAsync()).Messages;
        var warmup = TimeSpan.FromSeconds(o.WarmupSeconds);
        var measure = TimeSpan.FromSeconds(o.Seconds);

        // Ping first, while the dispatcher has nothing to do; then the sends with the dispatcher working behind them.
        Progress("warming up GET /v1/ping");
        var pingWarm = await load.RunAsync("GET  /v1/ping", Workload.Ping, warmup);
        Progress("measuring GET /v1/ping");
        var ping = await load.RunAsync("GET  /v1/ping", Workload.Ping, measure);
        Progress("warming up POST /v1/messages");
        var sendWarm = await load.RunAsync("POST /v1/messages", workload.Send, warmup);
        var fromMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        Progress("measuring POST /v1/messages");
        var send = await load.RunAsync("POST /v1/messages", workload.Send, measure);
        var toMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() + 1;
        var measured = await server.CountAsync(fromMs, toMs);

        Report.Table([ping, send]);
        var met = Report.Ratio(ping, send);
        Report.Line();
        Report.GroupCommit(send, measured);
        Report.Dispatcher(o.Dispatcher, measured, send.Elapsed, server.Configuration["Herald:Sandbox:RatePerSecond"]);
        if (pingWarm.ErrorCount + sendWarm.ErrorCount > 0)
        {
            Report.Line($"warm-up:      {pingWarm.ErrorCount + sendWarm.ErrorCount} errors during warm-up (not in the table)");
        }
        Progress("stopping Herald and counting the stored messages again");
        var after = await server.StopAndRecountAsync();
        var durable = Report.Durability(before, sendWarm.Accepted + send.Accepted, after);
        Report.Line();
        Report.Line($"result: {(met ? "target met" : "target missed")}, {(durable ? "every 202 is stored" : "DURABILITY CHECK FAILED")}");
        return new Outcome(durable ? 0 : 1, ping, send, met);
    }

    private static void Progress(string what) => Console.Error.WriteLine($"… {what}");
}

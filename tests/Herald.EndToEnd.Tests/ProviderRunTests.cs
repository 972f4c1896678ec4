using System.Diagnostics;
using System.Globalization;
using Herald.Testing;
using Xunit.Abstractions;

namespace Herald.EndToEnd.Tests;

/// <summary>
/// Issue 3, "what it must show": Herald and tools/Herald.Simulator (Meta and Twilio) as two separate OS processes,
/// 10,000 messages split between a Meta WhatsApp template sender and a Twilio SMS sender. The checks read Herald's
/// database from outside and the simulator's record of every send it accepted. No timing is asserted: every wait
/// polls with a generous deadline. The figures go to the test output.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class ProviderRunTests(ITestOutputHelper output) : IDisposable
{
    private const int Total = 10_000;
    private const int Concurrency = 32;
    private const string TemplateName = "e2e_order_update";
    private const string TemplateLanguage = "en_US";

    /// <summary>
    /// Messages Herald flagged in doubt (it may have handed them over without knowing; never resent): flagged now, or
    /// flagged once and later resolved by the provider's own status webhook (which clears in_doubt but keeps the step).
    /// </summary>
    private const string FlaggedSql =
        "SELECT id FROM messages WHERE direction = 'outbound' AND (in_doubt = 1 OR error_code IN ('in_doubt', 'provider_timeout', 'provider_connection_lost')) " +
        "UNION SELECT DISTINCT message_id FROM message_events WHERE type = 'in_doubt'";

    /// <summary>
    /// A regression check for a race fixed in StatusIngestor (commit 0116477): on PostgreSQL two status webhooks for one
    /// message applied at the same moment both applied from the same stale status, so 'delivered' landed after 'read'
    /// and the message stayed 'delivered' with 'read' in its timeline. Such a message is reported and fails the run.
    /// </summary>
    private const string ReadButShownDeliveredSql =
        "SELECT m.id FROM messages m WHERE m.direction = 'outbound' AND m.status = 'delivered' AND m.channel = 'whatsapp' " +
        "AND EXISTS (SELECT 1 FROM message_events e WHERE e.message_id = m.id AND e.type = 'read')";

    private const string StillFlaggedSql = "SELECT COUNT(*) FROM messages WHERE direction = 'outbound' AND in_doubt = 1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(10);

    /// <summary>SMS has no read receipt: delivered is as far as it goes.</summary>
    private static readonly string[] SmsFinal = ["delivered", "read", "failed", "expired", "cancelled"];
    private static readonly string[] WhatsAppFinal = ["read", "failed", "expired", "cancelled"];

    private readonly List<IDisposable> _processes = [];
    private readonly List<string> _directories = [];
    private readonly CancellationTokenSource _overall = new(TimeSpan.FromMinutes(25));

    /// <summary>Everything one run needs: the two processes' addresses, Herald's settings, the senders and the store.</summary>
    private sealed record Run(
        IReadOnlyDictionary<string, string> Settings, int HeraldPort, StoreProbe Store, SimulatorProcess Simulator,
        string MetaSender, string TwilioSender, int RatePerSecond);

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.Postgres)]
    public async Task Ten_thousand_messages_through_provider_faults_all_final_no_duplicates_limit_kept(StorageKind kind)
    {
        const int rate = 200;
        var everything = Stopwatch.StartNew();
        var (run, herald) = await SetUpAsync(kind, rate);
        // 5% 5xx, 2% timeouts (the simulator accepts, then hangs past Herald's 1 s request timeout), 429 bursts, and
        // the per-number limit at exactly the senders' configured rate.
        await run.Simulator.ConfigureAsync(new
        {
            errorRate5xx = 0.05,
            timeoutRate = 0.02,
            timeoutHangMs = 3000,
            rate429 = 0.002,
            burst429Ms = 1000,
            retryAfterSeconds = 1,
            perNumberLimit = rate,
            webhookRetries = 10,
            webhookRetryDelayMs = 500,
        });

        var queueing = Stopwatch.StartNew();
        var ids = await QueueAsync(herald, run);
        queueing.Stop();
        var final = await DrainAsync(herald, run);
        var drained = everything.Elapsed;
        herald.Kill();

        var figures = await CheckAsync(run, ids, final);
        var stats = await run.Simulator.StatsAsync();
        var counters = stats["counters"]!.AsObject();
        long Counter(string name) => counters[name]?.GetValue<long>() ?? 0;
        var numbers = stats["numbers"]!.AsArray();
        var maxPerSecond = numbers.Max(n => n!["maxPerSecond"]!.GetValue<long>());
        var perNumber = string.Join(", ", numbers.Select(n => $"{n!["number"]} max {n["maxPerSecond"]}/s of {n["total"]}"));
        var overLimit = numbers.Where(n => n!["maxPerSecond"]!.GetValue<long>() > rate).Select(n => n!["number"]!.ToString()).ToList();
        // Refusals for going over the per-number limit (Meta 130429, Twilio 20429): Herald's own limiter should keep
        // them at or near zero. Reported, and checked to be a small share of the sends.
        var numberLimitRefusals = Counter("numberLimit");

        output.WriteLine(
            $"SUMMARY faults {kind}: final {StoreProbe.Describe(final)}; in doubt {figures.Flagged} (still flagged {figures.StillFlagged}); duplicates at the simulator " +
            $"{figures.DuplicateKeys} (outside in-doubt {figures.UnflaggedDuplicates}); max per second {maxPerSecond} (limit {rate}); " +
            $"130429/20429 refusals {numberLimitRefusals}; 5xx {Counter("serverErrors")}, timeouts {Counter("timeouts")}, 429 {Counter("throttled429")}");
        Report(kind, "faults", new[]
        {
            ("messages (Meta template / Twilio SMS)", $"{Total} ({Total / 2} / {Total / 2}), {rate}/s per sender"),
            ("time to queue (all 202)", $"{queueing.Elapsed.TotalSeconds:F1} s"),
            ("all final after", $"{drained.TotalSeconds:F1} s"),
            ("final statuses", StoreProbe.Describe(final)),
            ("final statuses per sender", figures.PerSender),
            ("flagged in doubt (still flagged; others resolved by a provider status)", $"{figures.Flagged} ({figures.StillFlagged})"),
            ("flagged in doubt that the simulator never received", figures.FlaggedNeverReceived.ToString(CultureInfo.InvariantCulture)),
            ("sends accepted by the simulator (timed out)", $"{figures.Accepted} ({figures.TimedOut})"),
            ("keys seen twice at the simulator (outside in-doubt)", $"{figures.DuplicateKeys} ({figures.UnflaggedDuplicates})"),
            ("simulator 5xx / timeouts / 429 / per-number refusals", $"{Counter("serverErrors")} / {Counter("timeouts")} / {Counter("throttled429")} / {numberLimitRefusals}"),
            ("max accepted per second per number", $"{maxPerSecond} (limit {rate}): {perNumber}"),
            ("error lines logged by Herald", herald.ErrorLines.ToString(CultureInfo.InvariantCulture)),
        });

        // The faults really happened (the simulator is seeded, but its decisions follow the order of Herald's requests).
        Assert.True(Counter("serverErrors") > 0 && Counter("timeouts") > 0 && Counter("throttled429") > 0,
            $"The simulator injected too few faults: {counters.ToJsonString()}");
        Assert.True(overLimit.Count == 0, $"The per-number limit of {rate}/s was exceeded at the simulator by {string.Join(", ", overLimit)}.");
        Assert.True(numberLimitRefusals <= Total / 100,
            $"{numberLimitRefusals} sends were refused with 130429/20429 for going over the per-number limit; Herald's limiter should prevent nearly all.");
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    public async Task Ten_thousand_messages_to_the_simulator_survive_a_SIGKILL_none_lost_none_twice_unless_in_doubt(StorageKind kind)
    {
        // Slow enough that the kill lands mid-dispatch even when queueing the 10,000 is slow.
        const int rate = 100;
        var everything = Stopwatch.StartNew();
        var (run, first) = await SetUpAsync(kind, rate);
        await run.Simulator.ConfigureAsync(new { perNumberLimit = rate, webhookRetries = 10, webhookRetryDelayMs = 500 });

        var ids = await QueueAsync(first, run);
        var acceptedWhenQueued = await run.Simulator.AcceptedCountAsync();
        var target = Total * 3 / 10;
        var waiting = Stopwatch.StartNew();
        long accepted;
        while ((accepted = await run.Simulator.AcceptedCountAsync()) < target)
        {
            Assert.True(waiting.Elapsed < TimeSpan.FromMinutes(3),
                $"Only {accepted} of {Total} messages reached the simulator within 3 minutes.{Environment.NewLine}{first.Tail()}");
            Assert.False(first.HasExited, $"Herald exited on its own.{Environment.NewLine}{first.Tail()}");
            await Task.Delay(20);
        }
        first.Kill();
        var killedAt = everything.Elapsed;
        Assert.Equal(HeraldProcess.KilledExitCode, first.ExitCode);
        var acceptedAtKill = await run.Simulator.AcceptedCountAsync();
        var atKill = await run.Store.StatusCountsAsync();
        var queuedAtKill = await run.Store.CountAsync("SELECT COUNT(*) FROM outbox");
        var leasedAtKill = await run.Store.CountAsync("SELECT COUNT(*) FROM outbox WHERE lease_owner IS NOT NULL");
        Assert.Equal(Total, atKill.Values.Sum());
        Assert.True(acceptedAtKill < Total, $"The kill must land mid-dispatch; the simulator had accepted {acceptedAtKill} of {Total}.");

        // Restart on the same data and the same address: the simulator's webhooks (retried while Herald was down)
        // and the StatusCallback URLs of the sends made before the kill must still reach it.
        var restart = Stopwatch.StartNew();
        var second = Start(run.Settings, run.HeraldPort);
        await second.WaitReadyAsync(StartTimeout);
        var readyAfter = restart.Elapsed;
        var final = await DrainAsync(second, run);
        var drained = restart.Elapsed;
        second.Kill();

        var figures = await CheckAsync(run, ids, final);
        output.WriteLine(
            $"SUMMARY sigkill {kind}: final {StoreProbe.Describe(final)}; in doubt {figures.Flagged} (still flagged {figures.StillFlagged}); duplicates at the simulator " +
            $"{figures.DuplicateKeys} (outside in-doubt {figures.UnflaggedDuplicates}); accepted at kill {acceptedAtKill}; lost 0");
        Report(kind, "SIGKILL", new[]
        {
            ("messages (Meta template / Twilio SMS)", $"{Total} ({Total / 2} / {Total / 2}), {rate}/s per sender"),
            ("accepted by the simulator when queueing ended", acceptedWhenQueued.ToString(CultureInfo.InvariantCulture)),
            ("SIGKILL at", $"{killedAt.TotalSeconds:F1} s after start"),
            ("accepted by the simulator at the kill", acceptedAtKill.ToString(CultureInfo.InvariantCulture)),
            ("statuses at the kill", StoreProbe.Describe(atKill)),
            ("queue at the kill (leased by the dead process)", $"{queuedAtKill} ({leasedAtKill})"),
            ("restart: ready after", $"{readyAfter.TotalSeconds:F1} s"),
            ("restart: all final after", $"{drained.TotalSeconds:F1} s"),
            ("final statuses", StoreProbe.Describe(final)),
            ("final statuses per sender", figures.PerSender),
            ("flagged in doubt (still flagged; others resolved by a provider status)", $"{figures.Flagged} ({figures.StillFlagged})"),
            ("flagged in doubt that the simulator never received", figures.FlaggedNeverReceived.ToString(CultureInfo.InvariantCulture)),
            ("sends accepted by the simulator", figures.Accepted.ToString(CultureInfo.InvariantCulture)),
            ("keys seen twice at the simulator (outside in-doubt)", $"{figures.DuplicateKeys} ({figures.UnflaggedDuplicates})"),
            ("error lines logged by Herald", (first.ErrorLines + second.ErrorLines).ToString(CultureInfo.InvariantCulture)),
        });
    }

    private sealed record Figures(int Flagged, long StillFlagged, int FlaggedNeverReceived, int Accepted, int TimedOut, int DuplicateKeys, int UnflaggedDuplicates, string PerSender);

    /// <summary>
    /// The checks both runs share, on the stopped Herald's database and the simulator's record: exactly the acknowledged
    /// messages, every one final, and no message accepted twice by the simulator unless Herald flagged it in doubt.
    /// </summary>
    private async Task<Figures> CheckAsync(Run run, string[] ids, IReadOnlyDictionary<string, long> final)
    {
        var rows = await run.Store.RowsAsync("SELECT id, sender_id, status FROM messages WHERE direction = 'outbound'");
        Assert.Equal(Total, rows.Count);
        Assert.True(rows.Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal).SetEquals(ids),
            "The stored messages are not exactly the 10,000 that were acknowledged with 202.");
        var raced = (await run.Store.RowsAsync(ReadButShownDeliveredSql)).Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        Assert.True(raced.Count == 0,
            $"{raced.Count} WhatsApp messages have 'read' in their timeline but status 'delivered' (two webhooks applied from one stale status): {string.Join(", ", raced.Take(5))}");
        var notFinal = rows.Where(r => !FinalFor(run, (string)r[1]!).Contains((string)r[2]!, StringComparer.Ordinal)).ToList();
        Assert.True(notFinal.Count == 0,
            $"{notFinal.Count} messages are not in a final state: {StoreProbe.Describe(final)}; e.g. {string.Join(", ", notFinal.Take(5).Select(r => $"{r[0]}={r[2]}"))}");
        var perSender = string.Join("; ", rows.GroupBy(r => (string)r[1]! == run.MetaSender ? "meta" : "twilio")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}: " + string.Join(", ", g.GroupBy(r => (string)r[2]!).OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Count()}"))));

        var flagged = (await run.Store.RowsAsync(FlaggedSql)).Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        var sends = await run.Simulator.SendsAsync();
        var twice = sends.GroupBy(s => s.Key, StringComparer.Ordinal)
            .Where(g => g.Count() > 1 || g.Any(s => s.Attempt > 1)).Select(g => g.Key).ToList();
        var unflagged = twice.Where(k => !flagged.Contains(k)).ToList();
        Assert.True(unflagged.Count == 0,
            $"{unflagged.Count} messages reached the simulator more than once without Herald flagging them in doubt: {string.Join(", ", unflagged.Take(10))}");
        // A send the simulator accepted and then left hanging past Herald's request timeout must be flagged, not resent.
        var hungUnflagged = sends.Where(s => s.TimedOut && !flagged.Contains(s.Key)).Select(s => s.Key).ToList();
        Assert.True(hungUnflagged.Count == 0,
            $"{hungUnflagged.Count} sends the simulator accepted but never answered were not flagged in doubt: {string.Join(", ", hungUnflagged.Take(10))}");
        var known = ids.ToHashSet(StringComparer.Ordinal);
        var foreign = sends.Where(s => !known.Contains(s.Key)).Select(s => s.Key).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(foreign.Count == 0,
            $"{foreign.Count} sends at the simulator carry no Herald message id as their key (e.g. {string.Join(", ", foreign.Take(3))}), so duplicates cannot be told.");
        var received = sends.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        return new Figures(flagged.Count, await run.Store.CountAsync(StillFlaggedSql), flagged.Count(id => !received.Contains(id)), sends.Count, sends.Count(s => s.TimedOut), twice.Count, unflagged.Count, perSender);
    }

    private static string[] FinalFor(Run run, string senderId) => senderId == run.MetaSender ? WhatsAppFinal : SmsFinal;
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Testing;
using Xunit.Abstractions;

namespace Herald.EndToEnd.Tests;

/// <summary>
/// Issue 2, "what it must show": 10,000 messages queued, the process killed with SIGKILL, restarted — every message
/// reaches a final state, none is lost and none is sent twice. Herald runs as a separate OS process; the checks read
/// its database from outside. Slow by nature (about a minute per engine for the 10,000); the figures go to the test
/// output (dotnet test --logger "console;verbosity=detailed" shows them).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class CrashRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const int Concurrency = 32;

    /// <summary>
    /// Slow enough that 10,000 take about 33 s to hand over, so the kill lands mid-dispatch even when queueing them is
    /// slow (it takes 5–17 s here, depending on the machine's load and the engine).
    /// </summary>
    private const int SandboxRatePerSecond = 300;

    /// <summary>How long a dead process's claims stay leased before another worker may take them over.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The sandbox's first status ("sent") comes this long after it accepts a send — longer than the lease, as a
    /// real provider's callback may. So the sends the sandbox took just before the kill, which Herald had not yet
    /// recorded, are still 'sending' when their lease runs out, and the restarted Herald really sends them again:
    /// the sandbox must recognise those (send_attempts 2) instead of delivering twice. With a short delay the
    /// sandbox's statuses overtake the lease, the restarted Herald finds those messages already final, and the
    /// resend path is never exercised.
    /// </summary>
    private static readonly TimeSpan CrashTestSentDelay = Lease + TimeSpan.FromSeconds(5);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(3);
    private static readonly string[] FinalStatuses = ["read", "failed", "expired", "cancelled"];

    private readonly List<HeraldProcess> _processes = [];
    private readonly List<string> _directories = [];
    private readonly CancellationTokenSource _overall = new(TimeSpan.FromMinutes(8));

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.Postgres)]
    public async Task Ten_thousand_messages_survive_a_SIGKILL_mid_dispatch_none_lost_none_sent_twice(StorageKind kind)
    {
        const int total = 10_000;
        var (settings, store) = await StorageAsync(kind, CrashTestSentDelay);
        var everything = Stopwatch.StartNew();

        // 1. Start Herald and queue 10,000 SMS to distinct valid numbers; every POST must answer 202.
        var first = Start(settings);
        await first.WaitReadyAsync(StartTimeout);
        var queueing = Stopwatch.StartNew();
        var ids = await QueueAsync(first, total, i => Sms(i, sendAt: null), expectedStatus: "queued");
        queueing.Stop();
        var handedWhenQueued = await store.CountAsync("SELECT COUNT(*) FROM sandbox_deliveries");

        // 2. Let the dispatcher get well into the queue, then SIGKILL while it is still handing messages over.
        var target = total * 3 / 10;
        var waiting = Stopwatch.StartNew();
        long handed;
        while ((handed = await store.CountAsync("SELECT COUNT(*) FROM sandbox_deliveries")) < target)
        {
            Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(90),
                $"Only {handed} of {total} messages reached the sandbox within 90 s.{Environment.NewLine}{first.Tail()}");
            Assert.False(first.HasExited, $"Herald exited on its own.{Environment.NewLine}{first.Tail()}");
            await Task.Delay(20);
        }
        first.Kill();
        var killedAt = everything.Elapsed;
        Assert.Equal(HeraldProcess.KilledExitCode, first.ExitCode);

        // What the crash left behind: everything acknowledged is stored; part of it handed over, part in flight.
        var atKill = await store.StatusCountsAsync();
        var handedAtKill = await store.CountAsync("SELECT COUNT(*) FROM sandbox_deliveries");
        var pendingAtKill = await store.CountAsync("SELECT COUNT(*) FROM outbox");
        var leasedAtKill = await store.CountAsync("SELECT COUNT(*) FROM outbox WHERE lease_owner IS NOT NULL");
        // The crash window: the sandbox took these, but the dead process never recorded the outcome.
        var unrecordedAtKill = await store.CountAsync(
            "SELECT COUNT(*) FROM outbox o JOIN sandbox_deliveries d ON d.message_id = o.message_id");
        // Followed through the API after the restart: ten from the crash window, ten claimed but not yet handed over.
        var inFlightAtKill = (await store.RowsAsync(
                "SELECT o.message_id FROM outbox o JOIN sandbox_deliveries d ON d.message_id = o.message_id ORDER BY o.message_id LIMIT 10"))
            .Concat(await store.RowsAsync(
                "SELECT message_id FROM outbox WHERE lease_owner IS NOT NULL AND message_id NOT IN (SELECT message_id FROM sandbox_deliveries) ORDER BY message_id LIMIT 10"))
            .Select(r => (string)r[0]!).ToList();
        Assert.Equal(total, atKill.Values.Sum());
        Assert.True(handedAtKill > 0 && handedAtKill < total,
            $"The kill must land mid-dispatch; {handedAtKill} of {total} had been handed to the sandbox.");

        // 3. Restart on the same data and wait until every message is final and the queue is empty.
        var restart = Stopwatch.StartNew();
        var second = Start(settings);
        await second.WaitReadyAsync(StartTimeout);
        var readyAfter = restart.Elapsed;
        var final = await DrainAsync(second, store, total);
        var drained = restart.Elapsed;

        // The API tells the same story for messages that were in flight at the kill: read, every step exactly once.
        foreach (var id in inFlightAtKill)
        {
            await AssertReadWithFullTimelineAsync(second, id);
        }
        second.Kill(); // the final process is stopped: what follows reads only what is durable
        var errorLines = first.ErrorLines + second.ErrorLines;

        // 4. None lost, none extra, every one final.
        var rows = await store.RowsAsync("SELECT id, direction, status, in_doubt, phone, provider_message_id FROM messages");
        Assert.Equal(total, rows.Count);
        Assert.All(rows, r => Assert.Equal("outbound", (string)r[1]!));
        var stored = rows.Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        Assert.True(stored.SetEquals(ids), "The stored messages are not exactly the 10,000 that were acknowledged with 202.");
        Assert.Equal(total, rows.Select(r => (string)r[4]!).Distinct(StringComparer.Ordinal).Count());
        var notRead = rows.Where(r => (string)r[2]! != "read").ToList();
        Assert.True(notRead.Count == 0,
            $"{notRead.Count} messages did not end as 'read': {StoreProbe.Describe(final)}; e.g. {string.Join(", ", notRead.Take(5).Select(r => $"{r[0]}={r[2]}"))}");
        Assert.Equal(0, await store.CountAsync("SELECT COUNT(*) FROM outbox"));

        // 5. None sent twice: the sandbox (the "handsets") holds exactly one delivery per message. A resend after the
        // crash shows as send_attempts > 1 on the same row, which the sandbox recognised instead of delivering again.
        var deliveries = await store.RowsAsync("SELECT message_id, send_attempts FROM sandbox_deliveries");
        Assert.Equal(total, deliveries.Count);
        Assert.True(deliveries.Select(d => (string)d[0]!).ToHashSet(StringComparer.Ordinal).SetEquals(ids),
            "The sandbox's deliveries are not exactly one per acknowledged message.");
        var reattempted = deliveries.Count(d => StoreProbe.ToLong(d[1]) > 1);
        var maxAttempts = deliveries.Max(d => StoreProbe.ToLong(d[1]));
        Assert.True(reattempted <= unrecordedAtKill,
            $"{reattempted} sends were repeated, but only {unrecordedAtKill} were in the crash window (taken by the sandbox, not recorded).");
        Assert.True(maxAttempts <= 2, $"A message was handed to the sandbox {maxAttempts} times.");
        var inDoubt = rows.Count(r => StoreProbe.ToLong(r[3]) == 1);
        Assert.True(inDoubt == 0, $"{inDoubt} messages were flagged in_doubt, but a resend to the sandbox is safe and must not be flagged.");

        // Each handset status was reported exactly once per message (a duplicate would mean a double delivery).
        var steps = await store.RowsAsync(
            "SELECT type, COUNT(*), COUNT(DISTINCT message_id) FROM message_events WHERE type IN ('sent', 'delivered', 'read') GROUP BY type ORDER BY type");
        Assert.Equal(["delivered", "read", "sent"], steps.Select(s => (string)s[0]!).ToArray());
        Assert.All(steps, s =>
        {
            Assert.Equal(total, StoreProbe.ToLong(s[1]));
            Assert.Equal(total, StoreProbe.ToLong(s[2]));
        });
        var withoutProviderId = rows.Count(r => r[5] is null);
        var withoutAcceptedStep = total - await store.CountAsync(
            "SELECT COUNT(DISTINCT message_id) FROM message_events WHERE type = 'provider_accepted'");

        Report(kind, new[]
        {
            ("messages", total.ToString(CultureInfo.InvariantCulture)),
            ("time to queue (32 concurrent POSTs, all 202)", $"{queueing.Elapsed.TotalSeconds:F1} s ({total / queueing.Elapsed.TotalSeconds:F0}/s)"),
            ("handed to the sandbox when queueing ended", handedWhenQueued.ToString(CultureInfo.InvariantCulture)),
            ("SIGKILL at", $"{killedAt.TotalSeconds:F1} s after start"),
            ("handed to the sandbox before the kill", handedAtKill.ToString(CultureInfo.InvariantCulture)),
            ("statuses at the kill", StoreProbe.Describe(atKill)),
            ("queue at the kill (leased by the dead process)", $"{pendingAtKill} ({leasedAtKill})"),
            ("crash window: taken by the sandbox, outcome not recorded", unrecordedAtKill.ToString(CultureInfo.InvariantCulture)),
            ("restart: ready after", $"{readyAfter.TotalSeconds:F1} s"),
            ("restart: all final after (total time to drain)", $"{drained.TotalSeconds:F1} s"),
            ("final statuses", StoreProbe.Describe(final)),
            ("sandbox deliveries (one per message)", deliveries.Count.ToString(CultureInfo.InvariantCulture)),
            ("re-attempted after the crash (send_attempts > 1, deduplicated)", $"{reattempted} (max send_attempts {maxAttempts})"),
            ("flagged in_doubt", inDoubt.ToString(CultureInfo.InvariantCulture)),
            ("without provider_message_id / provider_accepted step", $"{withoutProviderId} / {withoutAcceptedStep}"),
            ("error lines logged by Herald", errorLines.ToString(CultureInfo.InvariantCulture)),
            ("whole test", $"{everything.Elapsed.TotalSeconds:F1} s"),
        });
    }

    private HeraldProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var p = HeraldProcess.Start(settings);
        _processes.Add(p);
        output.WriteLine($"started Herald pid {p.ProcessId} on {p.BaseAddress}");
        return p;
    }

    /// <summary>A fresh database of the given engine, as environment variables for the Herald process.</summary>
    private async Task<(IReadOnlyDictionary<string, string> Settings, StoreProbe Store)> StorageAsync(StorageKind kind, TimeSpan sentDelay)
    {
        var storage = await TestStorage.CreateAsync(kind);
        var settings = storage.Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key.Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!, StringComparer.Ordinal);
        if (kind == StorageKind.Postgres)
        {
            // Unused by PostgreSQL, but keeps anything Herald might write out of the build output.
            settings["Storage__DataDirectory"] = Path.Combine(Path.GetTempPath(), "herald-tests", Guid.NewGuid().ToString("N"));
        }
        _directories.Add(settings["Storage__DataDirectory"]);
        settings["Herald__Sandbox__RatePerSecond"] = SandboxRatePerSecond.ToString(CultureInfo.InvariantCulture);
        settings["Herald__Sandbox__SentDelay"] = sentDelay.ToString("c", CultureInfo.InvariantCulture);
        settings["Herald__Sandbox__DeliveredDelay"] = "00:00:00.050";
        settings["Herald__Sandbox__ReadDelay"] = "00:00:00.050";
        settings["Herald__Dispatcher__IdlePoll"] = "00:00:00.050";
        settings["Herald__Dispatcher__Lease"] = Lease.ToString("c", CultureInfo.InvariantCulture);
        var store = kind == StorageKind.Sqlite
            ? StoreProbe.Sqlite(settings["Storage__DataDirectory"])
            : StoreProbe.Postgres(settings["Storage__ConnectionString"]);
        return (settings, store);
    }

    /// <summary>An SMS to +1 415 555 xxxx (valid for libphonenumber, distinct per message, no sandbox test number).</summary>
    private static Dictionary<string, object> Sms(int i, DateTimeOffset? sendAt)
    {
        var body = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["to"] = "+1415555" + i.ToString("D4", CultureInfo.InvariantCulture),
            ["channel"] = "sms",
            ["text"] = $"Crash test message {i}",
            ["purpose"] = "transactional",
        };
        if (sendAt is { } at)
        {
            body["send_at"] = at;
        }
        return body;
    }

    /// <summary>POSTs <paramref name="count"/> messages with bounded concurrency; every one must answer 202.</summary>
    private async Task<string[]> QueueAsync(HeraldProcess herald, int count, Func<int, Dictionary<string, object>> body, string expectedStatus)
    {
        var ids = new string[count];
        var wrong = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = _overall.Token },
            async (i, ct) =>
            {
                using var r = await herald.Client.PostAsJsonAsync(new Uri("v1/messages", UriKind.Relative), body(i), ct);
                var text = await r.Content.ReadAsStringAsync(ct);
                if (r.StatusCode != HttpStatusCode.Accepted)
                {
                    wrong.Enqueue($"#{i}: {(int)r.StatusCode} {text}");
                    return;
                }
                using var doc = JsonDocument.Parse(text);
                ids[i] = doc.RootElement.GetProperty("id").GetString()!;
                var status = doc.RootElement.GetProperty("status").GetString();
                if (status != expectedStatus)
                {
                    wrong.Enqueue($"#{i}: 202 with status '{status}', expected '{expectedStatus}'");
                }
            });
        Assert.True(wrong.IsEmpty,
            $"{wrong.Count} of {count} sends were not answered 202/{expectedStatus}: {string.Join(" | ", wrong.Take(3))}{Environment.NewLine}{herald.Tail(20)}");
        Assert.Equal(count, ids.Distinct(StringComparer.Ordinal).Count());
        return ids;
    }

    /// <summary>Waits until every outbound message is final and the queue is empty; fails with the breakdown otherwise.</summary>
    private async Task<IReadOnlyDictionary<string, long>> DrainAsync(HeraldProcess herald, StoreProbe store, int total)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var queued = await store.CountAsync("SELECT COUNT(*) FROM outbox");
            var counts = await store.StatusCountsAsync(); // after the queue: a status never moves back once final
            var notFinal = counts.Where(kv => !FinalStatuses.Contains(kv.Key, StringComparer.Ordinal)).Sum(kv => kv.Value);
            if (notFinal == 0 && queued == 0 && counts.Values.Sum() >= total)
            {
                return counts;
            }
            Assert.False(herald.HasExited, $"Herald exited while draining.{Environment.NewLine}{herald.Tail()}");
            if (clock.Elapsed > DrainTimeout)
            {
                var sandboxStages = await store.RowsAsync("SELECT stage, COUNT(*) FROM sandbox_deliveries GROUP BY stage ORDER BY stage");
                // Leases still in the future this long after the restart are being renewed by a live worker.
                var leases = await store.RowsAsync(
                    "SELECT COUNT(*), MIN(lease_until), MAX(lease_until) FROM outbox WHERE lease_owner IS NOT NULL");
                var nowMs = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
                var leaseNote = StoreProbe.ToLong(leases[0][0]) == 0 ? "none leased"
                    : $"{leases[0][0]} leased, lease_until from now {(StoreProbe.ToLong(leases[0][1]) - nowMs) / 1000.0:F1} s to {(StoreProbe.ToLong(leases[0][2]) - nowMs) / 1000.0:F1} s";
                Assert.Fail($"Not every message was final after {DrainTimeout}: {StoreProbe.Describe(counts)}; outbox {queued} ({leaseNote}); " +
                    $"sandbox stages {string.Join(", ", sandboxStages.Select(s => $"{s[0]}:{s[1]}"))}.{Environment.NewLine}{herald.Tail()}");
            }
            await Task.Delay(250);
        }
    }
}

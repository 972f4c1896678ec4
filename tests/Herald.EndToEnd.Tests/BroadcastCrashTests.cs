using System.Diagnostics;
using Herald.Testing;
using Xunit.Abstractions;

namespace Herald.EndToEnd.Tests;

/// <summary>
/// A CSV broadcast of 3,000 Twilio SMS through the simulator, Herald killed with SIGKILL while it runs and started again
/// on the same data: the broadcast completes, the ledger keeps every audience row, no recipient is lost, and no number
/// reaches the simulator twice unless Herald flagged its message in doubt. Counts only; every wait polls.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class BroadcastCrashTests(ITestOutputHelper output)
{
    private const int Valid = 3_000;
    private const int Rate = 200;
    private static readonly string[] Handed = ["sent", "delivered", "read"];

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.Postgres)]
    public async Task Broadcast_survives_a_SIGKILL_completes_with_every_row_none_lost_none_twice_unless_in_doubt(StorageKind kind)
    {
        using var rig = await BroadcastRig.StartAsync(output, kind, Rate);
        await rig.Simulator.ConfigureAsync(new { perNumberLimit = Rate, webhookRetries = 10, webhookRetryDelayMs = 500 });
        // 3,000 valid rows, then two invalid phones and one repeat: 3,003 rows in the ledger.
        var csv = BroadcastRig.Audience(0, Valid) + "not-a-phone,Bad1\n+1 (415) 55,Bad2\n+14155550007,Again\n";
        var id = await rig.StartBroadcastAsync(new
        {
            name = $"crash-{kind}", senders = new[] { rig.TwilioSender }, purpose = "transactional", quiet_hours = "off",
            content = new { text = "Hi {{first_name}}, your news." },
        }, csv, Valid);

        var clock = Stopwatch.StartNew();
        await rig.WaitAsync("500 sends at the simulator", TimeSpan.FromMinutes(2),
            async () => await rig.ReceivedAsync() >= 500 ? "" : null);
        rig.Herald.Kill();
        Assert.Equal(HeraldProcess.KilledExitCode, rig.Herald.ExitCode);
        var atKill = await rig.ReceivedAsync();
        var stateAtKill = await rig.Store.RowsAsync(
            $"SELECT state, COUNT(*) FROM broadcast_recipients WHERE broadcast_id = '{id}' GROUP BY state");
        output.WriteLine($"SIGKILL after {clock.Elapsed.TotalSeconds:F1} s; simulator had {atKill}; recipients " +
            string.Join(", ", stateAtKill.Select(r => $"{r[0]} {r[1]}")));
        Assert.True(atKill < Valid, $"The kill must land mid-broadcast; the simulator already had {atKill} of {Valid}.");

        await Task.Delay(500);
        await rig.RestartAsync();
        var done = await rig.WaitStateAsync(id, "completed", TimeSpan.FromMinutes(3));
        // 'completed' means every recipient was handed over: nothing of it may still wait in the queue.
        var unhanded = await rig.Store.RowsAsync(
            "SELECT m.status, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.message_id = m.id) THEN 1 ELSE 0 END) FROM messages m " +
            $"WHERE m.broadcast_id = '{id}' AND m.status IN ('queued', 'scheduled', 'deferred', 'sending') GROUP BY m.status");
        output.WriteLine($"completed {clock.Elapsed.TotalSeconds:F1} s after the start; progress {done["progress"]?.ToJsonString()}; " +
            $"not handed at completion (status, count, in outbox): {string.Join(", ", unhanded.Select(r => $"({r[0]}, {r[1]}, {r[2]})"))}");
        Assert.DoesNotContain(unhanded, r => (string)r[0]! != "sending");

        // Statuses may still arrive after 'completed': wait until every valid row's message is final enough to judge.
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        var ledger = await rig.WaitAsync("every valid row handed over or failed", TimeSpan.FromMinutes(1), async () =>
        {
            var lines = await rig.LedgerAsync(id);
            flagged = await rig.FlaggedAsync();
            return lines.Where(l => l.MessageId.Length > 0).All(l => Handed.Contains(l.Status) || l.Status == "failed") ? lines : null;
        });

        Assert.Equal(Valid + 3, ledger.Count);
        // 'row' is the CSV line (the header is line 1).
        Assert.Equal(Enumerable.Range(2, Valid + 3).Select(i => (long)i), ledger.Select(l => l.Row).Order());
        var valid = ledger.Where(l => l.MessageId.Length > 0).ToList();
        Assert.Equal(Valid, valid.Count);
        Assert.Equal(Valid, valid.Select(l => l.Phone).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(2, ledger.Count(l => l.Status == "invalid"));
        Assert.Equal(1, ledger.Count(l => l.Status == "duplicate"));
        var lost = valid.Where(l => !Handed.Contains(l.Status) && !(l.Status == "failed" && (l.InDoubt || flagged.Contains(l.MessageId)))).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} recipients are neither handed over nor failed in doubt: " +
            string.Join(", ", lost.Take(5).Select(l => $"row {l.Row} {l.Status} {l.ErrorCode}")));

        var sends = await rig.SendsAsync();
        var byNumber = sends.GroupBy(s => s.To, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var messageOf = valid.ToDictionary(l => l.Phone, l => l.MessageId, StringComparer.Ordinal);
        var twice = byNumber.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToList();
        var twiceUnflagged = twice.Where(n => !messageOf.TryGetValue(n, out var m) || !flagged.Contains(m)).ToList();
        var foreign = byNumber.Keys.Where(n => !messageOf.ContainsKey(n)).ToList();
        var neverReceived = valid.Where(l => Handed.Contains(l.Status) && !byNumber.ContainsKey(l.Phone)).ToList();
        output.WriteLine($"SUMMARY broadcast SIGKILL {kind}: rows {ledger.Count}, valid {Valid}, at kill {atKill}, sends at the simulator {sends.Count}, " +
            $"numbers received {byNumber.Count}, in doubt {flagged.Count}, numbers twice {twice.Count} (unflagged {twiceUnflagged.Count}), " +
            $"statuses {string.Join(", ", valid.GroupBy(l => (l.Status, l.ErrorCode, l.InDoubt)).Select(g => $"{g.Key} {g.Count()}"))}; Herald error lines {rig.Herald.ErrorLines}");
        Assert.True(foreign.Count == 0, $"The simulator received numbers outside the audience: {string.Join(", ", foreign.Take(5))}");
        Assert.True(twiceUnflagged.Count == 0,
            $"{twiceUnflagged.Count} numbers reached the simulator twice without their message flagged in doubt: {string.Join(", ", twiceUnflagged.Take(10))}");
        Assert.True(neverReceived.Count == 0,
            $"{neverReceived.Count} rows are sent/delivered in the ledger but the simulator never received them: {string.Join(", ", neverReceived.Take(5).Select(l => l.Phone))}");
    }
}

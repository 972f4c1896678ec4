using System.Diagnostics;
using System.Globalization;
using Herald.Testing;

namespace Herald.EndToEnd.Tests;

/// <summary>Scheduled messages across a SIGKILL.</summary>
public sealed partial class CrashRecoveryTests
{
    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.Postgres)]
    public async Task Scheduled_messages_survive_a_SIGKILL_right_after_queueing_and_go_out_on_time(StorageKind kind)
    {
        const int total = 500;
        var lead = TimeSpan.FromSeconds(6);
        var (settings, store) = await StorageAsync(kind, TimeSpan.FromMilliseconds(50));

        var first = Start(settings);
        await first.WaitReadyAsync(StartTimeout);
        var sendAt = TimeProvider.System.GetUtcNow() + lead;
        var queueing = Stopwatch.StartNew();
        var ids = await QueueAsync(first, total, i => Sms(i, sendAt), expectedStatus: "scheduled");
        queueing.Stop();
        first.Kill();
        Assert.Equal(HeraldProcess.KilledExitCode, first.ExitCode);
        Assert.True(queueing.Elapsed < lead - TimeSpan.FromSeconds(1),
            $"Queueing {total} took {queueing.Elapsed}, too close to their send time to show anything.");

        var atKill = await store.StatusCountsAsync();
        Assert.Equal(total, atKill.GetValueOrDefault("scheduled"));
        Assert.Equal(total, atKill.Values.Sum());
        Assert.Equal(0, await store.CountAsync("SELECT COUNT(*) FROM sandbox_deliveries"));

        var restart = Stopwatch.StartNew();
        var second = Start(settings);
        await second.WaitReadyAsync(StartTimeout);
        var final = await DrainAsync(second, store, total);
        var drained = restart.Elapsed;
        await AssertReadWithFullTimelineAsync(second, ids[0]);
        second.Kill();

        var rows = await store.RowsAsync("SELECT id, status, in_doubt FROM messages");
        Assert.True(rows.Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal).SetEquals(ids));
        Assert.All(rows, r => Assert.Equal("read", (string)r[1]!));
        Assert.All(rows, r => Assert.Equal(0, StoreProbe.ToLong(r[2])));
        var deliveries = await store.RowsAsync("SELECT message_id, send_attempts FROM sandbox_deliveries");
        Assert.Equal(total, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(1, StoreProbe.ToLong(d[1])));
        var early = await store.CountAsync(
            "SELECT COUNT(*) FROM sandbox_deliveries d JOIN messages m ON m.id = d.message_id WHERE d.accepted_at < m.send_at");
        Assert.Equal(0, early);

        Report(kind, new[]
        {
            ("scheduled messages", $"{total}, send_at {lead.TotalSeconds:F0} s ahead"),
            ("time to queue", $"{queueing.Elapsed.TotalSeconds:F2} s; SIGKILL right after"),
            ("statuses at the kill", StoreProbe.Describe(atKill)),
            ("restart: all final after", $"{drained.TotalSeconds:F1} s"),
            ("final statuses", StoreProbe.Describe(final)),
            ("handed over before send_at", early.ToString(CultureInfo.InvariantCulture)),
            ("error lines logged by Herald", (first.ErrorLines + second.ErrorLines).ToString(CultureInfo.InvariantCulture)),
        });
    }

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            p.Dispose(); // kills the child if an assertion left it running
        }
        _overall.Dispose();
        foreach (var dir in _directories)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
            catch (UnauthorizedAccessException)
            {
                // best effort
            }
        }
    }
}

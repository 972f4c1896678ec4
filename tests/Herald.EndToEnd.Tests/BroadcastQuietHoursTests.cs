using System.Globalization;
using Herald.Testing;
using Xunit.Abstractions;

namespace Herald.EndToEnd.Tests;

/// <summary>
/// A marketing broadcast's quiet hours on the real clock: the window is computed from the current UTC time so that
/// recipients in UTC are inside it (it ends at most ~2 minutes from now) while recipients in a zone where it is daytime
/// are outside. The UTC rows wait as 'deferred' while the others reach the simulator, then go out once the window ends.
/// Takes up to about 2.5 minutes by nature.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class BroadcastQuietHoursTests(ITestOutputHelper output)
{
    private const int PerZone = 20;
    private static readonly string[] DaytimeCandidates =
        ["Asia/Tokyo", "Asia/Kolkata", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Pacific/Auckland", "Asia/Dubai"];

    [Fact]
    public async Task Recipients_inside_quiet_hours_are_deferred_and_sent_when_the_window_ends_the_others_at_once()
    {
        using var rig = await BroadcastRig.StartAsync(output, StorageKind.Sqlite, 50);
        var now = TimeProvider.System.GetUtcNow();
        // From the current minute to the next minute boundary + 1 minute: at least 60 s of quiet left for UTC recipients.
        var start = new TimeOnly(now.Hour, now.Minute);
        var end = start.AddMinutes(2);
        var windowEnd = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(2);
        var window = $"{start:HH\\:mm}-{end:HH\\:mm}";
        var daytime = DaytimeCandidates.First(z =>
        {
            var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(z));
            return local.Hour is >= 9 and < 20;
        });
        // Even rows in UTC (quiet now), odd rows in a daytime zone.
        var csv = BroadcastRig.Audience(0, 2 * PerZone, i => i % 2 == 0 ? "UTC" : daytime);
        var id = await rig.StartBroadcastAsync(new
        {
            name = "quiet", senders = new[] { rig.TwilioSender }, purpose = "marketing", quiet_hours = window,
            content = new { text = "Hi {{first_name}}, our offer." },
        }, csv, 2 * PerZone);
        output.WriteLine($"now {now:HH:mm:ss} UTC, quiet_hours {window}, daytime zone {daytime}");

        bool Quiet(LedgerLine l) => int.Parse(l.Phone[^4..], CultureInfo.InvariantCulture) % 2 == 0;
        var sends = await rig.WaitAsync("the daytime recipients at the simulator", TimeSpan.FromSeconds(50), async () =>
        {
            var s = await rig.SendsAsync();
            return s.Count >= PerZone ? s : null;
        });
        var ledger = await rig.LedgerAsync(id);
        var inside = ledger.Where(Quiet).ToList();
        var received = sends.Select(s => s.To).ToHashSet(StringComparer.Ordinal);
        var stillQuiet = TimeProvider.System.GetUtcNow() < windowEnd;
        output.WriteLine($"during the window: received {received.Count}; UTC rows {string.Join(", ", inside.GroupBy(l => l.Status).Select(g => $"{g.Key} {g.Count()}"))}");
        Assert.True(stillQuiet, "The window ended before the first check; the machine is too slow for this test.");
        Assert.Equal(PerZone, received.Count);
        Assert.All(ledger.Where(l => !Quiet(l)), l => Assert.Contains(l.Phone, received));
        Assert.All(inside, l => Assert.Equal("deferred", l.Status));
        Assert.DoesNotContain(inside, l => received.Contains(l.Phone));
        Assert.Equal("running", (await rig.BroadcastAsync(id))["state"]!.GetValue<string>());

        // After the window: the deferred ones go out, each once, and the broadcast completes.
        await rig.WaitStateAsync(id, "completed", TimeSpan.FromMinutes(2.5));
        var all = await rig.SendsAsync();
        var after = await rig.LedgerAsync(id);
        output.WriteLine($"SUMMARY quiet hours: received {all.Count} ({all.Select(s => s.To).Distinct(StringComparer.Ordinal).Count()} numbers) at {TimeProvider.System.GetUtcNow():HH:mm:ss}; " +
            $"statuses {string.Join(", ", after.GroupBy(l => l.Status).Select(g => $"{g.Key} {g.Count()}"))}");
        Assert.Equal(2 * PerZone, all.Count);
        Assert.Equal(2 * PerZone, all.Select(s => s.To).Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(after, l => l.Status == "deferred");
    }
}

using System.Diagnostics;
using Herald.Testing;
using Xunit.Abstractions;

namespace Herald.EndToEnd.Tests;

/// <summary>
/// Pause, resume and cancel of a running broadcast as seen from the simulator, and the simulator pausing the broadcast's
/// WhatsApp template (a signed template-status webhook) and approving it again. Counts only, except the one check
/// the feature promises: a second after a pause, nothing more reaches the provider.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class BroadcastControlTests(ITestOutputHelper output)
{
    private const int Rate = 100;
    private static readonly TimeSpan Run = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Pause_stops_sends_within_a_second_resume_completes_without_duplicates_cancel_stops_the_rest()
    {
        using var rig = await BroadcastRig.StartAsync(output, StorageKind.Sqlite, Rate);
        await rig.Simulator.ConfigureAsync(new { perNumberLimit = Rate, webhookRetries = 10, webhookRetryDelayMs = 500 });
        object Draft(string name) => new
        {
            name, senders = new[] { rig.TwilioSender }, purpose = "transactional", quiet_hours = "off",
            content = new { text = "Hi {{first_name}}" },
        };

        // Pause and resume: 1,500 recipients at 100/s.
        var id = await rig.StartBroadcastAsync(Draft("pause-resume"), BroadcastRig.Audience(0, 1_500), 1_500);
        await rig.WaitAsync("200 sends at the simulator", Run, async () => await rig.ReceivedAsync() >= 200 ? "" : null);
        var paused = await rig.PostAsync($"v1/broadcasts/{id}/pause", null, System.Net.HttpStatusCode.OK);
        Assert.Equal("paused", paused["state"]!.GetValue<string>());
        Assert.Equal("user", paused["paused_by"]?.GetValue<string>());
        var atPause = await rig.ReceivedAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var afterOne = await rig.ReceivedAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var afterThree = await rig.ReceivedAsync();
        output.WriteLine($"pause: at the call {atPause}, 1 s later {afterOne}, 3 s later {afterThree}");
        Assert.True(afterThree == afterOne, $"Sends kept arriving more than a second after the pause: {afterOne} then {afterThree}.");
        Assert.True(afterOne < 1_500, "The pause came too late to mean anything.");
        var view = await rig.BroadcastAsync(id);
        Assert.Equal("paused", view["state"]!.GetValue<string>());

        var resumed = await rig.PostAsync($"v1/broadcasts/{id}/resume", null, System.Net.HttpStatusCode.OK);
        Assert.Equal("running", resumed["state"]!.GetValue<string>());
        await rig.WaitStateAsync(id, "completed", Run);
        var ledger = await rig.LedgerAsync(id);
        var sends = await rig.SendsAsync();
        var twice = sends.GroupBy(s => s.To, StringComparer.Ordinal).Count(g => g.Count() > 1);
        var received = sends.Select(s => s.To).ToHashSet(StringComparer.Ordinal);
        output.WriteLine($"SUMMARY pause/resume: recipients 1500, received {received.Count}, sends {sends.Count}, numbers twice {twice}, " +
            $"statuses {string.Join(", ", ledger.GroupBy(l => l.Status).Select(g => $"{g.Key} {g.Count()}"))}");
        Assert.Equal(0, twice);
        Assert.Equal(1_500, received.Count);
        Assert.Equal(1_500, ledger.Count);

        // Cancel: 1,500 other recipients; what was not handed over is cancelled and never reaches the simulator.
        var firstRun = sends.Count;
        var id2 = await rig.StartBroadcastAsync(Draft("cancel"), BroadcastRig.Audience(5_000, 1_500), 1_500);
        await rig.WaitAsync("200 sends of the second broadcast", Run, async () => await rig.ReceivedAsync() >= firstRun + 200 ? "" : null);
        var cancelled = await rig.PostAsync($"v1/broadcasts/{id2}/cancel", null, System.Net.HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled["state"]!.GetValue<string>());
        await Task.Delay(TimeSpan.FromSeconds(1));
        var c1 = await rig.ReceivedAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var c3 = await rig.ReceivedAsync();
        Assert.True(c3 == c1, $"Sends kept arriving more than a second after the cancel: {c1} then {c3}.");
        // Messages a worker held at the cancel are cancelled by it: give the ledger a moment to settle.
        var ledger2 = await rig.WaitAsync("no message of the cancelled broadcast still queued or sending", Run, async () =>
        {
            var lines = await rig.LedgerAsync(id2);
            return lines.All(l => l.Status is not ("queued" or "sending" or "pending")) ? lines : null;
        });
        var sends2 = (await rig.SendsAsync()).Skip(firstRun).ToList();
        var got = sends2.Select(s => s.To).ToHashSet(StringComparer.Ordinal);
        var cancelledRows = ledger2.Where(l => l.Status == "cancelled").ToList();
        var cancelledButReceived = cancelledRows.Count(l => got.Contains(l.Phone));
        var handedNotReceived = ledger2.Count(l => l.Status is "sent" or "delivered" && !got.Contains(l.Phone));
        var final = await rig.BroadcastAsync(id2);
        output.WriteLine($"SUMMARY cancel: received {got.Count} of 1500, cancelled {cancelledRows.Count}, cancelled but received {cancelledButReceived}, " +
            $"handed but not received {handedNotReceived}; statuses {string.Join(", ", ledger2.GroupBy(l => l.Status).Select(g => $"{g.Key} {g.Count()}"))}; " +
            $"progress {final["progress"]?.ToJsonString()}");
        Assert.Equal("cancelled", final["state"]!.GetValue<string>());
        Assert.Equal(1_500, ledger2.Count);
        Assert.True(cancelledRows.Count > 0, "Nothing was cancelled.");
        Assert.Equal(0, cancelledButReceived);
        Assert.Equal(1_500, cancelledRows.Count + got.Count);
        Assert.Equal(0, sends2.GroupBy(s => s.To, StringComparer.Ordinal).Count(g => g.Count() > 1));
    }

    [Fact]
    public async Task The_simulator_pausing_the_template_pauses_the_broadcast_and_approval_resumes_it()
    {
        using var rig = await BroadcastRig.StartAsync(output, StorageKind.Sqlite, Rate, template: true);
        await rig.Simulator.ConfigureAsync(new { perNumberLimit = Rate, webhookRetries = 10, webhookRetryDelayMs = 500 });
        const int total = 1_500;
        var id = await rig.StartBroadcastAsync(new
        {
            name = "template-pause", senders = new[] { rig.MetaSender }, purpose = "marketing", quiet_hours = "off",
            content = new { template = new { name = BroadcastRig.TemplateName, language = BroadcastRig.TemplateLanguage, variables = new Dictionary<string, string> { ["1"] = "first_name" } } },
        }, BroadcastRig.Audience(0, total), total);
        await rig.WaitAsync("300 sends at the simulator", Run, async () => await rig.ReceivedAsync() >= 300 ? "" : null);

        var clock = Stopwatch.StartNew();
        await rig.SetTemplateStatusAsync("pause");
        var paused = await rig.WaitStateAsync(id, "paused", TimeSpan.FromSeconds(30));
        var pausedAfter = clock.Elapsed;
        Assert.Equal("template", paused["paused_by"]?.GetValue<string>());
        await Task.Delay(TimeSpan.FromSeconds(1));
        var p1 = await rig.ReceivedAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var p3 = await rig.ReceivedAsync();
        output.WriteLine($"template PAUSED → broadcast paused after {pausedAfter.TotalSeconds:F1} s ({paused["state_reason"]}); received {p1} then {p3}");
        Assert.True(p3 == p1, $"Sends kept arriving while the template was paused: {p1} then {p3}.");
        Assert.True(p1 < total, "The template pause came too late to mean anything.");

        await rig.SetTemplateStatusAsync("approve");
        await rig.WaitStateAsync(id, "completed", Run);
        var ledger = await rig.LedgerAsync(id);
        var sends = await rig.SendsAsync();
        var twice = sends.GroupBy(s => s.To, StringComparer.Ordinal).Count(g => g.Count() > 1);
        var received = sends.Select(s => s.To).ToHashSet(StringComparer.Ordinal);
        output.WriteLine($"SUMMARY template pause: recipients {total}, received {received.Count}, sends {sends.Count}, numbers twice {twice}, " +
            $"statuses {string.Join(", ", ledger.GroupBy(l => (l.Status, l.ErrorCode)).Select(g => $"{g.Key} {g.Count()}"))}");
        Assert.Equal(0, twice);
        Assert.Equal(total, ledger.Count);
        // Sends made between the simulator pausing the template and Herald hearing of it are refused (132015) and
        // fail; every other recipient reaches the simulator.
        var refused = ledger.Count(l => l.Status == "failed");
        Assert.Equal(total, received.Count + refused);
    }
}

using System.Net;
using System.Text.Json.Nodes;

namespace Herald.Simulator.Tests;

/// <summary>What the benchmark harness relies on: status webhooks can be switched off, and sends can be read in pages.</summary>
public sealed class BenchmarkSupportTests : IAsyncLifetime
{
    private SimHarness sim = null!;

    public async Task InitializeAsync() => sim = await SimHarness.StartAsync();

    public async Task DisposeAsync() => await sim.DisposeAsync();

    [Fact]
    public async Task With_statusWebhooks_off_a_send_is_accepted_and_recorded_but_no_status_webhook_is_posted()
    {
        (await sim.PutConfigAsync("""{"statusWebhooks":false,"sentDelayMs":5,"deliveredDelayMs":5,"readDelayMs":5}""")).EnsureSuccessStatusCode();

        using var response = await sim.MetaTextAsync("+16505551234", "Hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sends = JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/sends"))!;
        Assert.Equal(1, sends["count"]!.GetValue<int>());
        await Task.Delay(500);
        Assert.DoesNotContain(sim.Hooks, h => h.Path == "/hooks/meta");
        var config = JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/config"))!;
        Assert.False(config["statusWebhooks"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Status_webhooks_are_on_by_default()
    {
        var config = JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/config"))!;
        Assert.True(config["statusWebhooks"]!.GetValue<bool>());

        using var response = await sim.MetaTextAsync("+16505551234", "Hello");

        await sim.WaitForHooksAsync(h => h.Path == "/hooks/meta", 1);
    }

    [Fact]
    public async Task Sends_are_read_in_pages_after_a_sequence_number_and_filtered_by_recipient()
    {
        (await sim.PutConfigAsync("""{"statusWebhooks":false}""")).EnsureSuccessStatusCode();
        for (var i = 0; i < 5; i++)
        {
            using var r = await sim.MetaTextAsync($"+1650555123{i}", $"Hello {i}");
            r.EnsureSuccessStatusCode();
        }

        var first = JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/sends?after=0&limit=2"))!;
        Assert.Equal(2, first["count"]!.GetValue<int>());
        Assert.Equal(5, first["lastSeq"]!.GetValue<long>());
        var seqs = first["sends"]!.AsArray().Select(s => s!["seq"]!.GetValue<long>()).ToList();
        Assert.Equal([1L, 2L], seqs);

        var rest = JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/sends?after=2&limit=100"))!;
        Assert.Equal([3L, 4L, 5L], rest["sends"]!.AsArray().Select(s => s!["seq"]!.GetValue<long>()));

        var one = JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/sends?to=%2B16505551233"))!;
        Assert.Equal(1, one["count"]!.GetValue<int>());
        Assert.Equal(4L, one["sends"]![0]!["seq"]!.GetValue<long>());
    }
}

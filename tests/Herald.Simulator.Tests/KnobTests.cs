using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Herald.Simulator.Tests;

public sealed class KnobTests : IAsyncLifetime
{
    private SimHarness sim = null!;

    public async Task InitializeAsync() => sim = await SimHarness.StartAsync();

    public async Task DisposeAsync() => await sim.DisposeAsync();

    [Fact]
    public async Task Duplicated_webhooks_are_byte_identical_with_the_same_signature()
    {
        (await sim.PutConfigAsync("""{"duplicateWebhookRate":1,"sentDelayMs":5,"deliveredDelayMs":5,"readDelayMs":5}""")).EnsureSuccessStatusCode();

        using var response = await sim.MetaTextAsync("+16505551234", "Hello");

        var hooks = await sim.WaitForHooksAsync(h => h.Path == "/hooks/meta", 6);
        Assert.All(hooks.GroupBy(h => h.Text), g =>
        {
            Assert.Equal(2, g.Count());
            Assert.Single(g.Select(h => h.Headers["X-Hub-Signature-256"]).Distinct());
        });
    }

    [Fact]
    public async Task Reordered_webhooks_send_the_last_status_first()
    {
        (await sim.PutConfigAsync("""{"reorderWebhookRate":1,"sentDelayMs":10,"deliveredDelayMs":1500,"readDelayMs":1500}""")).EnsureSuccessStatusCode();

        using var response = await sim.MetaTextAsync("+16505551234", "Hello");

        var hooks = await sim.WaitForHooksAsync(h => h.Path == "/hooks/meta", 3);
        var order = hooks.Select(h => JsonNode.Parse(h.Body)!["entry"]![0]!["changes"]![0]!["value"]!["statuses"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(["read", "delivered", "sent"], order);
    }

    [Fact]
    public async Task A_Twilio_inbound_STOP_is_posted_with_OptOutType_and_a_valid_signature()
    {
        using var response = await sim.Client.PostAsync("/_sim/inbound", new StringContent(
            """{"vendor":"twilio","from":"+15558675310","to":"+15557122661","text":"STOP","account":"AC11111111111111111111111111111111"}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();

        var hook = (await sim.WaitForHooksAsync(h => h.Path == "/hooks/twilio/inbound", 1))[0];
        var form = QueryHelpers.ParseQuery(hook.Text).ToDictionary(p => p.Key, p => p.Value.ToString());
        Assert.Equal("STOP", form["OptOutType"]);
        Assert.Equal("STOP", form["Body"]);
        Assert.Equal("+15558675310", form["From"]);
        Assert.Equal(Core.Signing.Twilio(SimHarness.AuthToken, sim.ReceiverUrl + "/hooks/twilio/inbound", form),
            hook.Headers["X-Twilio-Signature"]);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_provider_ids()
    {
        await using var other = await SimHarness.StartAsync();

        using var first = await sim.MetaTextAsync("+16505551234", "Hello");
        using var second = await other.MetaTextAsync("+16505551234", "Hello");

        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public void The_simulator_refuses_to_listen_off_loopback() =>
        Assert.Throws<InvalidOperationException>(() => SimulatorApp.Create(["--urls", "http://0.0.0.0:5099"]));
}

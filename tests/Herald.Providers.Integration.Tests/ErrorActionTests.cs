using System.Text.Json;
using Xunit.Abstractions;

namespace Herald.Providers.Integration.Tests;

/// <summary>
/// The dispatcher's actions on provider errors, over HTTP with the simulator's knobs. Herald here waits 1 s for a send
/// answer (its own simulator and Herald, so the knobs never reach another class).
/// </summary>
public sealed class ErrorActionTests(SqliteShortTimeout fx, ITestOutputHelper output) : IntegrationTest(fx), IClassFixture<SqliteShortTimeout>, IAsyncLifetime
{
    public Task InitializeAsync() => Fx.Sim.ConfigureAsync("");

    public Task DisposeAsync() => Fx.Sim.ConfigureAsync("");

    private async Task<JsonElement> SimSendsRootAsync()
    {
        var reply = await GetAsync("/_sim/sends", Sim);
        AssertStatus(reply, 200);
        return reply.Json;
    }

    [Fact]
    public async Task A_5xx_answer_is_retried_and_the_message_is_finally_delivered_once()
    {
        await Fx.Sim.ConfigureAsync("\"errorRate5xx\":1");
        var to = NewPhone();
        var id = await AcceptedAsync(new { to, channel = "sms", sender = Fx.Sms.Id, text = "Retry me" });
        await WaitForAsync(id, m => m.GetProperty("attempts").GetInt64() >= 1, "no attempt made yet");
        Assert.Empty(await SimSendsAsync("twilio", to)); // a 5xx is answered before acceptance: nothing recorded

        await Fx.Sim.ConfigureAsync("");

        var delivered = await WaitForStatusAsync(id, "delivered");
        Assert.True(delivered.GetProperty("attempts").GetInt64() >= 2, delivered.ToString());
        Assert.False(delivered.GetProperty("in_doubt").GetBoolean());
        var send = await OneSimSendAsync("twilio", to);
        Assert.Equal(1, send.GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_later_and_delivered_once()
    {
        await Fx.Sim.ConfigureAsync("\"rate429\":1,\"burst429Ms\":300,\"retryAfterSeconds\":2");
        var to = NewPhone();
        var id = await AcceptedAsync(new { to, channel = "sms", sender = Fx.Sms.Id, text = "Slow down" });
        await WaitForAsync(id, m => m.GetProperty("attempts").GetInt64() >= 1, "no attempt made yet");
        Assert.Empty(await SimSendsAsync("twilio", to));

        await Fx.Sim.ConfigureAsync("");

        var delivered = await WaitForStatusAsync(id, "delivered");
        Assert.True(delivered.GetProperty("attempts").GetInt64() >= 2, delivered.ToString());
        var send = await OneSimSendAsync("twilio", to);
        Assert.Equal(1, send.GetProperty("attempt").GetInt32());
    }

    [Theory]
    [InlineData(600_000)] // the provider's webhooks never come during the test: Herald alone must decide
    [InlineData(20)] // the provider's webhooks arrive while Herald still waits for the answer
    public async Task A_send_that_times_out_after_acceptance_is_not_resent(int sentDelayMs)
    {
        // The simulator accepts, schedules its webhooks, then hangs 3 s; Herald gives up after 1 s not knowing the outcome.
        // The knob stays on, so a resend would be recorded as attempt 2.
        await Fx.Sim.ConfigureAsync($"\"timeoutRate\":1,\"timeoutHangMs\":3000,\"sentDelayMs\":{sentDelayMs}");
        var to = NewPhone();
        var id = await AcceptedAsync(new { to, channel = "sms", sender = Fx.Sms.Id, text = "Did you get it?" });

        var settled = await WaitForAsync(id,
            m => m.GetProperty("in_doubt").GetBoolean() || m.GetProperty("status").GetString() == "delivered",
            "neither flagged in doubt nor resolved to delivered");

        // Either is honest: flagged in doubt, or resolved by the provider's own webhooks. Never a second send.
        var sends = await SimSendsAsync("twilio", to);
        var send = Assert.Single(sends);
        Assert.Equal(1, send.GetProperty("attempt").GetInt32());
        Assert.True(send.GetProperty("timedOut").GetBoolean());
        Assert.Equal(0, (await SimSendsRootAsync()).GetProperty("duplicateKeys").GetInt32());
        Assert.True(settled.GetProperty("attempts").GetInt64() <= 1, settled.ToString());
        output.WriteLine($"outcome: status {settled.GetProperty("status").GetString()}, in_doubt {settled.GetProperty("in_doubt").GetBoolean()}");
    }

    [Fact]
    public async Task Meta_failure_webhook_131026_fails_the_message_as_permanent()
    {
        var to = NewPhone();
        await Fx.Sim.ConfigureAsync($"\"failNumbers\":[\"{to.TrimStart('+')}\"]");
        var inbound = await PostAsync("/_sim/inbound", new { vendor = "meta", from = to.TrimStart('+'), to = ProvidersFixture.PhoneNumberId, text = "hi" }, Sim);
        Assert.Equal(202, inbound.Status);
        await EventuallyAsync(async () =>
        {
            var check = await PostAsync("/v1/messages/check", new { to, channel = "whatsapp", sender = Fx.Meta.Id, text = "probe" });
            return check.Json.GetProperty("allowed").GetBoolean();
        }, ok => ok, _ => "the window did not open");

        var id = await AcceptedAsync(new { to, channel = "whatsapp", sender = Fx.Meta.Id, text = "This will not arrive" });

        var failed = await WaitForStatusAsync(id, "failed");
        var error = failed.GetProperty("error");
        Assert.Equal("permanent", error.GetProperty("class").GetString());
        Assert.Equal("131026", error.GetProperty("code").GetString());
        Assert.Single(await SimSendsAsync("meta", to));
    }

    [Fact]
    public async Task Twilio_21610_records_the_opt_out()
    {
        var to = NewPhone();
        await Fx.Sim.ConfigureAsync($"\"optedOutNumbers\":[\"{to}\"]");
        var id = await AcceptedAsync(new { to, channel = "sms", sender = Fx.Sms.Id, text = "Are you still there?" });

        var failed = await WaitForStatusAsync(id, "failed");
        var error = failed.GetProperty("error");
        Assert.Equal("consent", error.GetProperty("class").GetString());
        Assert.Equal("21610", error.GetProperty("code").GetString());
        Assert.Empty(await SimSendsAsync("twilio", to)); // refused, nothing sent

        // Twilio's word is recorded: the next send is refused by Herald itself, before any provider call.
        var again = await PostAsync("/v1/messages", new { to, channel = "sms", sender = Fx.Sms.Id, text = "And now?" });
        Assert.Equal(422, again.Status);
        Assert.Equal("opted_out", again.Json.GetProperty("code").GetString());
    }
}

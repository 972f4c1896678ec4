namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task A_scheduled_message_can_be_cancelled_and_is_never_sent()
    {
        var sendAt = Now.AddHours(1);
        var scheduled = await AcceptedAsync(new { to = NewPhone(), channel = "sms", text = "Reminder: tomorrow 10:00", send_at = sendAt });
        Assert.Equal("scheduled", scheduled.Str("status"));
        Assert.InRange(scheduled.Json.GetProperty("send_at").GetDateTimeOffset(), sendAt.AddSeconds(-1), sendAt.AddSeconds(1));
        var id = scheduled.Str("id");

        var cancelled = await PostAsync($"/v1/messages/{id}/cancel", null);

        AssertStatus(cancelled, 200);
        Assert.Equal("cancelled", cancelled.Str("status"));
        var message = await GetMessageAsync(id);
        Assert.Equal("cancelled", message.GetProperty("status").GetString());
        Assert.Equal(["accepted", "scheduled", "cancelled"], message.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("type").GetString()));
        // Cancelling again is harmless and answers the same.
        var again = await PostAsync($"/v1/messages/{id}/cancel", null);
        AssertStatus(again, 200);
        Assert.Equal("cancelled", again.Str("status"));
    }

    [Fact]
    public async Task A_message_that_was_already_read_cannot_be_cancelled()
    {
        var id = await SendSmsAsync(NewPhone());
        await WaitForStatusAsync(id, "read");

        var reply = await PostAsync($"/v1/messages/{id}/cancel", null);

        var problem = AssertProblem(reply, 409, "message_not_cancellable");
        Assert.Equal("read", problem.GetProperty("message_status").GetString());
        Assert.Equal("read", (await GetMessageAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancelling_an_unknown_message_is_404()
    {
        AssertProblem(await PostAsync("/v1/messages/msg_01JD5X7Q8M4N2P3R5S6T7V8W9X/cancel", null), 404, "not_found");
    }

    [Fact]
    public async Task A_scheduled_message_goes_out_at_its_time_and_not_before()
    {
        var sendAt = Now.AddSeconds(2);
        var id = (await AcceptedAsync(new { to = NewPhone(), channel = "sms", text = "In two seconds", send_at = sendAt })).Str("id");

        var message = await WaitForStatusAsync(id, "read");

        var timeline = message.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["accepted", "scheduled", "sending", "provider_accepted", "sent", "delivered", "read"], timeline.Select(s => s.GetProperty("type").GetString()));
        Assert.True(timeline[2].GetProperty("at").GetDateTimeOffset() >= sendAt.AddMilliseconds(-1), message.ToString());
    }
}

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    /// <summary>A draft of <paramref name="n"/> recipients paced at 50 messages a second, so its run lasts several seconds.</summary>
    private async Task<(string Id, List<string> Phones)> PacedBroadcastAsync(int n, object? content = null, string channel = "sms")
    {
        var phones = Enumerable.Range(0, n).Select(_ => BroadcastPhone()).ToList();
        var b = await CreateBroadcastAsync(new { name = "Paced", channel, max_rate = 50, content = content ?? new { text = "Hello {{first_name}}" } });
        var id = b.Str("id");
        AssertStatus(await PutAudienceCsvAsync(id, Csv("phone,first_name", phones.Select(p => $"{p},Pat"))), 200);
        return (id, phones);
    }

    private async Task AssertEachPhoneGotOneMessageAsync(string id, IReadOnlyCollection<string> phones)
    {
        var perPhone = await BroadcastMessagesPerPhoneAsync(id);
        Assert.Equal(phones.Order(StringComparer.Ordinal), perPhone.Keys.Order(StringComparer.Ordinal));
        Assert.All(perPhone, kv => Assert.True(kv.Value == 1, $"{kv.Key} got {kv.Value} messages"));
    }

    [Fact]
    public async Task Broadcast_pause_stops_hand_over_and_resume_finishes_with_one_message_each()
    {
        var (id, phones) = await PacedBroadcastAsync(400);
        await StartBroadcastAsync(id);
        await WaitForBroadcastAsync(id, b => Progress(b, "handed") >= 40, "40 messages handed over");

        var paused = await PostAsync($"/v1/broadcasts/{id}/pause", null);

        AssertStatus(paused, 200);
        Assert.Equal(("paused", "user"), (paused.Str("state"), paused.Str("paused_by")));
        await Task.Delay(1_000); // what was in flight at the pause may still land
        var first = await BroadcastMessagesHandedAsync(id);
        await Task.Delay(1_500);
        var second = await BroadcastMessagesHandedAsync(id);
        Assert.Equal(first, second);
        Assert.True(first < 400, $"the pause came too late to prove anything: {first} of 400 were already handed over");
        Assert.Equal("paused", (await BroadcastAsync(id)).GetProperty("state").GetString());

        var resumed = await PostAsync($"/v1/broadcasts/{id}/resume", null);

        AssertStatus(resumed, 200);
        Assert.Equal("running", resumed.Str("state"));
        var done = await WaitForBroadcastStateAsync(id, "completed");
        Assert.Equal(400, Progress(done, "handed"));
        await AssertEachPhoneGotOneMessageAsync(id, phones);
        Assert.All(await LedgerCsvAsync(id), l => Assert.StartsWith("msg_", l["message_id"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Broadcast_cancel_mid_way_cancels_the_rest_and_sends_nothing_more()
    {
        var (id, _) = await PacedBroadcastAsync(400);
        await StartBroadcastAsync(id);
        await WaitForBroadcastAsync(id, b => Progress(b, "handed") >= 40, "40 messages handed over");

        var cancelled = await PostAsync($"/v1/broadcasts/{id}/cancel", null);

        AssertStatus(cancelled, 200);
        Assert.Equal("cancelled", cancelled.Str("state"));
        await Task.Delay(1_000);
        var first = await BroadcastMessagesHandedAsync(id);
        await Task.Delay(1_500);
        Assert.Equal(first, await BroadcastMessagesHandedAsync(id));
        Assert.True(first < 400, $"the cancel came too late to prove anything: {first} of 400 were already handed over");
        var b = await BroadcastAsync(id);
        Assert.Equal("cancelled", b.GetProperty("state").GetString());
        Assert.Equal(400 - first, Progress(b, "cancelled"));
        var ledger = await LedgerCsvAsync(id);
        Assert.Equal(400, ledger.Count);
        Assert.Equal(400 - first, ledger.Count(l => l["status"] == "cancelled"));
        Assert.All(ledger.Where(l => l["status"] != "cancelled"), l => AssertMessageStatus(l["status"], $"row {l["row"]}"));
        AssertProblem(await PostAsync($"/v1/broadcasts/{id}/resume", null), 409, "broadcast_not_paused");
        var again = await PostAsync($"/v1/broadcasts/{id}/cancel", null); // cancelling is idempotent
        AssertStatus(again, 200);
        Assert.Equal("cancelled", again.Str("state"));
    }

    [Fact]
    public async Task Broadcast_pauses_itself_while_its_template_is_paused_and_resumes_when_approved_again()
    {
        var name = UniqueName("broadcast_promo");
        var templateId = await CreateTemplateAsync(name, "Hi {{1}}, our autumn range is here.");
        var content = new { template = new { name, variables = new Dictionary<string, string> { ["1"] = "first_name" } } };
        var (id, phones) = await PacedBroadcastAsync(300, content, "whatsapp");
        var senderId = (await BroadcastAsync(id)).GetProperty("senders")[0].GetString()!;
        await StartBroadcastAsync(id);
        await WaitForBroadcastAsync(id, b => Progress(b, "handed") >= 30, "30 messages handed over");

        AssertStatus(await PutAsync($"/v1/templates/{templateId}/senders/{senderId}", new { status = "PAUSED", reason = "Low quality" }), 200);

        var paused = await WaitForBroadcastStateAsync(id, "paused");
        Assert.Equal("template", paused.GetProperty("paused_by").GetString());
        Assert.Contains("PAUSED", paused.GetProperty("state_reason").GetString(), StringComparison.Ordinal);
        var refused = await PostAsync($"/v1/broadcasts/{id}/resume", null);
        AssertProblem(refused, 422, "template_not_approved");
        await Task.Delay(1_000);
        var first = await BroadcastMessagesHandedAsync(id);
        await Task.Delay(1_500);
        Assert.Equal(first, await BroadcastMessagesHandedAsync(id));
        Assert.True(first < 300, $"the template pause came too late to prove anything: {first} of 300 were handed over");

        AssertStatus(await PutAsync($"/v1/templates/{templateId}/senders/{senderId}", new { status = "APPROVED" }), 200);

        var back = await WaitForBroadcastAsync(id, b => b.GetProperty("state").GetString() != "paused", "leaving 'paused'");
        Assert.Contains(back.GetProperty("state").GetString(), new[] { "running", "completed" });
        var done = await WaitForBroadcastStateAsync(id, "completed");
        Assert.Equal(300, Progress(done, "handed"));
        Assert.Equal(0, Progress(done, "failed"));
        await AssertEachPhoneGotOneMessageAsync(id, phones);
    }
}

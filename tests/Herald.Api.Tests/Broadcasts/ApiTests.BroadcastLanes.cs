namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    /// <summary>
    /// Runs <paramref name="test"/> with a sender of its own, deleted afterwards so that tests after it in this workspace
    /// (templates get a status per sender, sends pick a channel's sender) never see it.
    /// </summary>
    private async Task WithSenderAsync(object sender, Func<string, Task> test)
    {
        var created = await PostAsync("/v1/senders", sender);
        AssertStatus(created, 201);
        var id = created.Str("id");
        try
        {
            await test(id);
        }
        finally
        {
            AssertStatus(await DeleteAsync($"/v1/senders/{id}"), 204);
        }
    }

    /// <summary>A sandbox SMS sender that takes <paramref name="rate"/> messages a second, so a few hundred take seconds.</summary>
    private static object SlowSandboxSender(double rate) => new
    {
        name = $"Slow sandbox {Guid.NewGuid():N}", channel = "sms", provider = "sandbox", address = BroadcastPhone(), rate_per_second = rate,
    };

    private async Task<(string Id, List<string> Phones)> BroadcastOnAsync(string senderId, int n, string name)
    {
        var phones = Enumerable.Range(0, n).Select(_ => BroadcastPhone()).ToList();
        var b = await CreateBroadcastAsync(new { name, senders = new[] { senderId }, content = new { text = "Hello {{first_name}}" } });
        var id = b.Str("id");
        AssertStatus(await PutAudienceCsvAsync(id, Csv("phone,first_name", phones.Select(p => $"{p},Pat"))), 200);
        return (id, phones);
    }

    [Fact]
    public Task Two_broadcasts_on_one_sender_share_it_instead_of_the_second_waiting_for_the_first() =>
        WithSenderAsync(SlowSandboxSender(100), async sender =>
    {
        var (first, _) = await BroadcastOnAsync(sender, 300, "First");
        var (second, phones) = await BroadcastOnAsync(sender, 300, "Second");

        await StartBroadcastAsync(first);
        await StartBroadcastAsync(second);
        await WaitForBroadcastStateAsync(first, "completed");

        // Sharing the sender, the second has gone most of the way too; queued behind the first, it would have barely begun.
        var secondHanded = await BroadcastMessagesHandedAsync(second);
        Assert.True(secondHanded >= 150, $"when the first broadcast completed the second had handed over only {secondHanded} of 300");
        await WaitForBroadcastStateAsync(second, "completed");
        await AssertEachPhoneGotOneMessageAsync(second, phones);
    });

    [Fact]
    public Task A_transactional_message_on_a_busy_sender_goes_before_the_broadcast_queued_ahead_of_it() =>
        WithSenderAsync(SlowSandboxSender(50), async sender =>
    {
        var (id, _) = await BroadcastOnAsync(sender, 400, "Busy");
        await StartBroadcastAsync(id);
        await WaitForBroadcastAsync(id, b => Progress(b, "handed") >= 20, "20 messages handed over");

        var sent = await PostAsync("/v1/messages", new
        {
            to = BroadcastPhone(), channel = "sms", sender = sender, purpose = "transactional", text = "Your code is 123456",
        });
        AssertStatus(sent, 202);
        var messageId = sent.Str("id");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while ((await GetMessageAsync(messageId)).GetProperty("status").GetString() is not ("sent" or "delivered" or "read"))
        {
            Assert.True(clock.Elapsed < BroadcastDeadline, "the transactional message was not sent");
            await Task.Delay(50);
        }

        // It did not wait for the 400 broadcast messages queued before it (8 s at this sender's rate).
        var handed = await BroadcastMessagesHandedAsync(id);
        Assert.True(handed < 300, $"the transactional message went only after {handed} of the broadcast's 400");
        Assert.Equal("running", (await BroadcastAsync(id)).GetProperty("state").GetString());
        AssertStatus(await PostAsync($"/v1/broadcasts/{id}/cancel", null), 200);
    });
}

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public Task A_WhatsApp_broadcast_stops_at_the_senders_messaging_limit_and_waits_for_the_24_hour_window() => WithSenderAsync(new
    {
        name = $"Tier 250 {Guid.NewGuid():N}", channel = "whatsapp", provider = "sandbox", address = BroadcastPhone(),
        messaging_tier = "TIER_250", rate_per_second = 1000,
    }, async senderId =>
    {
        var template = UniqueName("sale").ToLowerInvariant();
        AssertStatus(await PostAsync("/v1/templates", new
        {
            name = template, language = "en", category = "MARKETING",
            components = new object[] { new { type = "BODY", text = "Hi {{1}}, our sale starts today.", example = new { body_text = new[] { new[] { "Ann" } } } } },
        }), 201);
        var phones = Enumerable.Range(0, 300).Select(_ => BroadcastPhone()).ToList();
        var b = await CreateBroadcastAsync(new
        {
            name = "Tiered", senders = new[] { senderId }, quiet_hours = "off",
            content = new { template = new { name = template, language = "en", variables = new Dictionary<string, string> { ["1"] = "first_name" } } },
        });
        var id = b.Str("id");
        AssertStatus(await PutAudienceCsvAsync(id, Csv("phone,first_name", phones.Select(p => $"{p},Pat"))), 200);

        var preview = await GetAsync($"/v1/broadcasts/{id}/preview");
        Assert.Contains("250 users per 24 h", preview.Json.GetProperty("forecast").GetProperty("note").GetString(), StringComparison.Ordinal);
        await StartBroadcastAsync(id);

        var waiting = await WaitForBroadcastAsync(id,
            x => x.TryGetProperty("state_reason", out var r) && r.GetString() == "messaging_limit" && Progress(x, "pending") == 50,
            "the messaging limit");
        Assert.Equal("running", waiting.GetProperty("state").GetString());
        Assert.True(waiting.GetProperty("waiting_until").GetDateTimeOffset() > TimeProvider.System.GetUtcNow().AddHours(23),
            $"the budget grows again when the first of today's 250 leaves the 24-hour window: {waiting}");
        Assert.Equal(250, (await BroadcastMessagesPerPhoneAsync(id)).Count);
        AssertStatus(await PostAsync($"/v1/broadcasts/{id}/cancel", null), 200);
    });
}

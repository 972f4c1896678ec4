using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

public sealed class BroadcastRetryTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    [Fact]
    public async Task A_completed_broadcast_with_a_failure_offers_retry_and_says_when_nothing_is_retryable()
    {
        var page = await AdminPageAsync();
        var headers = new Dictionary<string, string> { ["X-CSRF-Token"] = (await page.Locator("meta[name=csrf-token]").GetAttributeAsync("content"))! };
        var api = page.Context.APIRequest;
        var created = await api.PostAsync("/v1/broadcasts", new()
        {
            DataObject = new { name = "Retry " + Guid.NewGuid().ToString("N")[..6], channel = "sms", content = new { text = "Hello" } },
            Headers = headers,
        });
        Assert.Equal(201, created.Status);
        var id = (await created.JsonAsync())!.Value.GetProperty("id").GetString()!;
        // The sandbox fails +12015550100 for good after "sent" (permanent: a retry would fail again).
        var audience = await api.PutAsync($"/v1/broadcasts/{id}/audience", new()
        {
            Data = $"phone\n{Fixture.NewPhone()}\n+12015550100\n",
            Headers = new Dictionary<string, string>(headers) { ["Content-Type"] = "text/csv" },
        });
        Assert.Equal(200, audience.Status);
        Assert.Equal(200, (await api.PostAsync($"/v1/broadcasts/{id}/start", new() { Headers = headers })).Status);

        await page.GotoAsync($"/console/broadcasts/{id}");
        var retry = page.GetByRole(AriaRole.Button, new() { Name = "Retry failed" });
        await Expect(retry).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await retry.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Nothing to retry" })).ToBeVisibleAsync();
    }
}

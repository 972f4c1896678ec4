using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

public sealed class BroadcastRetryTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    [Fact]
    public async Task A_completed_broadcast_with_a_failure_offers_retry_and_says_when_nothing_is_retryable()
    {
        var page = await AdminPageAsync();
        var id = await SetupApi.CreatedIdAsync(await SetupApi.PostAsync(page, "/v1/broadcasts",
            new { name = "Retry " + Guid.NewGuid().ToString("N")[..6], channel = "sms", content = new { text = "Hello" } }));
        // The sandbox fails +12015550100 for good after "sent" (permanent: a retry would fail again).
        Assert.Equal(200, (await SetupApi.PutCsvAsync(page, $"/v1/broadcasts/{id}/audience", $"phone\n{Fixture.NewPhone()}\n+12015550100\n")).Status);
        Assert.Equal(200, (await SetupApi.PostAsync(page, $"/v1/broadcasts/{id}/start")).Status);

        await page.GotoAsync($"/console/broadcasts/{id}");
        var retry = page.GetByRole(AriaRole.Button, new() { Name = "Retry failed" });
        await Expect(retry).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await retry.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Nothing to retry" })).ToBeVisibleAsync();
    }
}

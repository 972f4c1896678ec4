using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

public sealed class SandboxPhoneTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    [Fact]
    public async Task The_sandbox_phone_shows_messages_as_they_arrive_and_stop_then_start_opt_the_number_out_and_back_in()
    {
        var phone = Fixture.NewPhone();
        var page = await AdminPageAsync(390, 844);
        await page.GotoAsync("/console/sandbox");
        await page.GetByLabel("Phone number").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(page.Locator("#thread")).ToHaveTextAsync("No messages with this number yet.");

        Assert.Equal((int)HttpStatusCode.Accepted,
            (await SetupApi.PostAsync(page, "/v1/messages", new { to = phone, channel = "sms", text = "Your table is booked for 8 pm." })).Status);
        var thread = page.Locator("#thread");
        await Expect(thread).ToContainTextAsync("Your table is booked for 8 pm.");
        await Expect(thread.Locator(".badge")).ToHaveTextAsync(new Regex("^(delivered|read)$"));

        await page.GetByLabel("Reply on").SelectOptionAsync("sms");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send STOP" }).ClickAsync();
        await Expect(page.Locator("#reply-result")).ToHaveTextAsync("Opted out of sms.");
        await Expect(thread.Locator(".bubble")).ToHaveCountAsync(3); // the STOP and Herald's one confirmation
        await Expect(thread.Locator(".bubble").Nth(1)).ToContainTextAsync("STOP");
        Assert.False(await AllowedAsync(page, phone));
        await ScreenshotAsync(page, "sandbox-phone");

        await page.GetByRole(AriaRole.Button, new() { Name = "Send START" }).ClickAsync();
        await Expect(page.Locator("#reply-result")).ToHaveTextAsync("Opted back in to sms.");
        Assert.True(await AllowedAsync(page, phone));
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"The page is {width}px wide on a 390px screen.");
    }

    [Fact]
    public async Task A_whatsapp_reply_from_the_sandbox_phone_says_the_window_is_open()
    {
        var phone = Fixture.NewPhone();
        var page = await AdminPageAsync();
        await page.GotoAsync("/console/sandbox?phone=" + Uri.EscapeDataString(phone));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Messages to " + phone })).ToBeVisibleAsync();

        await page.GetByLabel("Reply as the customer").FillAsync("Hello?");
        await page.GetByLabel("Reply as the customer").PressAsync("Enter"); // Enter adds a line; the button sends
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();

        await Expect(page.Locator("#reply-result")).ToHaveTextAsync(new Regex(@"^Reply received\. WhatsApp window: open, closes in 2[34] h \d+ min\.$"));
        await Expect(page.GetByLabel("Reply as the customer")).ToHaveValueAsync("");
        await Expect(page.Locator("#thread .bubble")).ToContainTextAsync("Hello?");
    }

    private static async Task<bool> AllowedAsync(IPage page, string phone)
    {
        var r = await SetupApi.PostAsync(page, "/v1/messages/check", new { to = phone, channel = "sms", text = "Hi" });
        using var json = JsonDocument.Parse(await r.BodyAsync());
        return json.RootElement.GetProperty("allowed").GetBoolean();
    }
}

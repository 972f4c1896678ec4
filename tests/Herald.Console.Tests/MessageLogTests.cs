using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

public sealed class MessageLogTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    /// <summary>Sends an SMS through /v1 with the page's session (the send page belongs to another part of the console).</summary>
    private static async Task<string> SendSmsAsync(IPage page, string to, string text)
    {
        return await SetupApi.CreatedIdAsync(await SetupApi.PostAsync(page, "/v1/messages", new { to, channel = "sms", text }), 202);
    }

    [Fact]
    public async Task The_log_lists_a_sent_message_filters_by_status_and_its_page_shows_the_timeline_live()
    {
        var page = await AdminPageAsync();
        var phone = Fixture.NewPhone();
        var id = await SendSmsAsync(page, phone, "Your parcel ships today.");

        await page.GotoAsync("/console/messages/" + id);
        var timeline = page.GetByRole(AriaRole.List, new() { Name = "Timeline" });
        await Expect(timeline).ToContainTextAsync("read");
        await Expect(timeline.GetByRole(AriaRole.Listitem).First).ToContainTextAsync("accepted");
        await Expect(timeline.GetByRole(AriaRole.Listitem).Last).ToContainTextAsync("read");
        await Expect(page.GetByText("Your parcel ships today.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Updating live")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "message");

        await page.GetByRole(AriaRole.Link, new() { Name = "← Messages" }).ClickAsync();
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Messages, newest first" });
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = phone })).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "messages");

        await page.GetByLabel("Status").SelectOptionAsync("read");
        await page.GetByLabel("Phone number").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("status=read"));
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = phone })).ToHaveCountAsync(1);

        await page.GetByLabel("Status").SelectOptionAsync("failed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByText("No message matches these filters.")).ToBeVisibleAsync();

        await page.GetByLabel("Status").SelectOptionAsync("read");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await table.GetByRole(AriaRole.Row).Filter(new() { HasText = phone }).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/messages/" + id + "$"));
    }

    [Fact]
    public async Task The_log_pages_by_cursor_at_a_phone_width()
    {
        var page = await AdminPageAsync(390, 844);
        var phone = Fixture.NewPhone();
        for (var i = 0; i < 3; i++)
        {
            await SendSmsAsync(page, phone, $"Paging {i}");
        }

        await page.GotoAsync("/console/messages?limit=2&to=" + Uri.EscapeDataString(phone));
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Messages, newest first" });
        await Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(3); // the header and two messages
        await Expect(table.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Paging 2");

        await page.GetByRole(AriaRole.Link, new() { Name = "Older messages" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("cursor="));
        await Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Expect(table.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Paging 0");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Older messages" })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Newest" })).ToBeVisibleAsync();
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Herald.Server.Console.Identity;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

public sealed class ConversationTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    [Fact]
    public async Task A_conversation_lists_messages_both_ways_in_order_with_the_window_and_follows_new_replies_live()
    {
        var phone = Fixture.NewPhone();
        var page = await AdminPageAsync();
        await SetupApi.CreateContactAsync(page, phone, "Cara Diaz", new { });
        Assert.Equal((int)HttpStatusCode.Accepted,
            (await SetupApi.PostAsync(page, "/v1/messages", new { to = phone, channel = "sms", text = "Your code is 1234" })).Status);
        Assert.Equal((int)HttpStatusCode.Created,
            (await SetupApi.PostAsync(page, "/v1/sandbox/inbound", new { from = phone, channel = "whatsapp", text = "Hello there" })).Status);

        await page.GotoAsync("/console/conversations");
        var row = page.GetByRole(AriaRole.Listitem).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = phone }) });
        await Expect(row).ToContainTextAsync("Cara Diaz");
        await Expect(row).ToContainTextAsync("Hello there"); // the latest message, whichever way it went
        await row.GetByRole(AriaRole.Link, new() { Name = phone }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(phone.TrimStart('+')) + "$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Conversation with " + phone })).ToBeVisibleAsync();
        await Expect(page.Locator("#contact-info")).ToHaveTextAsync("Cara Diaz · saved contact");
        var bubbles = page.Locator("#thread .bubble");
        await Expect(bubbles).ToHaveTextAsync([new Regex("^Your code is 1234Business · SMS"), new Regex("^Hello thereCustomer · WhatsApp")]);
        await Expect(page.Locator("#window")).ToHaveTextAsync(new Regex(@"^WhatsApp window open, closes in 2[34] h \d+ min$"));
        await Expect(bubbles.First.Locator(".badge")).ToHaveTextAsync(new Regex("^(delivered|read)$"));

        await SetupApi.PostAsync(page, "/v1/sandbox/inbound", new { from = phone, channel = "whatsapp", text = "Are you still there?" });
        await Expect(bubbles).ToHaveCountAsync(3);
        await Expect(bubbles.Last).ToContainTextAsync("Are you still there?");
        await ScreenshotAsync(page, "conversation");

        await page.GetByRole(AriaRole.Link, new() { Name = "Send a message" }).ClickAsync();
        await Expect(page.GetByLabel("Contact or number")).ToHaveValueAsync(phone);
        await Expect(page.Locator("#window")).ToHaveTextAsync(new Regex("^Window open"));
    }

    [Fact]
    public async Task A_long_conversation_loads_its_newest_page_first_and_older_messages_on_request()
    {
        var phone = Fixture.NewPhone();
        var page = await AdminPageAsync();
        for (var i = 1; i <= 55; i++)
        {
            Assert.Equal((int)HttpStatusCode.Accepted,
                (await SetupApi.PostAsync(page, "/v1/messages", new { to = phone, channel = "sms", text = $"Update {i}" })).Status);
        }

        await page.GotoAsync("/console/conversations/" + phone);
        var bubbles = page.Locator("#thread .bubble");
        await Expect(bubbles).ToHaveCountAsync(50);
        await Expect(bubbles.First).ToHaveTextAsync(new Regex("^Update 6Business"));
        await Expect(bubbles.Last).ToContainTextAsync("Update 55");
        await page.GetByRole(AriaRole.Button, new() { Name = "Load older messages" }).ClickAsync();

        await Expect(bubbles).ToHaveCountAsync(55);
        await Expect(bubbles.First).ToHaveTextAsync(new Regex("^Update 1Business"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Load older messages" })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_number_without_messages_opens_from_the_list_page_with_its_window_closed()
    {
        var phone = Fixture.NewPhone();
        var page = await AdminPageAsync();
        await page.GotoAsync("/console/conversations");
        await page.GetByLabel("Phone number").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Conversation with " + phone })).ToBeVisibleAsync();
        await Expect(page.Locator("#thread")).ToHaveTextAsync("No messages with this number yet.");
        await Expect(page.Locator("#window")).ToHaveTextAsync("WhatsApp window closed: template required");
        await Expect(page.Locator("#contact-info")).ToHaveTextAsync("Not a saved contact");
    }

    [Fact]
    public async Task A_marketer_reads_conversations_and_uses_the_sandbox_phone_but_is_offered_no_send()
    {
        var marketer = await SetupApi.CreateUserAsync(Fixture, ConsoleRoles.Marketer);
        var phone = Fixture.NewPhone();
        var page = await NewPageAsync();
        await SignInAsync(page, marketer, SetupApi.UserPassword);

        await page.GotoAsync("/console/conversations/" + phone);
        await Expect(page.Locator("#window")).ToHaveTextAsync("WhatsApp window closed: template required");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Send a message" })).ToHaveCountAsync(0);

        await page.GotoAsync("/console/sandbox?phone=" + Uri.EscapeDataString(phone));
        await page.GetByLabel("Reply as the customer").FillAsync("Hi!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Expect(page.Locator("#thread")).ToContainTextAsync("Hi!");
        await page.GotoAsync("/console/conversations/" + phone);
        await Expect(page.Locator("#window")).ToHaveTextAsync(new Regex("^WhatsApp window open"));
    }
}

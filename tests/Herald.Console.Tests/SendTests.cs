using System.Net;
using System.Text.RegularExpressions;
using Herald.Server.Console.Identity;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

public sealed class SendTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    [Fact]
    public async Task A_closed_window_allows_only_a_template_and_a_reply_from_the_sandbox_phone_opens_it_live_for_free_text()
    {
        var phone = Fixture.NewPhone();
        var page = await AdminPageAsync();
        await SetupApi.CreateContactAsync(page, phone, "Ann Lee", new { first_name = "Ann", order_id = "A-1234" });
        var template = await SetupApi.CreateNamedTemplateAsync(page, "Hi {{first_name}}, order {{order_id}} is ready.");

        await page.GotoAsync("/console/send");
        await page.GetByLabel("Contact or number").FillAsync(phone);
        await Expect(page.Locator("#contact-info")).ToContainTextAsync("Ann Lee");
        var window = page.Locator("#window");
        await Expect(window).ToHaveTextAsync("Window closed: template required");
        await Expect(page.GetByLabel("Free text")).ToBeDisabledAsync();
        await Expect(page.Locator("#text-lock")).ToContainTextAsync("window is closed");

        await page.GetByLabel("Template", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"{template} (en)" });
        await Expect(page.GetByLabel("Variable {{first_name}}")).ToHaveValueAsync("Ann");
        await Expect(page.GetByLabel("Variable {{order_id}}")).ToHaveValueAsync("A-1234");
        await Expect(page.Locator("#preview")).ToHaveTextAsync("Hi Ann, order A-1234 is ready.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        await Expect(page.Locator("#result-id")).ToHaveTextAsync(new Regex("^msg_"));
        var templateMessage = await page.Locator("#result-id").TextContentAsync();
        await Expect(page.Locator("#result-status")).ToHaveTextAsync("read");
        await Expect(page.Locator("#result-timeline")).ToContainTextAsync("delivered");
        await Expect(window).ToHaveTextAsync("Window closed: template required"); // the business's own template does not open it

        // The customer answers from the sandbox phone, in another browser.
        var handset = await AdminPageAsync();
        await handset.GotoAsync("/console/sandbox");
        await handset.GetByLabel("Phone number").FillAsync(phone);
        await handset.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(handset.Locator("#thread")).ToContainTextAsync("Hi Ann, order A-1234 is ready.");
        await handset.GetByLabel("Reply as the customer").FillAsync("Thanks! Can you deliver tomorrow?");
        await handset.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Expect(handset.Locator("#thread")).ToContainTextAsync("Thanks! Can you deliver tomorrow?");

        // The send page follows without a reload.
        await Expect(window).ToHaveTextAsync(new Regex(@"^Window open, closes in 2[34] h \d+ min$"));
        await page.GetByLabel("Template", new() { Exact = true }).SelectOptionAsync("");
        var text = page.GetByLabel("Free text");
        await Expect(text).ToBeEnabledAsync();
        await text.FillAsync("Yes, tomorrow between 9 and 12.");
        await Expect(page.Locator("#preview")).ToHaveTextAsync("Yes, tomorrow between 9 and 12.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        await Expect(page.Locator("#result-id")).Not.ToHaveTextAsync(templateMessage!);
        await Expect(page.Locator("#result-status")).ToHaveTextAsync("read");
        await ScreenshotAsync(page, "send");
        await Expect(handset.Locator("#thread")).ToContainTextAsync("Yes, tomorrow between 9 and 12.");
    }

    [Fact]
    public async Task The_sms_counter_shows_herald_s_encoding_and_segments_as_the_text_changes()
    {
        var page = await AdminPageAsync();
        await page.GotoAsync("/console/send");
        await page.GetByLabel("Contact or number").FillAsync(Fixture.NewPhone());
        await page.GetByLabel("Channel").SelectOptionAsync("sms");
        await Expect(page.Locator("#window")).ToHaveTextAsync("No window on SMS");
        var text = page.GetByLabel("Free text");
        await Expect(text).ToBeEnabledAsync();
        var counter = page.Locator("#segments");

        await text.FillAsync(new string('a', 160));
        await Expect(counter).ToHaveTextAsync("GSM-7 · 160 characters · 1 segment");
        await text.FillAsync(new string('a', 161));
        await Expect(counter).ToHaveTextAsync("GSM-7 · 161 characters · 2 segments");
        await text.FillAsync(new string('a', 306));
        await Expect(counter).ToContainTextAsync("· 2 segments");
        await text.FillAsync(new string('a', 158) + "€"); // € is an extension character: it counts 2, 160 in all
        await Expect(counter).ToHaveTextAsync("GSM-7 · 159 characters · 1 segment");
        await text.FillAsync(new string('a', 159) + "€");
        await Expect(counter).ToHaveTextAsync("GSM-7 · 160 characters · 2 segments");
        await text.FillAsync("Your parcel is on its way 🚚");
        await Expect(counter).ToHaveTextAsync(new Regex(@"^UCS-2 · \d+ characters · 1 segment$"));
        await text.FillAsync(new string('a', 70) + "ж"); // one non-GSM character makes it UCS-2: 71 > 70
        await Expect(counter).ToContainTextAsync("UCS-2");
        await Expect(counter).ToContainTextAsync("· 2 segments");
    }

    [Fact]
    public async Task A_positional_template_with_a_header_variable_is_sent_with_the_values_typed_and_previewed()
    {
        var phone = Fixture.NewPhone();
        var page = await AdminPageAsync();
        var name = "console_hdr_" + Guid.NewGuid().ToString("N")[..10];
        var created = await SetupApi.PostAsync(page, "/v1/templates", new
        {
            name, language = "en", category = "UTILITY",
            components = new object[]
            {
                new { type = "HEADER", format = "TEXT", text = "Order {{1}}", example = new { header_text = new[] { "A-1" } } },
                new { type = "BODY", text = "Hi {{1}}, it ships {{2}}.", example = new { body_text = new[] { new[] { "Ann", "today" } } } },
            },
        });
        Assert.Equal((int)HttpStatusCode.Created, created.Status);

        await page.GotoAsync("/console/send");
        await page.GetByLabel("Contact or number").FillAsync(phone);
        await Expect(page.Locator("#contact-info")).ToContainTextAsync("not a saved contact");
        await page.GetByLabel("Template", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"{name} (en)" });
        await page.GetByLabel("Header variable {{1}}").FillAsync("B-77");
        await page.GetByLabel("Variable {{1}}", new() { Exact = true }).FillAsync("Bo");
        await page.GetByLabel("Variable {{2}}", new() { Exact = true }).FillAsync("on Friday");
        await Expect(page.Locator("#preview")).ToHaveTextAsync("Order B-77\n\nHi Bo, it ships on Friday.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        await Expect(page.Locator("#result-status")).ToHaveTextAsync("read");
        var id = await page.Locator("#result-id").TextContentAsync();
        var message = await page.Context.APIRequest.GetAsync("/v1/messages/" + id);
        Assert.Contains("Hi Bo, it ships on Friday.", await message.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_viber_free_text_waits_for_a_session_which_a_reply_opens_with_its_message_budget()
    {
        var phone = Fixture.NewPhone();
        var page = await AdminPageAsync();
        await page.GotoAsync("/console/send");
        await page.GetByLabel("Contact or number").FillAsync(phone);
        await page.GetByLabel("Channel").SelectOptionAsync("viber");
        await Expect(page.Locator("#window")).ToHaveTextAsync("No Viber session: template required");
        await Expect(page.GetByLabel("Free text")).ToBeDisabledAsync();

        Assert.Equal((int)HttpStatusCode.Created,
            (await SetupApi.PostAsync(page, "/v1/sandbox/inbound", new { from = phone, channel = "viber", text = "Hi" })).Status);

        await Expect(page.Locator("#window")).ToHaveTextAsync(new Regex(@"^Session open, closes in \d+ h \d+ min \(\d+ business messages left\)$"));
        await page.GetByLabel("Free text").FillAsync("Thanks for writing!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await Expect(page.Locator("#result-status")).ToHaveTextAsync(new Regex("^(delivered|read)$"));
    }

    [Fact]
    public async Task An_opted_out_number_shows_why_herald_would_refuse_before_sending()
    {
        var phone = Fixture.NewPhone();
        var page = await AdminPageAsync();
        Assert.Equal((int)HttpStatusCode.Created,
            (await SetupApi.PostAsync(page, "/v1/sandbox/inbound", new { from = phone, channel = "sms", text = "Stop." })).Status);

        await page.GotoAsync("/console/send?to=" + Uri.EscapeDataString(phone));
        await page.GetByLabel("Channel").SelectOptionAsync("sms");

        await Expect(page.Locator("#check-reasons")).ToContainTextAsync($"{phone} opted out of SMS");
        await page.GetByLabel("Channel").SelectOptionAsync("whatsapp");
        await Expect(page.Locator("#check-reasons")).ToBeHiddenAsync(); // the opt-out is per channel
    }

    [Fact]
    public async Task A_saved_contact_is_found_by_name_and_an_sms_is_followed_until_delivered_on_a_phone_sized_screen()
    {
        var phone = Fixture.NewPhone();
        var page = await AdminPageAsync(390, 844);
        var name = "Zed " + Guid.NewGuid().ToString("N")[..6];
        await SetupApi.CreateContactAsync(page, phone, name, new { plan = "gold" });

        await page.GotoAsync("/console/send");
        await page.GetByLabel("Contact or number").FillAsync(name[..7]);
        await page.GetByRole(AriaRole.Button, new() { Name = $"{name} · {phone}" }).ClickAsync();
        await Expect(page.GetByLabel("Contact or number")).ToHaveValueAsync(phone);
        await Expect(page.Locator("#contact-info")).ToContainTextAsync("plan: gold");
        await page.GetByLabel("Channel").SelectOptionAsync("sms");
        await page.GetByLabel("Free text").FillAsync("Your gold plan renews tomorrow.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();

        await Expect(page.Locator("#result-status")).ToHaveTextAsync(new Regex("^(delivered|read)$"));
        await Expect(page.Locator("#result-timeline")).ToContainTextAsync("sent");
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 390, $"The page is {scrollWidth}px wide on a 390px screen.");
    }

    [Fact]
    public async Task An_agent_may_send_but_a_marketer_is_sent_to_the_denied_page()
    {
        var agent = await SetupApi.CreateUserAsync(Fixture, ConsoleRoles.Agent);
        var marketer = await SetupApi.CreateUserAsync(Fixture, ConsoleRoles.Marketer);

        var agentPage = await NewPageAsync();
        await SignInAsync(agentPage, agent, SetupApi.UserPassword);
        await agentPage.GotoAsync("/console/send");
        await Expect(agentPage.GetByRole(AriaRole.Heading, new() { Name = "Send a message" })).ToBeVisibleAsync();
        await agentPage.GetByLabel("Contact or number").FillAsync(Fixture.NewPhone());
        await Expect(agentPage.Locator("#window")).ToHaveTextAsync("Window closed: template required");

        var marketerPage = await NewPageAsync();
        await SignInAsync(marketerPage, marketer, SetupApi.UserPassword);
        await marketerPage.GotoAsync("/console/send");
        await Expect(marketerPage).ToHaveURLAsync(new Regex("/console/denied"));
    }
}

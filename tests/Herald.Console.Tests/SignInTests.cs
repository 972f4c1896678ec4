using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

public sealed class SignInTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    [Fact]
    public async Task The_first_admin_signs_in_with_the_configured_password_and_sees_every_page_in_the_menu()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/console/messages");
        await Expect(page).ToHaveURLAsync(new Regex("/console/signin"));
        await ScreenshotAsync(page, "signin");

        await page.GetByLabel("E-mail").FillAsync(ConsoleFixture.AdminEmail);
        await page.GetByLabel("Password").FillAsync(ConsoleFixture.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/console/messages$"));
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        foreach (var item in new[] { "Send", "Conversations", "Contacts", "Messages", "Templates", "Broadcasts", "Senders", "API keys", "Webhooks", "Users", "Sandbox phone" })
        {
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = item, Exact = true })).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_sentence_and_no_session()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/console/signin");
        await page.GetByLabel("E-mail").FillAsync(ConsoleFixture.AdminEmail);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match an account");
        await page.GotoAsync("/console");
        await Expect(page).ToHaveURLAsync(new Regex("/console/signin"));
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await AdminPageAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/console/signin"));
        await page.GotoAsync("/console/send");
        await Expect(page).ToHaveURLAsync(new Regex("/console/signin"));
    }

    [Fact]
    public async Task A_console_session_calling_the_api_without_the_page_token_is_refused()
    {
        var page = await AdminPageAsync();

        var token = await page.Locator("meta[name=csrf-token]").GetAttributeAsync("content");
        var api = page.Context.APIRequest; // the page's cookies, outside the page (an expected 403 is no console error)

        var withToken = (await api.PostAsync("/v1/contacts", new() { DataObject = new { phone = Fixture.NewPhone() }, Headers = new Dictionary<string, string> { ["X-CSRF-Token"] = token! } })).Status;
        var without = (await api.PostAsync("/v1/contacts", new() { DataObject = new { phone = Fixture.NewPhone() } })).Status;

        Assert.Equal((int)HttpStatusCode.Created, withToken);
        Assert.Equal((int)HttpStatusCode.Forbidden, without);
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

public sealed class AdminPagesTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    [Fact]
    public async Task Senders_are_listed_with_their_channel_and_provider()
    {
        var page = await AdminPageAsync();
        await page.GotoAsync("/console/senders");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Senders" });
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Sandbox whatsapp" })).ToContainTextAsync("sandbox");
        await Expect(table.GetByRole(AriaRole.Row).Filter(new() { HasText = "Sandbox sms" })).ToContainTextAsync("+15005550006");
        await ScreenshotAsync(page, "senders");
    }

    [Fact]
    public async Task Webhooks_page_shows_each_sender_and_manages_customer_endpoints()
    {
        var page = await AdminPageAsync();
        await page.GotoAsync("/console/webhooks");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sandbox sms" })).ToBeVisibleAsync();
        await Expect(page.GetByText("No webhook needed").First).ToBeVisibleAsync();

        var url = "http://127.0.0.1:9/hooks/" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("URL", new() { Exact = true }).FillAsync(url);
        await page.GetByLabel("message.received").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        var secret = page.GetByLabel("Signing secret");
        await Expect(secret).ToHaveValueAsync(new Regex("^whsec_"));
        var first = await secret.InputValueAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = url });
        await Expect(row).ToContainTextAsync("message.received");
        await Expect(row).ToContainTextAsync("on");

        await SetupApi.PostAsync(page, "/v1/sandbox/inbound", new { from = "+447700900777", channel = "sms", text = "hooked" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Deliveries" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Latest deliveries" })).ToContainTextAsync("message.received");

        await row.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
        await Expect(secret).Not.ToHaveValueAsync(first);
        await Expect(secret).ToHaveValueAsync(new Regex("^whsec_"));
        await ScreenshotAsync(page, "webhooks");
        await row.GetByRole(AriaRole.Button, new() { Name = "Turn off" }).ClickAsync();
        await Expect(row).ToContainTextAsync("disabled through the API");
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Confirm delete" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = url })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_twilio_sender_shows_its_webhook_url_and_an_admin_removes_it()
    {
        var page = await AdminPageAsync();
        var name = "Twilio " + Guid.NewGuid().ToString("N")[..6];
        var id = await SetupApi.CreatedIdAsync(await SetupApi.PostAsync(page, "/v1/senders", new
        {
            name, channel = "sms", provider = "twilio", address = "+15005550010", @default = false,
            settings = new { account_sid = "AC" + new string('1', 32) }, credentials = new { auth_token = "secret-token-123" },
        }));

        await page.GotoAsync("/console/webhooks");
        await Expect(page.Locator("#url-" + id)).ToHaveValueAsync(new Regex("/hooks/twilio/" + id + "$"));

        await page.GotoAsync("/console/senders");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("/hooks/twilio/" + id);
        await row.GetByText("Remove…").ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Remove " + name + " for good" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Sender {name} removed.");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_api_key_is_created_shown_once_copied_rotated_and_revoked()
    {
        var page = await AdminPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var name = "shop backend " + Guid.NewGuid().ToString("N")[..6];
        await page.GotoAsync("/console/keys");

        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("messages:write").CheckAsync();
        await page.GetByLabel("templates:read").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var value = page.GetByLabel("Key value");
        await Expect(value).ToHaveValueAsync(new Regex("^\\S{24,}$"));
        var key = await value.InputValueAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(page.GetByText("Copied.")).ToBeVisibleAsync();
        var keys = page.GetByRole(AriaRole.Table, new() { Name = "API keys" });
        var row = keys.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("active");
        await Expect(row).ToContainTextAsync("messages:write");
        await ScreenshotAsync(page, "keys");

        // Shown once: after a reload the value is nowhere on the page.
        await page.ReloadAsync();
        await Expect(row).ToContainTextAsync("active");
        await Expect(page.GetByLabel("Key value")).ToBeHiddenAsync();
        Assert.DoesNotContain(key, await page.ContentAsync(), StringComparison.Ordinal);

        await row.GetByRole(AriaRole.Button, new() { Name = "Rotate " + name }).ClickAsync();
        await Expect(page.GetByText("rotated: the old value keeps working")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Key value")).Not.ToHaveValueAsync(key);
        await Expect(keys.GetByRole(AriaRole.Row).Filter(new() { HasText = name })).ToHaveCountAsync(2);

        var fresh = keys.GetByRole(AriaRole.Row).Filter(new() { HasText = name }).Filter(new() { HasText = "active" });
        await fresh.GetByRole(AriaRole.Button, new() { Name = "Revoke " + name }).ClickAsync();
        await fresh.GetByRole(AriaRole.Button, new() { Name = "Confirm: Revoke " + name }).ClickAsync();
        await Expect(keys.GetByRole(AriaRole.Row).Filter(new() { HasText = name }).Filter(new() { HasText = "revoked" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task An_admin_creates_a_user_changes_the_role_and_disabling_stops_sign_in()
    {
        var page = await AdminPageAsync(390, 844);
        var (email, password) = await ConsoleUsers.CreateAsync(page, "marketer");
        await ScreenshotAsync(page, "users");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = email });

        await row.GetByLabel("Role of " + email, new() { Exact = true }).SelectOptionAsync("agent");
        await row.GetByRole(AriaRole.Button, new() { Name = "Change role of " + email }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(email + " is now agent");

        await row.GetByRole(AriaRole.Button, new() { Name = "Disable " + email }).ClickAsync();
        await Expect(row).ToContainTextAsync("disabled");

        var other = await NewPageAsync();
        await other.GotoAsync("/console/signin");
        await other.GetByLabel("E-mail").FillAsync(email);
        await other.GetByLabel("Password").FillAsync(password);
        await other.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(other.GetByRole(AriaRole.Alert)).ToContainTextAsync("locked");

        await row.GetByRole(AriaRole.Button, new() { Name = "Enable " + email }).ClickAsync();
        await Expect(row).ToContainTextAsync("active");
        await SignInAsync(other, email, password);
    }
}

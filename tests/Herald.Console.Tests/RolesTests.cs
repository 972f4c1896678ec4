using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

/// <summary>Creates console users through the Users page, as an admin does.</summary>
internal static class ConsoleUsers
{
    public static async Task<(string Email, string Password)> CreateAsync(IPage adminPage, string role)
    {
        var email = $"{role}-{Guid.NewGuid().ToString("N")[..8]}@herald.test";
        const string password = "a-long-password-1";
        await adminPage.GotoAsync("/console/users");
        await adminPage.GetByLabel("E-mail").FillAsync(email);
        await adminPage.GetByLabel("Name", new() { Exact = true }).FillAsync("Test " + role);
        await adminPage.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(role);
        await adminPage.GetByLabel("Initial password").FillAsync(password);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(adminPage.GetByRole(AriaRole.Status)).ToContainTextAsync("can now sign in as " + role);
        await Expect(adminPage.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToContainTextAsync("active");
        return (email, password);
    }
}

public sealed class RolesTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    [Fact]
    public async Task An_agent_created_by_an_admin_sees_a_limited_menu_and_is_denied_the_admin_pages()
    {
        var admin = await AdminPageAsync();
        var (email, password) = await ConsoleUsers.CreateAsync(admin, "agent");

        var page = await NewPageAsync(390, 844);
        await SignInAsync(page, email, password);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Messages", Exact = true })).ToBeVisibleAsync();
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Templates", Exact = true })).ToBeVisibleAsync();
        foreach (var hidden in new[] { "Users", "API keys", "Webhooks" })
        {
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = hidden, Exact = true })).ToHaveCountAsync(0);
        }

        await page.GotoAsync("/console/users");
        await Expect(page).ToHaveURLAsync(new Regex("/console/denied"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();

        await page.GotoAsync("/console/templates/new");
        await Expect(page).ToHaveURLAsync(new Regex("/console/denied"));

        // Agents read templates but have no button to create one.
        await page.GotoAsync("/console/templates");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Templates" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New template" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_marketer_creates_templates_but_cannot_open_api_keys()
    {
        var admin = await AdminPageAsync();
        var (email, password) = await ConsoleUsers.CreateAsync(admin, "marketer");

        var page = await NewPageAsync();
        await SignInAsync(page, email, password);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "Send", Exact = true })).ToHaveCountAsync(0);

        await page.GotoAsync("/console/keys");
        await Expect(page).ToHaveURLAsync(new Regex("/console/denied"));

        await page.GotoAsync("/console/templates/new");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New template" })).ToBeVisibleAsync();
    }
}

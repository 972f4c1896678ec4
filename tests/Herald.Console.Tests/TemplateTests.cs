using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

public sealed class TemplateTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    private static string UniqueName(string stem) => stem + "_" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Lint_problems_appear_while_typing_and_clear_when_fixed_then_the_template_is_created_submitted_and_listed()
    {
        var page = await AdminPageAsync();
        var name = UniqueName("order_ready");
        await page.GotoAsync("/console/templates/new");

        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Body", new() { Exact = true }).FillAsync("Hello {{1}}, your order {{3}} is ready.");
        var check = page.GetByRole(AriaRole.Status, new() { Name = "Check" });
        await Expect(check).ToContainTextAsync("without gaps");

        await page.GetByLabel("Body", new() { Exact = true }).FillAsync("Hello {{1}}, your order {{2}} is ready.");
        await Expect(check).Not.ToContainTextAsync("without gaps");
        await Expect(check).ToContainTextAsync("example");

        await page.GetByLabel("Example values").FillAsync("Ana\nA-1042");
        await page.GetByLabel("Footer").FillAsync("Reply STOP to opt out");
        await Expect(check).ToContainTextAsync("No problems found");
        await ScreenshotAsync(page, "template-new");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save template" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/templates/tpl_"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Expect(page.GetByText("Template saved.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await Expect(page.GetByText("Submitted for approval.")).ToBeVisibleAsync();
        var statuses = page.GetByRole(AriaRole.Table, new() { Name = "Status per sender" });
        await Expect(statuses.GetByRole(AriaRole.Row).Filter(new() { HasText = "Sandbox whatsapp" })).ToContainTextAsync("APPROVED");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sync status" }).ClickAsync();
        await Expect(page.GetByText("Status synced")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "template");

        await page.GetByRole(AriaRole.Link, new() { Name = "← Templates" }).ClickAsync();
        var list = page.GetByRole(AriaRole.Table, new() { Name = "Templates" });
        await Expect(list.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "templates");

        await page.GetByLabel("Show templates with status").SelectOptionAsync("APPROVED");
        await Expect(list.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        await page.GetByLabel("Show templates with status").SelectOptionAsync("REJECTED");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_template_with_problems_is_not_saved_and_the_problems_stay_listed()
    {
        var page = await AdminPageAsync(390, 844);
        await page.GotoAsync("/console/templates/new");
        await page.GetByLabel("Name").FillAsync(UniqueName("starts_badly"));
        await page.GetByLabel("Body", new() { Exact = true }).FillAsync("{{1}} is your code");
        var check = page.GetByRole(AriaRole.Status, new() { Name = "Check" });
        await Expect(check).ToContainTextAsync("starts with the variable");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save template" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Fix the problems listed above");
        await Expect(page).ToHaveURLAsync(new Regex("/console/templates/new$"));
    }

    [Fact]
    public async Task A_template_with_named_variables_and_a_header_variable_lints_clean_with_its_examples()
    {
        var page = await AdminPageAsync();
        await page.GotoAsync("/console/templates/new");
        await page.GetByLabel("Name").FillAsync(UniqueName("named_vars"));
        await page.GetByLabel("Category").SelectOptionAsync("MARKETING");
        await page.GetByLabel("Header optional text").FillAsync("Hello {{first_name}}");
        await page.GetByLabel("Body", new() { Exact = true }).FillAsync("Hi {{first_name}}, your code {{code}} is ready.");
        var check = page.GetByRole(AriaRole.Status, new() { Name = "Check" });
        await Expect(check).ToContainTextAsync("problem");

        await page.GetByLabel("Header example value").FillAsync("Ana");
        await page.GetByLabel("Example values").FillAsync("Ana\nX-77");
        await Expect(check).ToContainTextAsync("No problems found");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save template" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/templates/tpl_"));
        await Expect(page.GetByText("{{code}}").First).ToBeVisibleAsync();
    }
}

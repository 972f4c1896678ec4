using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

/// <summary>The wizard's other audiences and contents, the list's paging, and the wizard on a phone.</summary>
public sealed partial class BroadcastTests
{
    [Fact]
    public async Task A_contact_filter_with_two_conditions_joined_by_or_counts_the_matching_contacts_and_resumes_after_a_reload()
    {
        var page = await AdminPageAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        async Task Contact(object attributes) =>
            Assert.Equal(201, (await SetupApi.PostAsync(page, "/v1/contacts", new { phone = Fixture.NewPhone(), attributes })).Status);
        await Contact(new { city = "Lyon-" + tag });
        await Contact(new { plan = "gold-" + tag });
        await Contact(new { city = "Lyon-" + tag, plan = "gold-" + tag });
        await Contact(new { city = "Nice-" + tag, plan = "silver-" + tag });

        await page.GotoAsync("/console/broadcasts/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Lyon or gold " + tag);
        await page.GetByLabel("Saved contacts that meet conditions").CheckAsync();
        await page.GetByLabel("Match").SelectOptionAsync("any");
        await page.GetByLabel("Field 1").FillAsync("city");
        await page.GetByLabel("Operator 1").SelectOptionAsync("eq");
        await page.GetByLabel("Value 1").FillAsync("Lyon-" + tag);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add condition" }).ClickAsync();
        await Expect(page.GetByLabel("Field 2")).ToBeFocusedAsync();
        await page.GetByLabel("Field 2").FillAsync("plan");
        await page.GetByLabel("Operator 2").SelectOptionAsync("in");
        await page.GetByLabel("Value 2").FillAsync("gold-" + tag + ", platinum-" + tag);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add condition" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove condition 3" }).ClickAsync();
        await Expect(page.GetByLabel("Field 3")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: content" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "{{plan}}" })).ToBeVisibleAsync();
        await page.GetByLabel("Message text").FillAsync("Hello {{city}} ");
        await page.GetByLabel("Default for {{city}}").FillAsync("friend");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true }).ClickAsync();
        await Expect(page.Locator("#preview-counts")).ToHaveTextAsync("3 rows: 3 valid, 0 invalid, 0 duplicate, 0 opted out.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: schedule" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: review" }).ClickAsync();
        await Expect(Fact(page, "#review-counts", "Valid")).ToHaveTextAsync("3");
        await Expect(Fact(page, "#review-counts", "Total rows")).ToHaveTextAsync("3");

        await page.ReloadAsync();
        await Expect(Step(page, "4. Review")).ToHaveAttributeAsync("aria-current", "step");
        await Expect(Fact(page, "#review-counts", "Valid")).ToHaveTextAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();
        await Expect(page.GetByLabel("Match")).ToHaveValueAsync("any");
        await Expect(page.GetByLabel("Field 2")).ToHaveValueAsync("plan");
        await Expect(page.GetByLabel("Value 2")).ToHaveValueAsync($"gold-{tag}, platinum-{tag}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: content" }).ClickAsync();
        await Expect(page.GetByLabel("Default for {{city}}")).ToHaveValueAsync("friend");
    }

    [Fact]
    public async Task A_whatsapp_template_broadcast_maps_each_variable_to_a_column_with_a_default_or_a_fixed_value()
    {
        var page = await AdminPageAsync();
        var template = "order_note_" + Guid.NewGuid().ToString("N")[..8];
        var created = await SetupApi.PostAsync(page, "/v1/templates", new
        {
            name = template, language = "en", category = "UTILITY",
            components = new object[] { new { type = "BODY", text = "Hi {{1}}, your order {{2}} is ready.", example = new { body_text = new[] { new[] { "Ann", "A-1" } } } } },
        });
        Assert.Equal(201, created.Status);
        var (ann, bob) = (Fixture.NewPhone(), Fixture.NewPhone());
        var csv = $"phone,first_name\n{ann},Ann\n{bob},\n";

        await page.GotoAsync("/console/broadcasts/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Orders " + template);
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "orders.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: content" }).ClickAsync();
        await page.GetByLabel("Channel").SelectOptionAsync("whatsapp");
        await Expect(page.GetByLabel("Sandbox whatsapp")).ToBeCheckedAsync();
        await page.GetByLabel("Template", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = $"{template} (en) · UTILITY" });
        await page.GetByLabel("{{1}} from").SelectOptionAsync("first_name");
        await page.GetByLabel("{{1}} default or fixed value").FillAsync("there");
        await page.GetByLabel("{{2}} from").SelectOptionAsync(new SelectOptionValue { Label = "A fixed value" });
        await page.GetByLabel("{{2}} default or fixed value").FillAsync("A-77");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("sample-text")).ToHaveTextAsync("Hi Ann, your order A-77 is ready.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next recipient" }).ClickAsync();
        await Expect(page.GetByTestId("sample-text")).ToHaveTextAsync("Hi there, your order A-77 is ready.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: schedule" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: review" }).ClickAsync();
        await Expect(Fact(page, "#review-counts", "Valid")).ToHaveTextAsync("2");
        await Expect(Fact(page, "#review-message", "Template")).ToHaveTextAsync($"{template} (en)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Progress" })).ToHaveAttributeAsync("aria-valuenow", "100", Long);
        await Expect(FunnelCount(page.Locator("#bc-funnel"), "Delivered")).ToHaveTextAsync("2", LongText);
    }

    [Fact]
    public async Task The_list_shows_the_newest_broadcasts_first_a_page_at_a_time_and_a_draft_opens_in_the_wizard()
    {
        var page = await AdminPageAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 21; i++)
        {
            var r = await SetupApi.PostAsync(page, "/v1/broadcasts", new { name = $"Paging {tag} {i:D2}", channel = "sms", content = new { text = "Hello" } });
            Assert.Equal(201, r.Status);
        }

        await page.GotoAsync("/console/broadcasts");
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Broadcasts" }).Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(20);
        await Expect(rows.First).ToContainTextAsync($"Paging {tag} 20");
        await Expect(rows.First.GetByText("draft")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Older" }).ClickAsync();
        await Expect(rows.First).ToContainTextAsync($"Paging {tag} 00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Newest" }).ClickAsync();
        await Expect(rows.First).ToContainTextAsync($"Paging {tag} 20");

        await page.GetByRole(AriaRole.Link, new() { Name = $"Paging {tag} 20" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/console/broadcasts/new\?id=brd_\w+&step=content$"));
        await Expect(page.GetByLabel("Message text")).ToHaveValueAsync("Hello");
        await Expect(page.GetByLabel("Sandbox sms")).ToBeCheckedAsync();
    }

    [Fact]
    public async Task The_wizard_works_at_phone_width_and_says_what_is_missing()
    {
        var page = await AdminPageAsync(390, 844);
        await page.GotoAsync("/console/broadcasts/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: content" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Give the broadcast a name.");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Phone width");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: content" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Choose a CSV file with the recipients.");
        await page.GetByLabel("Saved contacts that meet conditions").CheckAsync();
        await page.GetByLabel("Field 1").FillAsync("city");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: content" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Give each condition a value");
        await Expect(page.GetByLabel("Value 1")).ToBeFocusedAsync();
        await page.GetByLabel("Operator 1").SelectOptionAsync("exists");
        await Expect(page.GetByLabel("Value 1")).ToBeDisabledAsync();
        await ScreenshotAsync(page, "broadcast-audience-phone");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width}px wide at a 390px viewport");
    }
}

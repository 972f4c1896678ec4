using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

public sealed class BroadcastTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Long = new() { Timeout = 30_000 };
    private static readonly LocatorAssertionsToHaveTextOptions LongText = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_broadcast_from_an_uploaded_csv_goes_through_every_step_and_its_progress_and_funnel_fill()
    {
        var page = await AdminPageAsync();
        var (ann, bob, cy) = (Fixture.NewPhone(), Fixture.NewPhone(), Fixture.NewPhone());
        var csv = $"phone,first_name,city\n{ann},Ann,Paris\n{bob},Bob,Leeds\n{cy},Cy,Rome\n12345,Bad,Nowhere\n{ann},Ann again,Paris\n";
        var name = "Spring sale " + Guid.NewGuid().ToString("N")[..6];

        await page.GotoAsync("/console/broadcasts/new");
        await Expect(Step(page, "1. Audience")).ToHaveAttributeAsync("aria-current", "step");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "spring.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await Expect(page.GetByLabel("Phone column")).ToHaveValueAsync("phone");
        await Expect(page.GetByText("spring.csv: 5 rows")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "broadcast-audience");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: content" }).ClickAsync();

        await Expect(Step(page, "2. Content")).ToHaveAttributeAsync("aria-current", "step");
        await Expect(page.GetByLabel("Sandbox sms")).ToBeCheckedAsync();
        var text = page.GetByLabel("Message text");
        await text.FillAsync("Hi ");
        await page.GetByRole(AriaRole.Button, new() { Name = "{{first_name}}" }).ClickAsync();
        await text.PressSequentiallyAsync(", spring sale today!");
        await Expect(text).ToHaveValueAsync("Hi {{first_name}}, spring sale today!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview", Exact = true }).ClickAsync();
        await Expect(page.Locator("#preview-counts")).ToHaveTextAsync("5 rows: 3 valid, 1 invalid, 1 duplicate, 0 opted out.");
        await Expect(page.GetByTestId("sample-text")).ToHaveTextAsync("Hi Ann, spring sale today!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next recipient" }).ClickAsync();
        await Expect(page.GetByTestId("sample-text")).ToHaveTextAsync("Hi Bob, spring sale today!");
        await Expect(page.GetByText("Recipient 2 of 3")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/console/broadcasts/new\?id=brd_\w+&step=content$"));
        await ScreenshotAsync(page, "broadcast-content");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: schedule" }).ClickAsync();

        await Expect(Step(page, "3. Schedule")).ToHaveAttributeAsync("aria-current", "step");
        await Expect(page.GetByLabel("Now, when I start it")).ToBeCheckedAsync();
        await page.GetByLabel("Quiet hours").SelectOptionAsync("off"); // the test numbers are British and it may be night there
        await page.GetByLabel("Validity").SelectOptionAsync("21600");
        await ScreenshotAsync(page, "broadcast-schedule");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: review" }).ClickAsync();

        await Expect(Step(page, "4. Review")).ToHaveAttributeAsync("aria-current", "step");
        await Expect(Fact(page, "#review-counts", "Valid")).ToHaveTextAsync("3");
        await Expect(Fact(page, "#review-counts", "Invalid")).ToHaveTextAsync("1");
        await Expect(Fact(page, "#review-counts", "Duplicate")).ToHaveTextAsync("1");
        await Expect(Fact(page, "#review-counts", "Opted out")).ToHaveTextAsync("0");
        await Expect(Fact(page, "#review-counts", "Total rows")).ToHaveTextAsync("5");
        await Expect(Fact(page, "#review-message", "Encoding")).ToHaveTextAsync("GSM-7: 3");
        await Expect(Fact(page, "#review-message", "Segments")).ToHaveTextAsync("3 × 1 segment");
        await Expect(Fact(page, "#review-forecast", "Forecast finish")).Not.ToBeEmptyAsync();
        await ScreenshotAsync(page, "broadcast-review");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/console/broadcasts/brd_\w+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Progress" })).ToHaveAttributeAsync("aria-valuenow", "100", Long);
        var funnel = page.Locator("#bc-funnel");
        await Expect(FunnelCount(funnel, "Queued")).ToHaveTextAsync("3", LongText);
        await Expect(FunnelCount(funnel, "Delivered")).ToHaveTextAsync("3", LongText);
        await Expect(FunnelCount(funnel, "Read")).ToHaveTextAsync("3", LongText);
        await Expect(FunnelCount(funnel, "Failed")).ToHaveTextAsync("0");
        await Expect(page.Locator("#bc-state")).ToHaveTextAsync("completed", LongText);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeDisabledAsync();
        var ledger = page.GetByRole(AriaRole.Link, new() { Name = "Download the recipients ledger (CSV)" });
        await Expect(ledger).ToHaveAttributeAsync("href", new Regex(@"^/v1/broadcasts/brd_\w+/recipients\.csv$"));
        var export = await page.Context.APIRequest.GetAsync((await ledger.GetAttributeAsync("href"))!);
        var lines = (await export.TextAsync()).Trim().Split('\n');
        Assert.Equal(6, lines.Length);
        Assert.Contains(lines, l => l.Contains(",invalid,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(",duplicate,", StringComparison.Ordinal));
        await ScreenshotAsync(page, "broadcast-progress");

        await page.GetByRole(AriaRole.Link, new() { Name = "← Broadcasts" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row.GetByText("completed")).ToBeVisibleAsync();
        await Expect(row.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", "100");
        await ScreenshotAsync(page, "broadcasts");
    }

    [Fact]
    public async Task A_paced_broadcast_is_paused_resumed_and_cancelled_from_its_page()
    {
        var page = await AdminPageAsync();
        var csv = new StringBuilder("mobile,first_name\n");
        for (var i = 0; i < 10; i++)
        {
            csv.Append(Fixture.NewPhone()).Append(",P").Append(i).Append('\n');
        }
        var name = "Paced " + Guid.NewGuid().ToString("N")[..6];

        await page.GotoAsync("/console/broadcasts/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "paced.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.ToString()) });
        await Expect(page.GetByLabel("Phone column")).ToHaveValueAsync("mobile");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: content" }).ClickAsync();
        await page.GetByLabel("Message text").FillAsync("Hello {{first_name}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: schedule" }).ClickAsync();
        await page.GetByLabel("Quiet hours").SelectOptionAsync("off");
        await page.GetByLabel("Max rate").FillAsync("0.5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: review" }).ClickAsync();
        await Expect(Fact(page, "#review-counts", "Valid")).ToHaveTextAsync("10");
        await Expect(Fact(page, "#review-forecast", "Rate")).ToHaveTextAsync("0.5 messages per second");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/console/broadcasts/brd_\w+$"));
        var state = page.Locator("#bc-state");
        await Expect(state).ToHaveTextAsync("running");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(state).ToHaveTextAsync("paused (user)");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeDisabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(state).ToHaveTextAsync("running");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume" })).ToBeDisabledAsync();

        page.Dialog += (_, d) => _ = d.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel broadcast" }).ClickAsync();
        await Expect(state).ToHaveTextAsync("cancelled");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel broadcast" })).ToBeDisabledAsync();
        var progress = page.GetByRole(AriaRole.Progressbar, new() { Name = "Progress" });
        await Expect(progress).ToHaveAttributeAsync("aria-valuenow", "100", Long); // every row is finished: sent or cancelled
        var cancelled = int.Parse(await page.Locator("#bc-counts tr:has-text('cancelled') td").Nth(1).TextContentAsync() ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(cancelled > 0, "a paced broadcast cancelled early leaves recipients cancelled");
    }

    [Fact]
    public async Task A_contact_filter_with_two_conditions_joined_by_or_counts_the_matching_contacts_and_resumes_after_a_reload()
    {
        var page = await AdminPageAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var token = await page.Locator("meta[name=csrf-token]").GetAttributeAsync("content");
        async Task Contact(object attributes)
        {
            var r = await page.Context.APIRequest.PostAsync("/v1/contacts", new()
            {
                DataObject = new { phone = Fixture.NewPhone(), attributes },
                Headers = new Dictionary<string, string> { ["X-CSRF-Token"] = token! },
            });
            Assert.Equal(201, r.Status);
        }
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
        var token = await page.Locator("meta[name=csrf-token]").GetAttributeAsync("content");
        var created = await page.Context.APIRequest.PostAsync("/v1/templates", new()
        {
            DataObject = new
            {
                name = template, language = "en", category = "UTILITY",
                components = new object[] { new { type = "BODY", text = "Hi {{1}}, your order {{2}} is ready.", example = new { body_text = new[] { new[] { "Ann", "A-1" } } } } },
            },
            Headers = new Dictionary<string, string> { ["X-CSRF-Token"] = token! },
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
    public async Task A_broadcast_scheduled_for_later_waits_as_scheduled_and_can_be_cancelled()
    {
        var page = await AdminPageAsync();
        var at = TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(2).Date.AddHours(9);
        await page.GotoAsync("/console/broadcasts/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Later " + Guid.NewGuid().ToString("N")[..6]);
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "later.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes($"phone\n{Fixture.NewPhone()}\n") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: content" }).ClickAsync();
        await page.GetByLabel("Message text").FillAsync("See you soon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: schedule" }).ClickAsync();
        await page.GetByLabel("At a time").CheckAsync();
        await page.GetByLabel("Send at").FillAsync(at.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Next: review" }).ClickAsync();
        var when = at.ToString("dd/MM/yyyy, 09:00:00", System.Globalization.CultureInfo.InvariantCulture);
        await Expect(Fact(page, "#review-forecast", "Starts")).ToHaveTextAsync(when);
        await Expect(Fact(page, "#review-forecast", "Forecast finish")).ToHaveTextAsync(when);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        await Expect(page.Locator("#bc-state")).ToHaveTextAsync("scheduled");
        await Expect(Fact(page, "#bc-facts", "Starts")).ToHaveTextAsync(when);
        page.Dialog += (_, d) => _ = d.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel broadcast" }).ClickAsync();
        await Expect(page.Locator("#bc-state")).ToHaveTextAsync("cancelled");
    }

    [Fact]
    public async Task The_list_shows_the_newest_broadcasts_first_a_page_at_a_time_and_a_draft_opens_in_the_wizard()
    {
        var page = await AdminPageAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        var token = await page.Locator("meta[name=csrf-token]").GetAttributeAsync("content");
        for (var i = 0; i < 21; i++)
        {
            var r = await page.Context.APIRequest.PostAsync("/v1/broadcasts", new()
            {
                DataObject = new { name = $"Paging {tag} {i:D2}", channel = "sms", content = new { text = "Hello" } },
                Headers = new Dictionary<string, string> { ["X-CSRF-Token"] = token! },
            });
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

    private static ILocator Step(IPage page, string name) => page.GetByRole(AriaRole.List, new() { Name = "Steps" }).GetByText(name);

    private static ILocator Fact(IPage page, string list, string term) => page.Locator($"{list} dt:text-is('{term}') + dd");

    private static ILocator FunnelCount(ILocator funnel, string label) =>
        funnel.GetByRole(AriaRole.Listitem).Filter(new() { Has = funnel.Page.Locator($".label:text-is('{label}')") }).Locator(".count");
}

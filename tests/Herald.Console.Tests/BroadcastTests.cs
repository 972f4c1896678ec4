using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

public sealed partial class BroadcastTests(ConsoleFixture fixture) : ConsoleTest(fixture)
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

    private static ILocator Step(IPage page, string name) => page.GetByRole(AriaRole.List, new() { Name = "Steps" }).GetByText(name);

    private static ILocator Fact(IPage page, string list, string term) => page.Locator($"{list} dt:text-is('{term}') + dd");

    private static ILocator FunnelCount(ILocator funnel, string label) =>
        funnel.GetByRole(AriaRole.Listitem).Filter(new() { Has = funnel.Page.Locator($".label:text-is('{label}')") }).Locator(".count");
}

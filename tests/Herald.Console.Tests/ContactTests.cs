using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

public sealed class ContactTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    [Fact]
    public async Task A_contact_is_created_with_attributes_found_by_name_changed_and_its_attributes_fill_a_template_on_send()
    {
        var page = await AdminPageAsync();
        var phone = Fixture.NewPhone();
        var tag = "Zoe" + Guid.NewGuid().ToString("N")[..6];

        await page.GotoAsync("/console/contacts");
        await page.GetByRole(AriaRole.Link, new() { Name = "New contact" }).ClickAsync();
        await page.GetByLabel("Phone number").FillAsync(phone);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync($"{tag} Example");
        await page.GetByLabel("Attributes").FillAsync("first_name = Zoe\norder_id = Z-77");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save contact" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Contact created.");
        await Expect(page).ToHaveURLAsync(new Regex(@"/console/contacts/edit\?id=ct_"));
        await page.GetByLabel("Attributes").FillAsync("first_name = Zoë\norder_id = Z-78");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save contact" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Contact saved.");

        await page.GotoAsync("/console/contacts");
        await page.GetByLabel("Search by name or number").FillAsync(tag.ToLowerInvariant());
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Contacts" });
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(table.Locator("tbody tr")).ToContainTextAsync("first_name: Zoë, order_id: Z-78");
        await ScreenshotAsync(page, "contacts");

        await page.GotoAsync("/console/send");
        await page.GetByLabel("Contact or number").FillAsync(phone);
        await Expect(page.Locator("#contact-info")).ToContainTextAsync($"{tag} Example");
        await Expect(page.Locator("#contact-info")).ToContainTextAsync("first_name: Zoë, order_id: Z-78");
    }

    [Fact]
    public async Task A_csv_import_reports_created_and_invalid_rows_and_the_contacts_are_listed()
    {
        var page = await AdminPageAsync();
        var (a, b) = (Fixture.NewPhone(), Fixture.NewPhone());
        var tag = "Imp" + Guid.NewGuid().ToString("N")[..6];
        var csv = $"name,mobile,city\n{tag} One,{a},Leeds\n{tag} Two,{b},York\n{tag} Bad,12,Hull\n";

        await page.GotoAsync("/console/contacts");
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "people.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await Expect(page.GetByLabel("Phone column")).ToHaveValueAsync("mobile");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "rows:" })).ToContainTextAsync("3 rows: 2 created, 0 updated, 0 duplicates merged, 1 invalid.");
        await page.GetByLabel("Search by name or number").FillAsync(tag);
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Contacts" }).Locator("tbody tr")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task An_agent_reads_contacts_but_is_not_offered_changes()
    {
        var admin = await AdminPageAsync();
        var (email, password) = await ConsoleUsers.CreateAsync(admin, "agent");

        var page = await NewPageAsync();
        await SignInAsync(page, email, password);
        await page.GotoAsync("/console/contacts");

        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Contacts" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New contact" })).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("CSV file")).ToHaveCountAsync(0);
        await page.GotoAsync("/console/contacts/edit");
        await Expect(page).ToHaveURLAsync(new Regex("/console/denied"));
    }
}

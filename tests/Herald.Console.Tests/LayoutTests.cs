using System.Text.RegularExpressions;
using Herald.Server.Console;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Console.Tests;

/// <summary>Every page on a phone's screen and by keyboard alone; every asset from Herald itself.</summary>
public sealed class LayoutTests(ConsoleFixture fixture) : ConsoleTest(fixture)
{
    [Fact]
    public async Task Every_page_fits_a_phone_screen_without_sideways_scrolling()
    {
        var page = await NewPageAsync(width: 390, height: 844);
        await SignInAsync(page);

        foreach (var item in ConsoleNav.Items)
        {
            await page.GotoAsync(item.Href);
            await Expect(page.Locator("main h1").First).ToBeVisibleAsync();
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 1, $"{item.Href} is {overflow} px wider than a 390 px screen");
            await ScreenshotAsync(page, "phone-" + item.Href.Split('/')[^1]);
        }
    }

    [Fact]
    public async Task Signing_in_works_with_the_keyboard_alone()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/console/signin");

        var email = page.GetByLabel("E-mail");
        for (var tabs = 0; tabs < 5 && !await email.EvaluateAsync<bool>("e => e === document.activeElement"); tabs++)
        {
            await page.Keyboard.PressAsync("Tab"); // past the skip link and the brand, unless autofocus already put us there
        }
        await Expect(email).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(ConsoleFixture.AdminEmail);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(ConsoleFixture.AdminPassword);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("/console$"));
        await page.Keyboard.PressAsync("Tab"); // the skip link comes first
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Every_request_a_page_makes_goes_to_herald_itself()
    {
        var page = await NewPageAsync();
        var elsewhere = new List<string>();
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith(Fixture.BaseUrl, StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(r.Url);
            }
        };
        await SignInAsync(page);
        await ScreenshotAsync(page, "home");

        foreach (var item in ConsoleNav.Items)
        {
            await page.GotoAsync(item.Href);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            if (item.Href == "/console/conversations")
            {
                await ScreenshotAsync(page, "conversations");
            }
        }

        Assert.Empty(elsewhere);
    }

    [Fact]
    public async Task Every_form_field_has_a_label()
    {
        var page = await NewPageAsync();
        await SignInAsync(page);
        var unlabelled = new List<string>();

        foreach (var item in ConsoleNav.Items)
        {
            await page.GotoAsync(item.Href);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var fields = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
                  .filter(f => !(f.labels && f.labels.length) && !f.getAttribute('aria-label') && !f.getAttribute('aria-labelledby'))
                  .map(f => f.outerHTML.slice(0, 120))
                """);
            unlabelled.AddRange(fields.Select(f => $"{item.Href}: {f}"));
        }

        Assert.Empty(unlabelled);
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Herald.Console.Tests;

/// <summary>
/// Base of every console test: pages open in a fresh browser context, and anything the browser's console reports as
/// an error (or an uncaught script exception) fails the test when it ends.
/// </summary>
[Collection(ConsoleCollection.Name)]
public abstract class ConsoleTest(ConsoleFixture fixture) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _errors = [];

    protected ConsoleFixture Fixture { get; } = fixture;

    /// <summary>Set to a folder (HERALD_SCREENSHOTS=docs/screenshots) to save each page's screenshot for the docs.</summary>
    private static readonly string? ScreenshotFolder = Environment.GetEnvironmentVariable("HERALD_SCREENSHOTS");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var c in _contexts)
        {
            await c.CloseAsync();
        }
        Assert.True(_errors.Count == 0, "The browser's console reported errors:\n" + string.Join("\n", _errors));
    }

    /// <summary>A new browser context (its own cookies) with one page, watched for console errors.</summary>
    protected async Task<IPage> NewPageAsync(int width = 1280, int height = 860)
    {
        var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Fixture.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = "UTC",
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(15_000);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"{page.Url}: {m.Text}");
                }
            }
        };
        page.PageError += (_, e) =>
        {
            lock (_errors)
            {
                _errors.Add($"{page.Url}: uncaught {e}");
            }
        };
        return page;
    }

    /// <summary>Signs in through the sign-in form and lands on the console's home page.</summary>
    protected static async Task SignInAsync(IPage page, string email = ConsoleFixture.AdminEmail, string password = ConsoleFixture.AdminPassword)
    {
        await page.GotoAsync("/console/signin");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/console$"));
    }

    /// <summary>A signed-in admin's page.</summary>
    protected async Task<IPage> AdminPageAsync(int width = 1280, int height = 860)
    {
        var page = await NewPageAsync(width, height);
        await SignInAsync(page);
        return page;
    }

    /// <summary>Saves a full-page screenshot as docs/screenshots/<paramref name="name"/>.png when screenshots are asked for.</summary>
    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        if (ScreenshotFolder is null)
        {
            return;
        }
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }
}

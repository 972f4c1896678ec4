using Herald.Testing;
using Microsoft.Playwright;

namespace Herald.Console.Tests;

/// <summary>
/// One real Herald (Kestrel on loopback, a SQLite file, the sandbox provider) and one headless Debian Chromium,
/// shared by every console test: the tests drive the console the way a person does, through the browser only.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@herald.test";
    public const string AdminPassword = "admin-password-123";
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private HeraldHost? _host;
    private IBrowser? _browser;
    private int _phones;

    public HeraldHost Host => _host ?? throw new InvalidOperationException("Herald has not started");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started");

    public string BaseUrl => Host.BaseAddress.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        _host = await HeraldHost.StartAsync(StorageKind.Sqlite, new Dictionary<string, string?>
        {
            ["HERALD_ADMIN_EMAIL"] = AdminEmail,
            ["HERALD_ADMIN_PASSWORD"] = AdminPassword,
            ["Herald:Sandbox:SentDelay"] = "00:00:00.200",
            ["Herald:Sandbox:DeliveredDelay"] = "00:00:00.400",
            ["Herald:Sandbox:ReadDelay"] = "00:00:00.600",
        });
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium (./test.sh does).");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root Chromium needs --no-sandbox; the rest keep it from calling Google's hosts on a closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>A phone number no other console test uses (Ofcom's fictional range).</summary>
    public string NewPhone()
    {
        var n = Interlocked.Increment(ref _phones);
        return "+447700900" + n.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}

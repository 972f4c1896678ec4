using System.Net.Http.Headers;
using Herald.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Testing;

/// <summary>A real Herald (Kestrel on a loopback port, real database) started in-process for a test class.</summary>
public sealed class HeraldHost : IAsyncDisposable
{
    public const string BootstrapKey = "hrld_test_bootstrap_key_0123456789";

    private HeraldHost(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        Client = CreateClient(BootstrapKey);
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client authenticated with the bootstrap admin key.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<HeraldHost> StartAsync(StorageKind kind, IDictionary<string, string?>? settings = null)
    {
        var storage = await TestStorage.CreateAsync(kind);
        var config = new Dictionary<string, string?>(storage)
        {
            ["HERALD_BOOTSTRAP_KEY"] = BootstrapKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Herald:Sandbox:SentDelay"] = "00:00:00.050",
            ["Herald:Sandbox:DeliveredDelay"] = "00:00:00.050",
            ["Herald:Sandbox:ReadDelay"] = "00:00:00.050",
            ["Herald:Dispatcher:IdlePoll"] = "00:00:00.050",
            // Customer webhooks go to receivers the tests start on loopback, on a schedule of seconds instead of hours.
            ["Herald:Webhooks:AllowedTargets:0"] = "127.0.0.1",
            ["Herald:Webhooks:RetrySchedule:0"] = "00:00:00",
            ["Herald:Webhooks:RetrySchedule:1"] = "00:00:01",
            ["Herald:Webhooks:RetrySchedule:2"] = "00:00:02",
            ["Herald:Webhooks:PollInterval"] = "00:00:00.050",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }
        var app = HeraldApp.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(config);
            b.WebHost.UseUrls("http://127.0.0.1:0");
        });
        await HeraldApp.StartAsync(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HeraldHost(app, new Uri(address));
    }

    public HttpClient CreateClient(string? apiKey)
    {
        var c = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (apiKey is not null)
        {
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
        return c;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

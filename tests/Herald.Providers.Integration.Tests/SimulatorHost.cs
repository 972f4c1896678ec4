using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Herald.Providers.Integration.Tests;

/// <summary>
/// The real tools/Herald.Simulator started in-process on a loopback port. Its builder is internal to the tool (visible
/// to its own tests only), so it is reached by reflection rather than by widening the tool's surface.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    /// <summary>Fast status webhooks; every PUT /_sim/config replaces all knobs, so tests start from these.</summary>
    public const string FastKnobs = "\"sentDelayMs\":20,\"deliveredDelayMs\":20,\"readDelayMs\":20,\"webhookRetryDelayMs\":200";

    private readonly WebApplication app;

    private SimulatorHost(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>A loopback port nothing listens on now, so Herald can be configured with the simulator's address first.</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static async Task<SimulatorHost> StartAsync(int port, IDictionary<string, string?> settings)
    {
        var type = Type.GetType("Herald.Simulator.SimulatorApp, Herald.Simulator", throwOnError: true)!;
        var create = type.GetMethod("Create", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("Herald.Simulator.SimulatorApp.Create was not found");
        var url = $"http://127.0.0.1:{port}";
        Action<WebApplicationBuilder> configure = b =>
        {
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(settings);
        };
        var app = (WebApplication)create.Invoke(null, [new[] { "--urls", url, "--seed", "11" }, configure])!;
        await app.StartAsync();
        var host = new SimulatorHost(app, new Uri(url));
        await host.ConfigureAsync("");
        return host;
    }

    /// <summary>Replaces the knobs: the fast defaults plus <paramref name="extra"/> (JSON members without braces).</summary>
    public async Task ConfigureAsync(string extra)
    {
        // Later members win: the extra knobs override the fast defaults.
        var knobs = JsonNode.Parse("{" + FastKnobs + "}")!.AsObject();
        foreach (var (k, v) in JsonNode.Parse("{" + extra + "}")!.AsObject())
        {
            knobs[k] = v?.DeepClone();
        }
        var json = knobs.ToJsonString();
        using var r = await Client.PutAsync(new Uri("/_sim/config", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(r.IsSuccessStatusCode, $"PUT /_sim/config {json}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

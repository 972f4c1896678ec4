using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Api.Tests;

/// <summary>A local HTTP server impersonating a vendor's REST API: records every request and answers as told.</summary>
public sealed class VendorStandIn : IAsyncDisposable
{
    public sealed record Seen(string Method, string Path, string? Authorization, string? IntercomVersion, string Body);

    private readonly WebApplication _app;

    public ConcurrentQueue<Seen> Requests { get; } = new();

    /// <summary>Path → (status, JSON body); the default answers 200 with <c>{"id":"x"}</c>.</summary>
    public Func<string, (int Status, string Body)> Answer { get; set; } = _ => (200, "{\"id\":\"x\"}");

    public string Url { get; }

    private VendorStandIn(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<VendorStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        VendorStandIn? self = null;
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            self!.Requests.Enqueue(new Seen(http.Request.Method, http.Request.Path.Value ?? "",
                http.Request.Headers.Authorization.ToString(), http.Request.Headers["Intercom-Version"].ToString(), body));
            var (status, answer) = self.Answer(http.Request.Path.Value ?? "");
            http.Response.StatusCode = status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(answer);
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new VendorStandIn(app, url);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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
        VendorStandIn? self = null;
        var (app, url) = await LoopbackServer.StartAsync(async http =>
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
        self = new VendorStandIn(app, url);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

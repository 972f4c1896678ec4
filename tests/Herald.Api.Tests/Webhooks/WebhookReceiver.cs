using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Herald.Api.Tests.Webhooks;

/// <summary>One request a receiver got: path, headers and the exact body bytes.</summary>
public sealed record ReceivedWebhook(string Path, IHeaderDictionary Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string Header(string name) => Headers[name].ToString();
}

/// <summary>
/// A customer's webhook receiver on a loopback port. Each path answers the status set for it (200 by default), so a
/// test can play a healthy endpoint, a failing one, or one that is gone (410).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentDictionary<string, int> _answers = new(StringComparer.Ordinal);

    private WebhookReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync()
    {
        WebhookReceiver? receiver = null; // set before any endpoint points here
        var (app, url) = await LoopbackServer.StartAsync(async http =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var headers = new HeaderDictionary();
            foreach (var (k, v) in http.Request.Headers)
            {
                headers[k] = v;
            }
            receiver!._received.Enqueue(new ReceivedWebhook(http.Request.Path, headers, buffer.ToArray()));
            http.Response.StatusCode = receiver._answers.TryGetValue(http.Request.Path, out var code) ? code : 200;
        });
        receiver = new WebhookReceiver(app) { BaseUrl = url };
        return receiver;
    }

    /// <summary>A new path on this receiver answering <paramref name="status"/>.</summary>
    public string Url(string path, int status = 200)
    {
        _answers[path] = status;
        return BaseUrl + path;
    }

    public IReadOnlyList<ReceivedWebhook> At(string path) => Received.Where(r => r.Path == path).ToList();

    /// <summary>Waits (generous deadline) until <paramref name="match"/> holds for something received at <paramref name="path"/>.</summary>
    public async Task<ReceivedWebhook> WaitForAsync(string path, Func<ReceivedWebhook, bool> match, TimeSpan? deadline = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var limit = deadline ?? TimeSpan.FromSeconds(20);
        while (true)
        {
            if (At(path).FirstOrDefault(match) is { } hit)
            {
                return hit;
            }
            Assert.True(clock.Elapsed < limit, $"nothing matching arrived at {path}; got: {string.Join(" | ", At(path).Select(r => r.Text))}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

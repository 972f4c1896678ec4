using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Herald.Simulator.Tests;

/// <summary>One webhook as the receiver got it: path, headers, the raw bytes and the query string (with its <c>?</c>).</summary>
public sealed record Received(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, string Query = "")
{
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>A real simulator on 127.0.0.1:0 and a tiny receiver standing in for Herald's webhook routes.</summary>
public sealed class SimHarness : IAsyncDisposable
{
    public const string MetaToken = "test-meta-token";
    public const string AppSecret = "test-app-secret";
    public const string AccountSid = "AC11111111111111111111111111111111";
    public const string AuthToken = "test-auth-token";
    public const string ViberKey = "test-viber-key";
    public const string ViberSecret = "test-viber-secret";

    private WebApplication receiver = null!;
    private WebApplication simulator = null!;

    public ConcurrentQueue<Received> Hooks { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public string ReceiverUrl { get; private set; } = "";

    public static async Task<SimHarness> StartAsync()
    {
        var harness = new SimHarness();
        await harness.InitAsync();
        return harness;
    }

    private async Task InitAsync()
    {
        var rb = WebApplication.CreateBuilder();
        rb.WebHost.UseUrls("http://127.0.0.1:0");
        rb.Logging.ClearProviders();
        receiver = rb.Build();
        receiver.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            Hooks.Enqueue(new Received(http.Request.Path, headers, buffer.ToArray(), http.Request.QueryString.Value ?? ""));
            return Results.Ok();
        });
        await receiver.StartAsync();
        ReceiverUrl = receiver.Urls.First();

        simulator = SimulatorApp.Create(["--urls", "http://127.0.0.1:0", "--seed", "7"], b =>
        {
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Simulator:Meta:AccessTokens:0"] = MetaToken,
                ["Simulator:Meta:AppSecret"] = AppSecret,
                ["Simulator:Meta:WebhookUrl"] = ReceiverUrl + "/hooks/meta",
                ["Simulator:Twilio:Accounts:" + AccountSid] = AuthToken,
                ["Simulator:Twilio:StatusCallbackUrl"] = ReceiverUrl + "/hooks/twilio",
                ["Simulator:Twilio:InboundUrl"] = ReceiverUrl + "/hooks/twilio/inbound",
                ["Simulator:Viber:ApiKeys:0"] = ViberKey,
                ["Simulator:Viber:DefaultSecret"] = ViberSecret,
                ["Simulator:Viber:DeliveryUrl"] = ReceiverUrl + "/hooks/viber/delivery",
                ["Simulator:Viber:SeenUrl"] = ReceiverUrl + "/hooks/viber/seen",
            });
        });
        await simulator.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(simulator.Urls.First()), Timeout = TimeSpan.FromSeconds(10) };
        var fast = new StringContent("""{"sentDelayMs":10,"deliveredDelayMs":10,"readDelayMs":10}""", Encoding.UTF8, "application/json");
        (await Client.PutAsync("/_sim/config", fast)).EnsureSuccessStatusCode();
    }

    public Task<HttpResponseMessage> PutConfigAsync(string json) =>
        Client.PutAsync("/_sim/config", new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> MetaTextAsync(string to, string body, string token = MetaToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v23.0/106540352242922/messages")
        {
            Content = new StringContent(
                $$$"""{"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{to}}}","type":"text","text":{"preview_url":false,"body":"{{{body}}}"}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Client.SendAsync(request);
    }

    /// <summary>Waits until the receiver holds at least <paramref name="count"/> webhooks matching the filter.</summary>
    public async Task<List<Received>> WaitForHooksAsync(Func<Received, bool> match, int count)
    {
        for (var i = 0; i < 400; i++)
        {
            var found = Hooks.Where(match).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Expected {count} webhooks, got {Hooks.Count(match)}.");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await simulator.StopAsync();
        await simulator.DisposeAsync();
        await receiver.StopAsync();
        await receiver.DisposeAsync();
    }
}

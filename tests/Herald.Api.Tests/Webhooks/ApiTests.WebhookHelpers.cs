using System.Text.Json;
using Herald.Api.Tests.Webhooks;
using Microsoft.AspNetCore.Http;

namespace Herald.Api.Tests;

/// <summary>Helpers of the customer webhook tests: a workspace of their own, endpoints, and waiting for deliveries.</summary>
public abstract partial class ApiTests
{
    private async Task<HttpClient> NewWorkspaceClientAsync()
    {
        var (_, key) = await Herald.CreateWorkspaceAsync(UniqueName("hooks"));
        return ClientWith(key);
    }

    private async Task<Reply> CreateEndpointAsync(HttpClient client, string url, params string[] events)
    {
        var reply = await PostAsync("/v1/webhook-endpoints", events.Length == 0 ? new { url } : new { url, events }, client: client);
        AssertStatus(reply, 201);
        return reply;
    }

    private async Task<JsonElement> WaitForDeliveryAsync(HttpClient client, string endpointId, Func<JsonElement, bool> match)
    {
        JsonElement? hit = null;
        await WaitUntilAsync(async () =>
        {
            var page = (await GetAsync($"/v1/webhook-endpoints/{endpointId}/deliveries", client)).Json.GetProperty("data");
            hit = page.EnumerateArray().Where(match).Select(d => (JsonElement?)d.Clone()).FirstOrDefault();
            return hit is not null;
        }, "a matching delivery");
        return hit!.Value;
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    private static string? Type(ReceivedWebhook r)
    {
        using var doc = JsonDocument.Parse(r.Body);
        return doc.RootElement.GetProperty("type").GetString();
    }

    private static JsonElement Data(ReceivedWebhook r) => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").Clone();

    private static HeaderDictionary With(IHeaderDictionary headers, string name, string value)
    {
        var copy = new HeaderDictionary();
        foreach (var (k, v) in headers)
        {
            copy[k] = v;
        }
        copy[name] = value;
        return copy;
    }
}

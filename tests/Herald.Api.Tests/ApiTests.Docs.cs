using Herald.Testing;

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task The_OpenAPI_document_lists_the_message_endpoints_and_bearer_authentication()
    {
        using var anonymous = ClientWith(null);

        var reply = await GetAsync("/openapi/v1.json", anonymous);

        AssertStatus(reply, 200);
        Assert.StartsWith("3.", reply.Json.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = reply.Json.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/v1/messages", "/v1/messages/check", "/v1/messages/{id}", "/v1/messages/{id}/cancel", "/v1/templates", "/v1/contacts", "/v1/api-keys", "/v1/sandbox/inbound" })
        {
            Assert.Contains(path, paths);
        }
        var messages = reply.Json.GetProperty("paths").GetProperty("/v1/messages");
        Assert.True(messages.TryGetProperty("post", out _));
        Assert.True(messages.TryGetProperty("get", out _));
        Assert.Contains("Bearer", reply.Json.GetProperty("info").GetProperty("description").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_interactive_reference_page_is_served_at_docs()
    {
        using var anonymous = ClientWith(null);

        var reply = await GetAsync("/docs", anonymous);

        AssertStatus(reply, 200);
        Assert.Equal("text/html", reply.MediaType);
        Assert.Contains("Herald API reference", reply.Text, StringComparison.Ordinal);
        var script = await GetAsync("/docs/index.js", anonymous);
        AssertStatus(script, 200);
        Assert.Contains("/openapi/v1.json", script.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Herald_runs_on_the_storage_engine_under_test()
    {
        var reply = await GetAsync("/health/ready");

        AssertStatus(reply, 200);
        Assert.Equal(Kind == StorageKind.Postgres ? "postgres" : "sqlite", reply.Str("storage"));
    }
}

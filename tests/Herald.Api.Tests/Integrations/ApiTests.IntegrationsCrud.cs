using Herald.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task Integration_crud_never_returns_secrets_and_lists_the_vendor_urls()
    {
        var created = await PostAsync("/v1/integrations", new
        {
            kind = "intercom", name = "Support inbox", client_secret = "cs-very-secret", access_token = "at-very-secret",
            settings = new { default_admin_id = "814860", default_channel = "whatsapp" },
        });
        AssertStatus(created, 201);
        var id = created.Str("id");
        Assert.DoesNotContain("very-secret", created.Text, StringComparison.Ordinal);
        Assert.True(created.Json.GetProperty("has_access_token").GetBoolean());
        var urls = created.Json.GetProperty("urls");
        Assert.EndsWith($"/integrations/intercom/{id}/initialize", urls.GetProperty("initialize").GetString(), StringComparison.Ordinal);
        Assert.EndsWith($"/integrations/intercom/{id}/submit", urls.GetProperty("submit").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("http", urls.GetProperty("submit").GetString(), StringComparison.Ordinal);

        // Encrypted at rest like sender credentials.
        var stored = await Herald.Host.Services.GetRequiredService<IntegrationStore>().GetAsync(id);
        Assert.DoesNotContain("very-secret", stored!.ClientSecret + stored.AccessToken, StringComparison.Ordinal);

        var got = await GetAsync($"/v1/integrations/{id}");
        AssertStatus(got, 200);
        Assert.DoesNotContain("very-secret", got.Text, StringComparison.Ordinal);
        Assert.Equal("814860", got.Json.GetProperty("settings").GetProperty("default_admin_id").GetString());
        var list = await GetAsync("/v1/integrations");
        Assert.Contains(list.Json.EnumerateArray(), i => i.GetProperty("id").GetString() == id);
        Assert.DoesNotContain("very-secret", list.Text, StringComparison.Ordinal);

        var patched = await PatchAsync($"/v1/integrations/{id}", new { name = "Renamed", access_token = "", client_secret = "cs-new-secret" });
        AssertStatus(patched, 200);
        Assert.Equal("Renamed", patched.Str("name"));
        Assert.False(patched.Json.GetProperty("has_access_token").GetBoolean());
        Assert.DoesNotContain("new-secret", patched.Text, StringComparison.Ordinal);

        var hubspot = await PostAsync("/v1/integrations", new
        {
            kind = "hubspot", name = "CRM", client_secret = "hs", settings = new { event_template_id = "1001", portal_id = 4420 },
        });
        AssertStatus(hubspot, 201);
        Assert.EndsWith($"/integrations/hubspot/{hubspot.Str("id")}/actions/send",
            hubspot.Json.GetProperty("urls").GetProperty("action").GetString(), StringComparison.Ordinal);

        AssertStatus(await DeleteAsync($"/v1/integrations/{id}"), 204);
        AssertProblem(await GetAsync($"/v1/integrations/{id}"), 404, "not_found");
        AssertProblem(await DeleteAsync($"/v1/integrations/{id}"), 404, "not_found");
    }

    [Fact]
    public async Task Integration_bad_input_is_a_problem_with_a_stable_code()
    {
        AssertProblem(await PostAsync("/v1/integrations", new { kind = "zendesk", name = "x", client_secret = "s" }), 400, "kind_invalid");
        AssertProblem(await PostAsync("/v1/integrations", new { kind = "hubspot", name = "x" }), 400, "client_secret_required");
        AssertProblem(await PostAsync("/v1/integrations", new { kind = "hubspot", name = "x", client_secret = "s", settings = new { admin = "1" } }), 400, "setting_unknown");
        AssertProblem(await PostAsync("/v1/integrations", new { kind = "intercom", name = "x", client_secret = "s", settings = new { default_channel = "fax" } }), 400, "setting_invalid");
        AssertProblem(await PostAsync("/v1/integrations", new { kind = "intercom", client_secret = "s", secret = "typo" }), 400, "unknown_field");
        AssertProblem(await PostAsync("/v1/integrations", new { kind = "intercom", name = "x", client_secret = "s", settings = new { default_sender = "snd_nope" } }), 400, "setting_invalid");
        var id = await CreateIntegrationAsync("intercom", "s");
        AssertProblem(await PatchAsync($"/v1/integrations/{id}", new { kind = "hubspot" }), 400, "kind_immutable");
        var (_, reader) = await CreateKeyAsync("messages only", "messages:write");
        using var limited = ClientWith(reader);
        AssertStatus(await GetAsync("/v1/integrations", limited), 403);
    }

    [Fact]
    public async Task Integration_of_another_workspace_is_404_and_never_listed()
    {
        var (_, otherKey) = await Herald.CreateWorkspaceAsync("Integration tenant");
        using var other = ClientWith(otherKey);
        var theirs = await CreateIntegrationAsync("hubspot", "their-secret", client: other);
        var mine = await CreateIntegrationAsync("intercom", "my-secret");

        foreach (var (client, foreign) in new[] { (Admin, theirs), (other, mine) })
        {
            AssertProblem(await GetAsync($"/v1/integrations/{foreign}", client), 404, "not_found");
            AssertProblem(await PatchAsync($"/v1/integrations/{foreign}", new { name = "Mallory" }, client), 404, "not_found");
            AssertProblem(await DeleteAsync($"/v1/integrations/{foreign}", client), 404, "not_found");
            var list = await GetAsync("/v1/integrations", client);
            Assert.DoesNotContain(list.Json.EnumerateArray(), i => i.GetProperty("id").GetString() == foreign);
        }
        AssertStatus(await GetAsync($"/v1/integrations/{theirs}", other), 200);
        Assert.Equal("hubspot test", (await GetAsync($"/v1/integrations/{theirs}", other)).Str("name"));
    }
}

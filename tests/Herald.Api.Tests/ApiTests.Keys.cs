using System.Net.Http.Headers;

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task A_request_without_a_key_is_401_and_says_how_to_authenticate()
    {
        using var anonymous = ClientWith(null);

        foreach (var (method, path) in new[] { ("GET", "/v1/messages"), ("POST", "/v1/messages"), ("GET", "/v1/templates"), ("POST", "/v1/contacts") })
        {
            var reply = await SendAsync(new HttpMethod(method), path, method == "POST" ? Serialize(Sms(NewPhone())) : null, anonymous);

            AssertProblem(reply, 401, "unauthorized");
            Assert.Contains("Authorization: Bearer", Detail(reply), StringComparison.Ordinal);
            Assert.Equal("Bearer", reply.Headers.WwwAuthenticate.ToString());
        }
    }

    [Theory]
    [InlineData("hrld_not_a_real_key_000000000000000000")]
    [InlineData("x")]
    [InlineData("")]
    public async Task An_unknown_key_is_401(string key)
    {
        using var client = ClientWith(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + key);
        var before = await Herald.CountRowsAsync();

        var reply = await SendAsync(HttpMethod.Post, "/v1/messages", Serialize(Sms(NewPhone())), client);

        AssertProblem(reply, 401, "unauthorized");
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Fact]
    public async Task A_key_in_another_scheme_than_Bearer_is_401()
    {
        using var client = ClientWith(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "aHJsZDp4");

        AssertProblem(await GetAsync("/v1/messages", client), 401, "unauthorized");
    }

    [Fact]
    public async Task A_key_without_the_needed_scope_gets_403_insufficient_scope()
    {
        var (_, key) = await CreateKeyAsync("read only", "messages:read");
        using var reader = ClientWith(key);
        var to = NewPhone();

        var send = await PostAsync("/v1/messages", Sms(to), client: reader);
        var template = await PostAsync("/v1/templates", TemplateDefinition(UniqueName("nope")), client: reader);
        var keys = await GetAsync("/v1/api-keys", reader);

        var problem = AssertProblem(send, 403, "insufficient_scope");
        Assert.Equal("messages:write", problem.GetProperty("required_scope").GetString());
        AssertProblem(template, 403, "insufficient_scope");
        AssertProblem(keys, 403, "insufficient_scope");
        // What the scope does allow still works: reading and checking.
        AssertStatus(await GetAsync("/v1/messages", reader), 200);
        AssertStatus(await PostAsync("/v1/messages/check", Sms(to), client: reader), 200);
        Assert.Empty(await MessagesToAsync(to));
    }

    [Fact]
    public async Task A_new_api_key_is_shown_once_and_afterwards_only_by_its_prefix()
    {
        var created = await PostAsync("/v1/api-keys", new { name = "billing system", scopes = new[] { "messages:write", "templates:read" } });

        AssertStatus(created, 201);
        var id = created.Str("id");
        var key = created.Str("key");
        Assert.StartsWith("hrld_", key, StringComparison.Ordinal);
        Assert.Equal(key[..12], created.Str("prefix"));
        Assert.Equal(["messages:write", "templates:read"], created.Json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal($"/v1/api-keys/{id}", created.Headers.Location?.ToString());

        var list = await GetAsync("/v1/api-keys");
        AssertStatus(list, 200);
        Assert.DoesNotContain(key, list.Text, StringComparison.Ordinal);
        var listed = Assert.Single(list.Json.EnumerateArray(), k => k.GetProperty("id").GetString() == id);
        Assert.Equal(key[..12], listed.GetProperty("prefix").GetString());
        Assert.Equal("billing system", listed.GetProperty("name").GetString());
        Assert.False(listed.TryGetProperty("key", out _));

        using var client = ClientWith(key);
        await SendSmsAsync(NewPhone(), client: client);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once()
    {
        var (id, key) = await CreateKeyAsync("to revoke", "messages:write");
        using var client = ClientWith(key);
        await SendSmsAsync(NewPhone(), client: client);

        var revoked = await DeleteAsync($"/v1/api-keys/{id}");

        AssertStatus(revoked, 200);
        Assert.True(revoked.Json.GetProperty("revoked_at").GetDateTimeOffset() <= Now);
        AssertProblem(await PostAsync("/v1/messages", Sms(NewPhone()), client: client), 401, "unauthorized");
        AssertProblem(await GetAsync("/v1/messages", client), 401, "unauthorized");
    }

    [Fact]
    public async Task Rotating_a_key_gives_a_new_value_with_the_same_scopes_and_the_old_one_stops_after_the_overlap()
    {
        var (id, oldKey) = await CreateKeyAsync("rotated", "messages:read");
        using var oldClient = ClientWith(oldKey);

        var rotated = await PostAsync($"/v1/api-keys/{id}/rotate", new { overlap_seconds = 0 });

        AssertStatus(rotated, 201);
        var newKey = rotated.Str("key");
        Assert.NotEqual(oldKey, newKey);
        Assert.NotEqual(id, rotated.Str("id"));
        Assert.Equal(["messages:read"], rotated.Json.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        using var newClient = ClientWith(newKey);
        AssertStatus(await GetAsync("/v1/messages", newClient), 200);
        AssertProblem(await GetAsync("/v1/messages", oldClient), 401, "unauthorized");
    }

    [Fact]
    public async Task Rotating_with_the_default_overlap_keeps_the_old_key_working_for_now()
    {
        var (id, oldKey) = await CreateKeyAsync("rotated with overlap", "messages:read");
        using var oldClient = ClientWith(oldKey);

        var rotated = await PostAsync($"/v1/api-keys/{id}/rotate", null);

        AssertStatus(rotated, 201);
        using var newClient = ClientWith(rotated.Str("key"));
        AssertStatus(await GetAsync("/v1/messages", newClient), 200);
        AssertStatus(await GetAsync("/v1/messages", oldClient), 200);
        var old = Assert.Single((await GetAsync("/v1/api-keys")).Json.EnumerateArray(), k => k.GetProperty("id").GetString() == id);
        Assert.True(old.GetProperty("revoked_at").GetDateTimeOffset() > Now.AddHours(23));
    }

    [Fact]
    public async Task A_revoked_key_cannot_be_brought_back_by_rotating_it()
    {
        var (id, key) = await CreateKeyAsync("revoked then rotated", "messages:read");
        AssertStatus(await DeleteAsync($"/v1/api-keys/{id}"), 200);
        var before = await Herald.CountRowsAsync();

        var reply = await PostAsync($"/v1/api-keys/{id}/rotate", new { overlap_seconds = 0 });

        AssertProblem(reply, 409, "api_key_revoked");
        Assert.Equal(before, await Herald.CountRowsAsync());
        using var client = ClientWith(key);
        AssertProblem(await GetAsync("/v1/messages", client), 401, "unauthorized");
    }

    [Fact]
    public async Task A_key_that_manages_keys_cannot_grant_or_rotate_into_scopes_it_does_not_hold()
    {
        var (_, manager) = await CreateKeyAsync("key manager", "keys:manage");
        var (adminId, _) = await CreateKeyAsync("second admin", "*");
        using var client = ClientWith(manager);
        var before = await Herald.CountRowsAsync();

        var wider = await PostAsync("/v1/api-keys", new { name = "escalation", scopes = new[] { "messages:write" } }, client: client);
        var everything = await PostAsync("/v1/api-keys", new { name = "escalation", scopes = new[] { "*" } }, client: client);
        var rotateAdmin = await PostAsync($"/v1/api-keys/{adminId}/rotate", new { overlap_seconds = 0 }, client: client);

        Assert.Equal("messages:write", AssertProblem(wider, 403, "insufficient_scope").GetProperty("required_scope").GetString());
        AssertProblem(everything, 403, "insufficient_scope");
        AssertProblem(rotateAdmin, 403, "insufficient_scope");
        Assert.Equal(before, await Herald.CountRowsAsync());
        var same = await PostAsync("/v1/api-keys", new { name = "another manager", scopes = new[] { "keys:manage" } }, client: client);
        AssertStatus(same, 201);
    }
}

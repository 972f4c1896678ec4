using System.Security.Cryptography;
using System.Text;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task A_remembered_answer_carrying_a_secret_is_stored_encrypted_and_still_replayed()
    {
        var key = "idem-secret-" + Guid.NewGuid().ToString("N");
        var first = await PostAsync("/v1/api-keys", new { name = UniqueName("idem_secret"), scopes = new[] { "messages:read" } }, key);
        var again = await PostAsync("/v1/api-keys", new { name = first.Str("name"), scopes = new[] { "messages:read" } }, key);

        AssertStatus(first, 201);
        Assert.Equal(first.Str("key"), again.Str("key"));
        Assert.Equal("true", again.Header("Idempotent-Replayed"));
        var db = Herald.Host.Services.GetRequiredService<Herald.Storage.Infrastructure.Database>();
        await using var c = await db.OpenAsync();
        var stored = await Dapper.SqlMapper.ExecuteScalarAsync<string>(c, "SELECT response_body FROM idempotency_keys WHERE key = @key", new { key });
        Assert.False(string.IsNullOrEmpty(stored));
        Assert.DoesNotContain(first.Str("key"), stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_Idempotency_Key_and_body_replays_the_first_response_and_stores_one_message()
    {
        var to = NewPhone();
        var key = Guid.NewGuid().ToString();
        var body = Serialize(Sms(to, "Your code is 4321"));

        var first = await PostRawAsync("/v1/messages", body, key);
        var second = await PostRawAsync("/v1/messages", body, key);

        AssertStatus(first, 202);
        Assert.Null(first.Header("Idempotent-Replayed"));
        AssertStatus(second, 202);
        Assert.Equal("true", second.Header("Idempotent-Replayed"));
        Assert.Equal(first.Str("id"), second.Str("id"));
        Assert.Equal(first.Text, second.Text);
        Assert.Single(await MessagesToAsync(to));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_with_another_body_is_refused_with_422_and_sends_nothing_more()
    {
        var to = NewPhone();
        var key = Guid.NewGuid().ToString();
        AssertStatus(await PostAsync("/v1/messages", Sms(to, "Your code is 4321"), key), 202);

        var reused = await PostAsync("/v1/messages", Sms(to, "Your code is 9999"), key);

        AssertProblem(reused, 422, "idempotency_key_reused");
        Assert.Single(await MessagesToAsync(to));
    }

    [Fact]
    public async Task A_retry_while_the_first_request_is_still_in_flight_gets_409()
    {
        var to = NewPhone();
        var key = Guid.NewGuid().ToString();
        var body = Serialize(Sms(to));
        // The first request has claimed the key and is still running.
        await ClaimAsync(key, body, Now);

        var retry = await PostRawAsync("/v1/messages", body, key);

        AssertProblem(retry, 409, "idempotency_request_in_progress");
        Assert.NotNull(retry.Header("Retry-After"));
        Assert.Empty(await MessagesToAsync(to));
    }

    [Fact]
    public async Task A_key_left_in_flight_by_a_request_that_died_with_its_process_is_taken_over_by_the_retry()
    {
        var to = NewPhone();
        var key = Guid.NewGuid().ToString();
        var body = Serialize(Sms(to));
        await ClaimAsync(key, body, Now - TimeSpan.FromMinutes(10));

        var retry = await PostRawAsync("/v1/messages", body, key);
        var again = await PostRawAsync("/v1/messages", body, key);

        AssertStatus(retry, 202);
        AssertStatus(again, 202);
        Assert.Equal("true", again.Header("Idempotent-Replayed"));
        Assert.Equal(retry.Str("id"), Assert.Single(await MessagesToAsync(to)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_refusal_of_the_credential_is_not_remembered_so_a_retry_with_a_permitted_key_runs()
    {
        var (_, readOnly) = await CreateKeyAsync("reader for idempotency", "messages:read");
        using var reader = ClientWith(readOnly);
        var to = NewPhone();
        var key = Guid.NewGuid().ToString();

        var forbidden = await PostAsync("/v1/messages", Sms(to), key, reader);
        var permitted = await PostAsync("/v1/messages", Sms(to), key);

        AssertProblem(forbidden, 403, "insufficient_scope");
        AssertStatus(permitted, 202);
        Assert.Null(permitted.Header("Idempotent-Replayed"));
    }

    [Fact]
    public async Task A_refusal_is_replayed_too_so_a_retried_request_gets_the_same_answer()
    {
        var to = NewPhone();
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync("/v1/messages", Text(to, "whatsapp"), key);
        var again = await PostAsync("/v1/messages", Text(to, "whatsapp"), key);

        AssertProblem(first, 422, "window_closed");
        AssertProblem(again, 422, "window_closed");
        Assert.Equal("true", again.Header("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Idempotency_keys_belong_to_one_workspace()
    {
        var (_, otherKey) = await Herald.CreateWorkspaceAsync("Idempotency tenant");
        using var other = ClientWith(otherKey);
        var key = Guid.NewGuid().ToString();
        var to = NewPhone();

        var mine = await PostAsync("/v1/messages", Sms(to), key);
        var theirs = await PostAsync("/v1/messages", Sms(to), key, other);

        AssertStatus(mine, 202);
        AssertStatus(theirs, 202);
        Assert.Null(theirs.Header("Idempotent-Replayed"));
        Assert.NotEqual(mine.Str("id"), theirs.Str("id"));
    }

    [Fact]
    public async Task Every_creating_POST_takes_an_Idempotency_Key_contacts_and_templates_included()
    {
        var key = Guid.NewGuid().ToString();
        var contact = new { phone = NewPhone(), name = "Ann" };
        var firstContact = await PostAsync("/v1/contacts", contact, key);
        var againContact = await PostAsync("/v1/contacts", contact, key);
        AssertStatus(firstContact, 201);
        AssertStatus(againContact, 201);
        Assert.Equal(firstContact.Str("id"), againContact.Str("id"));
        Assert.Equal("true", againContact.Header("Idempotent-Replayed"));

        var templateKey = Guid.NewGuid().ToString();
        var template = TemplateDefinition(UniqueName("idem"));
        var firstTemplate = await PostAsync("/v1/templates", template, templateKey);
        var againTemplate = await PostAsync("/v1/templates", template, templateKey);
        AssertStatus(firstTemplate, 201);
        AssertStatus(againTemplate, 201);
        Assert.Equal(firstTemplate.Str("id"), againTemplate.Str("id"));
    }

    [Fact]
    public async Task An_Idempotency_Key_longer_than_255_characters_is_refused()
    {
        var reply = await PostAsync("/v1/messages", Sms(NewPhone()), new string('k', 256));

        AssertProblem(reply, 400, "idempotency_key_invalid");
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_store_exactly_one_message()
    {
        var to = NewPhone();
        var key = Guid.NewGuid().ToString();
        var body = Serialize(Sms(to, "Your code is 1111"));

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostRawAsync("/v1/messages", body, key)));

        Assert.All(replies, r => Assert.True(r.Status is 202 or 409, r.ToString()));
        var created = replies.Where(r => r.Status == 202).Select(r => r.Str("id")).Distinct().ToList();
        var stored = Assert.Single(await MessagesToAsync(to));
        Assert.Equal(stored.GetProperty("id").GetString(), Assert.Single(created));
        Assert.All(replies.Where(r => r.Status == 409), r => Assert.Equal("idempotency_request_in_progress", r.Code));
    }

    [Fact]
    public async Task A_key_used_on_one_endpoint_cannot_be_reused_on_another()
    {
        var key = Guid.NewGuid().ToString();
        var phone = NewPhone();
        AssertStatus(await PostAsync("/v1/messages", Sms(phone), key), 202);

        AssertProblem(await PostAsync("/v1/contacts", new { phone }, key), 422, "idempotency_key_reused");
    }

    /// <summary>Claims a key for POST /v1/messages with this body exactly as the API does when a request starts.</summary>
    private async Task ClaimAsync(string key, string body, DateTimeOffset at)
    {
        var claimed = await Herald.Host.Services.GetRequiredService<IdempotencyStore>().TryBeginAsync(new IdempotencyRow
        {
            WorkspaceId = Herald.WorkspaceId, Key = key, RequestHash = RequestHash("POST", "/v1/messages", body), State = "in_flight",
            CreatedAt = at.ToUnixTimeMilliseconds(), ExpiresAt = (at + TimeSpan.FromHours(24)).ToUnixTimeMilliseconds(),
        });
        Assert.Null(claimed);
    }

    /// <summary>What the API fingerprints a request by: method, path and the raw body.</summary>
    private static string RequestHash(string method, string path, string body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(method + " " + path + "\n"));
        sha.AppendData(Encoding.UTF8.GetBytes(body));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

using System.Text.Json;

namespace Herald.Providers.Integration.Tests;

/// <summary>/v1/senders over HTTP: credentials are never answered nor stored in plaintext; validation, tenancy and scopes.</summary>
public sealed class SendersApiTests(SqliteProviders fx) : IntegrationTest(fx), IClassFixture<SqliteProviders>
{
    private const string Token = "EAAJB-secret-access-token-5f1c9e";
    private const string Secret = "app-secret-77d2a0c4";
    private const string Verify = "verify-token-3b9e";
    private const string NewToken = "EAAJB-rotated-access-token-91aa0e";

    private static object MetaSender(string accessToken) => new
    {
        name = "Shop WhatsApp", channel = "whatsapp", provider = "meta", address = "+15550783882",
        settings = new { phone_number_id = "106540352242923", waba_id = ProvidersFixture.WabaId },
        credentials = new { access_token = accessToken, app_secret = Secret, verify_token = Verify },
    };

    private static void AssertNoSecret(Reply reply)
    {
        foreach (var secret in new[] { Token, Secret, Verify, NewToken })
        {
            Assert.DoesNotContain(secret, reply.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Credentials_never_appear_in_any_answer_and_are_not_stored_in_plaintext()
    {
        var created = await PostAsync("/v1/senders", MetaSender(Token));
        AssertStatus(created, 201);
        AssertNoSecret(created);
        var id = created.Str("id");
        Assert.Equal(["access_token", "app_secret", "verify_token"],
            created.Json.GetProperty("credentials_set").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal($"/hooks/meta/{id}", new Uri(created.Str("webhook_url")).AbsolutePath);

        var one = await GetAsync($"/v1/senders/{id}");
        AssertStatus(one, 200);
        AssertNoSecret(one);
        var list = await GetAsync("/v1/senders");
        AssertStatus(list, 200);
        AssertNoSecret(list);
        Assert.Contains(list.Json.EnumerateArray(), s => s.GetProperty("id").GetString() == id);

        var patched = await PatchAsync($"/v1/senders/{id}", new { credentials = new { access_token = NewToken } });
        AssertStatus(patched, 200);
        AssertNoSecret(patched);

        var stored = Assert.Single(await Fx.StringsAsync("SELECT credentials FROM senders WHERE id = @id", ("@id", id)));
        Assert.False(string.IsNullOrEmpty(stored));
        foreach (var secret in new[] { Token, Secret, Verify, NewToken })
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secret)), stored, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Validation_errors_are_problem_json_with_code_and_field()
    {
        var before = await Fx.ScalarAsync("SELECT COUNT(*) FROM senders");
        var missing = await PostAsync("/v1/senders", new
        {
            name = "No ids", channel = "whatsapp", provider = "meta", address = "+15550783883",
            settings = new { waba_id = ProvidersFixture.WabaId }, credentials = new { access_token = Token, app_secret = Secret, verify_token = Verify },
        });
        var badSid = await PostAsync("/v1/senders", new
        {
            name = "Bad sid", channel = "sms", provider = "twilio", address = "+15557122662",
            settings = new { account_sid = "not-a-sid" }, credentials = new { auth_token = "x" },
        });
        var badProvider = await PostAsync("/v1/senders", new { name = "Nope", channel = "sms", provider = "carrier-pigeon", address = "+15557122663" });

        foreach (var reply in new[] { missing, badSid, badProvider })
        {
            AssertStatus(reply, 400);
            Assert.Equal("application/problem+json", reply.MediaType);
            Assert.False(string.IsNullOrEmpty(reply.Json.GetProperty("code").GetString()), reply.Text);
            var errors = reply.Json.GetProperty("errors").EnumerateArray().ToList();
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("code").GetString()), reply.Text));
            AssertNoSecret(reply);
        }
        Assert.Contains(missing.Json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "settings.phone_number_id");
        Assert.Contains(badSid.Json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "settings.account_sid");
        Assert.Contains(badProvider.Json.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "provider");
        Assert.Equal(before, await Fx.ScalarAsync("SELECT COUNT(*) FROM senders"));
    }

    [Fact]
    public async Task Another_workspace_gets_404_for_this_workspaces_sender()
    {
        var (_, otherKey) = await Fx.CreateWorkspaceAsync("Other tenant");
        using var other = Fx.Host.CreateClient(otherKey);

        AssertProblem(await GetAsync($"/v1/senders/{Fx.Meta.Id}", other), 404, "not_found");
        AssertProblem(await PatchAsync($"/v1/senders/{Fx.Meta.Id}", new { name = "Taken over" }, other), 404, "not_found");
        AssertProblem(await SendAsync(other, HttpMethod.Delete, $"/v1/senders/{Fx.Meta.Id}"), 404, "not_found");
        var list = await GetAsync("/v1/senders", other);
        AssertStatus(list, 200);
        Assert.DoesNotContain(list.Json.EnumerateArray(), s => s.GetProperty("id").GetString() == Fx.Meta.Id);
        Assert.Equal("Meta WhatsApp", (await GetAsync($"/v1/senders/{Fx.Meta.Id}")).Str("name"));
    }

    [Fact]
    public async Task A_key_without_senders_write_gets_403_and_one_without_senders_read_cannot_list()
    {
        var readOnly = await PostAsync("/v1/api-keys", new { name = "reader", scopes = new[] { "senders:read" } });
        AssertStatus(readOnly, 201);
        var noSenders = await PostAsync("/v1/api-keys", new { name = "messenger", scopes = new[] { "messages:write" } });
        AssertStatus(noSenders, 201);
        using var reader = Fx.Host.CreateClient(KeyOf(readOnly.Json));
        using var messenger = Fx.Host.CreateClient(KeyOf(noSenders.Json));
        var before = await Fx.ScalarAsync("SELECT COUNT(*) FROM senders");

        AssertStatus(await GetAsync("/v1/senders", reader), 200);
        AssertProblem(await PostAsync("/v1/senders", MetaSender(Token), reader), 403, "insufficient_scope");
        AssertProblem(await PatchAsync($"/v1/senders/{Fx.Meta.Id}", new { name = "x" }, reader), 403, "insufficient_scope");
        AssertProblem(await GetAsync("/v1/senders", messenger), 403, "insufficient_scope");

        Assert.Equal(before, await Fx.ScalarAsync("SELECT COUNT(*) FROM senders"));
    }

    private static string KeyOf(JsonElement created) =>
        created.TryGetProperty("key", out var k) ? k.GetString()! : created.GetProperty("token").GetString()!;
}

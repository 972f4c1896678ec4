namespace Herald.Api.Tests.Octopods;

public abstract partial class OctopodsTests
{
    [Fact]
    public async Task Whatsapp_send_errors_carry_the_documented_names_codes()
    {
        var id = await BodyOnlyTemplateAsync();
        var path = $"/api/v1/whatsapp/templates/{id}/messages";
        var phone = Herald.NewPhone();

        AssertOctopodsError(await OctoPostAsync(path, new { message_variables = new[] { "Alex", "1234" } }), 1); // ARGUMENT_MISSING
        AssertOctopodsError(await OctoPostAsync(path, new { destination_phone = phone, message_variables = "Alex" }), 2); // TYPE_MISMATCH
        AssertOctopodsError(await OctoPostAsync(path, new { destination_phone = 14155552671L }), 5); // a number is taken as text, then PHONE_INVALID
        AssertOctopodsError(await OctoPostAsync("/api/v1/whatsapp/templates/tpl_nope/messages",
            new { destination_phone = phone, message_variables = new[] { "Alex", "1234" } }), 3); // TEMPLATE_NOT_EXIST
        AssertOctopodsError(await OctoPostAsync(path, new { destination_phone = phone, message_variables = new[] { "Alex" } }),
            4, "template_parameter_count"); // VARIABLES_SIZE
        AssertOctopodsError(await OctoPostAsync(path, new { destination_phone = "0044 12", message_variables = new[] { "Alex", "1234" } }), 5);
        AssertOctopodsError(await OctoPostAsync(path,
            new { destination_phone = phone, message_variables = new[] { "Alex", "1234" }, open_intercom_conversation = "maybe" }), 2);
    }

    [Theory]
    [InlineData("{\"destination_phone\": ")]
    [InlineData("[1, 2]")]
    [InlineData("not json")]
    public async Task Malformed_json_is_TYPE_MISMATCH_never_a_500(string raw)
    {
        var id = await BodyOnlyTemplateAsync();
        AssertOctopodsError(await OctoPostAsync($"/api/v1/whatsapp/templates/{id}/messages", raw), 2);
        AssertOctopodsError(await OctoPostAsync("/api/v1/sms/messages", raw), 6);
    }

    [Fact]
    public async Task A_missing_or_unknown_key_is_401_and_a_bearer_header_is_not_enough()
    {
        foreach (var reply in new[]
        {
            await SendAsync(HttpMethod.Get, "/api/v1/whatsapp/templates", null, null, null),
            await OctoGetAsync("/api/v1/whatsapp/templates", "hrld_not_a_real_key"),
            await SendAsync(HttpMethod.Get, "/api/v1/whatsapp/templates", null, null, WorkspaceKey),
            await SendAsync(HttpMethod.Post, "/api/v1/sms/messages", "{}", null, null),
        })
        {
            Assert.True(reply.Status == 401, reply.ToString());
            Assert.True(Guid.TryParse(reply.Str("request_id"), out _), reply.Text);
            Assert.False(string.IsNullOrWhiteSpace(reply.Str("error")));
        }
    }

    [Fact]
    public async Task A_revoked_key_is_DEPRECATED_API_KEY_6_on_whatsapp_and_vbm_and_5_on_sms()
    {
        var key = await CreateKeyAsync("revoked octopods key", null, "templates:read", "messages:write");
        var keys = await NativeGetAsync("/v1/api-keys");
        var keyId = keys.Json.EnumerateArray().Last(k => k.GetProperty("name").GetString() == "revoked octopods key").GetProperty("id").GetString();
        Assert.Equal(200, (await SendAsync(HttpMethod.Delete, $"/v1/api-keys/{keyId}", null, null, WorkspaceKey)).Status);

        AssertOctopodsError(await OctoGetAsync("/api/v1/whatsapp/templates", key), 6);
        AssertOctopodsError(await OctoGetAsync("/api/v1/vbm/templates", key), 6);
        AssertOctopodsError(await OctoPostAsync("/api/v1/sms/messages", new { destination_phone = Herald.NewPhone(), body = "Hi" }, key), 5);
    }

    [Fact]
    public async Task Template_list_query_values_that_octopods_does_not_know_are_TYPE_MISMATCH()
    {
        AssertOctopodsError(await OctoGetAsync("/api/v1/whatsapp/templates?status=sleeping"), 2);
        AssertOctopodsError(await OctoGetAsync("/api/v1/vbm/templates?active=maybe"), 2);
        AssertOctopodsError(await OctoGetAsync("/api/v1/whatsapp/templates/tpl_nope"), 3);
    }

    [Fact]
    public async Task The_octopods_routes_stay_out_of_the_native_openapi_document()
    {
        var doc = await SendAsync(HttpMethod.Get, "/openapi/v1.json", null, null, null);
        Assert.Equal(200, doc.Status);
        Assert.DoesNotContain("/api/v1/", doc.Text, StringComparison.Ordinal);
        Assert.Contains("/v1/messages", doc.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_rotated_without_overlap_is_deprecated_and_its_successor_works()
    {
        var old = await CreateKeyAsync("rotated octopods key", null, "templates:read");
        var oldId = (await NativeGetAsync("/v1/api-keys")).Json.EnumerateArray()
            .Last(k => k.GetProperty("name").GetString() == "rotated octopods key").GetProperty("id").GetString();
        var rotated = await NativePostAsync($"/v1/api-keys/{oldId}/rotate", new { overlap_seconds = 0 });
        Assert.True(rotated.Status == 201, rotated.ToString());

        AssertOctopodsError(await OctoGetAsync("/api/v1/whatsapp/templates", old), 6);
        Assert.Equal(200, (await OctoGetAsync("/api/v1/whatsapp/templates", rotated.Str("key"))).Status);
    }

    [Fact]
    public async Task A_key_without_the_scope_is_403()
    {
        var key = await CreateKeyAsync("reader without templates", null, "messages:read");
        var reply = await OctoGetAsync("/api/v1/whatsapp/templates", key);
        Assert.Equal(403, reply.Status);
        Assert.Contains("templates:read", reply.Str("error"), StringComparison.Ordinal);
        Assert.Equal(403, (await OctoPostAsync("/api/v1/sms/messages", new { destination_phone = Herald.NewPhone(), body = "Hi" }, key)).Status);
    }
}

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Theory]
    [InlineData("""{"phone": 14155550123}""", "invalid_type")]
    [InlineData("""{"phone": "{to}", "attributes": "vip"}""", "attributes_invalid")]
    [InlineData("""{"phone": "{to}", "time_zone": "Mars/Olympus_Mons"}""", "time_zone_invalid")]
    [InlineData("""{"phone": "{to}", "time_zone": ""}""", "time_zone_invalid")]
    [InlineData("""{"name": "Ann"}""", "phone_required")]
    [InlineData("""{"phone": "{to}", "nickname": "A"}""", "unknown_field")]
    public async Task Bad_contact_fields_are_a_400_problem_and_create_no_contact(string template, string code)
    {
        var before = await Herald.CountRowsAsync();

        var reply = await PostRawAsync("/v1/contacts", template.Replace("{to}", NewPhone(), StringComparison.Ordinal));

        AssertProblem(reply, 400, code);
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Theory]
    [InlineData("""{"name": "k", "scopes": ["messages:send"]}""", "scope_unknown")]
    [InlineData("""{"name": "k", "scopes": []}""", "scopes_required")]
    [InlineData("""{"scopes": ["messages:read"]}""", "name_required")]
    [InlineData("""{"name": "k", "scopes": "messages:read"}""", "invalid_type")]
    [InlineData("""{"name": "k", "scopes": ["messages:read"], "expires_at": "2001-01-01T00:00:00Z"}""", "expires_at_in_past")]
    public async Task Bad_api_key_requests_are_a_400_problem_and_create_no_key(string body, string code)
    {
        var before = await Herald.CountRowsAsync();

        AssertProblem(await PostRawAsync("/v1/api-keys", body), 400, code);
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Theory]
    [InlineData("""{"from": "{to}", "channel": "pigeon", "text": "hi"}""", "channel_invalid")]
    [InlineData("""{"channel": "sms", "text": "hi"}""", "from_required")]
    [InlineData("""{"from": "{to}", "channel": "sms", "text": "hi", "received_at": "2999-01-01T00:00:00Z"}""", "received_at_in_future")]
    [InlineData("""{"from": "{to}", "channel": "sms", "text": "hi", "received_at": "yesterday"}""", "invalid_type")]
    [InlineData("""{"from": "{to}", "channel": "sms", "text": "hi", "sender": "snd_nope"}""", "sender_not_found")]
    public async Task Bad_sandbox_inbound_requests_are_a_400_problem_and_record_nothing(string template, string code)
    {
        var before = await Herald.CountRowsAsync();

        var reply = await PostRawAsync("/v1/sandbox/inbound", template.Replace("{to}", NewPhone(), StringComparison.Ordinal));

        AssertProblem(reply, 400, code);
        Assert.Equal(before, await Herald.CountRowsAsync());
    }
}

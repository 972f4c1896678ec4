namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    private static readonly string[] CreatingEndpoints =
    [
        "/v1/messages", "/v1/messages/check", "/v1/templates", "/v1/templates/lint", "/v1/contacts", "/v1/api-keys", "/v1/sandbox/inbound",
    ];

    public static TheoryData<string, string> MalformedBodies
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var path in CreatingEndpoints)
            {
                data.Add(path, """{"to": "+447700900999", "channel": "sms", "text": "hi" """);
                data.Add(path, "{to: '+447700900999'}");
                data.Add(path, "this is not JSON");
                data.Add(path, """{"name": "x",}""");
                data.Add(path, "[1, 2, 3]");
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_json_is_a_400_problem_on_every_endpoint_and_writes_nothing(string path, string body)
    {
        var before = await Herald.CountRowsAsync();

        var reply = await PostRawAsync(path, body);

        AssertProblem(reply, 400, "malformed_json");
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Theory]
    [InlineData("""{"to": 123, "channel": "sms", "text": "hi"}""", "invalid_type", "to")]
    [InlineData("""{"to": "{to}", "channel": "sms", "text": "hi", "send_at": "tomorrow"}""", "invalid_type", "send_at")]
    [InlineData("""{"to": "{to}", "channel": "sms", "text": "hi", "send_at": 1767225600}""", "invalid_type", "send_at")]
    [InlineData("""{"to": "{to}", "channel": "sms", "text": ["hi"]}""", "invalid_type", "text")]
    [InlineData("""{"to": "{to}", "channel": 5, "text": "hi"}""", "invalid_type", "channel")]
    [InlineData("""{"to": "{to}", "channel": "whatsapp", "template": "order_shipped"}""", "invalid_type", "template")]
    [InlineData("""{"to": "{to}", "channel": "whatsapp", "template": {"name": "order_shipped", "parameters": 5}}""", "invalid_type", "template.parameters")]
    [InlineData("""{"to": "{to}", "channel": "whatsapp", "template": {"name": "order_shipped", "parameters": [{"a": 1}]}}""", "invalid_type", "template.parameters")]
    [InlineData("""{"to": "{to}", "channel": "sms", "text": "hi", "metadata": "order 1"}""", "metadata_invalid", "metadata")]
    [InlineData("""{"to": "{to}", "channel": "sms", "text": "hi", "validity": true}""", "validity_invalid", "validity")]
    [InlineData("""{"to": "{to}", "channel": "sms", "text": "hi", "validity": "soon"}""", "validity_invalid", "validity")]
    [InlineData("""{"to": "{to}", "channel": "sms", "text": "hi", "validity": 9223372036854775807}""", "validity_invalid", "validity")]
    [InlineData("""{"to": "{to}", "channel": "sms", "text": "hi", "validity": -9223372036854775808}""", "validity_invalid", "validity")]
    [InlineData("""{"to": "{to}", "channel": "sms", "text": "hi", "validity": "P99999999D"}""", "validity_invalid", "validity")]
    [InlineData("""{"to": "{to}", "channel": "sms", "text": "hi", "validity": 10}""", "validity_invalid", "validity")]
    [InlineData("""{"to": "{to}", "channel": "fax", "text": "hi"}""", "channel_invalid", "channel")]
    [InlineData("""{"to": "{to}", "channel": "sms", "text": "hi", "purpose": "spam"}""", "purpose_invalid", "purpose")]
    [InlineData("""{"to": "{to}", "channel": "sms"}""", "content_missing", "text")]
    [InlineData("""{"to": "{to}", "text": "hi"}""", "channel_required", "channel")]
    [InlineData("""{"channel": "sms", "text": "hi"}""", "to_required", "to")]
    public async Task Fields_of_the_wrong_type_or_value_are_a_400_problem_naming_the_field(string template, string code, string field)
    {
        var body = template.Replace("{to}", NewPhone(), StringComparison.Ordinal);
        var before = await Herald.CountRowsAsync();

        foreach (var path in new[] { "/v1/messages", "/v1/messages/check" })
        {
            var reply = await PostRawAsync(path, body);

            var problem = AssertProblem(reply, 400, code);
            Assert.Contains(field, problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        }
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Theory]
    [InlineData("/v1/messages", """{"to": 14155550123, "channel": "sms", "text": "hi"}""", "to", "expected a string")]
    [InlineData("/v1/messages", """{"to": "+447700900999", "channel": "sms", "text": "hi", "send_at": "tomorrow"}""", "send_at", "ISO 8601 date-time")]
    [InlineData("/v1/messages", """{"to": "+447700900999", "channel": "sms", "text": "hi", "send_at": "9999-12-31T23:59:59-01:00"}""", "send_at", "ISO 8601 date-time")]
    [InlineData("/v1/api-keys", """{"name": "k", "scopes": "messages:read"}""", "scopes", "expected an array")]
    [InlineData("/v1/api-keys", """{"name": "k", "scopes": [5]}""", "scopes[0]", "expected a string")]
    [InlineData("/v1/api-keys/key_unknown/rotate", """{"overlap_seconds": "a day"}""", "overlap_seconds", "number")]
    [InlineData("/v1/api-keys/key_unknown/rotate", """{"overlap_seconds": 99999999999}""", "overlap_seconds", "number")]
    [InlineData("/v1/templates", """{"name": "x", "language": "en", "category": "UTILITY", "components": [{"type": "BODY", "text": "Hi {{1}}", "example": {"body_text": "Ann"}}]}""", "components[0].example.body_text", "expected an array")]
    public async Task A_field_of_the_wrong_type_is_named_with_what_was_expected(string path, string body, string field, string expected)
    {
        var reply = await PostRawAsync(path, body);

        var problem = AssertProblem(reply, 400, "invalid_type");
        Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Contains(expected, Detail(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_problems_in_one_request_are_listed_together()
    {
        var reply = await PostAsync("/v1/messages", new { to = "12345", channel = "fax", purpose = "spam" });

        var problem = AssertProblem(reply, 400, "validation_failed");
        var codes = Codes(problem.GetProperty("errors"));
        Assert.Contains("invalid_phone", codes);
        Assert.Contains("channel_invalid", codes);
        Assert.Contains("purpose_invalid", codes);
        Assert.Contains("content_missing", codes);
    }

    [Fact]
    public async Task An_unknown_field_is_refused_rather_than_silently_ignored()
    {
        var before = await Herald.CountRowsAsync();

        var reply = await PostAsync("/v1/messages", new { to = NewPhone(), channel = "sms", text = "hi", colour = "red" });

        AssertProblem(reply, 400, "unknown_field");
        Assert.Contains("colour", Detail(reply), StringComparison.Ordinal);
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("null")]
    public async Task A_missing_body_is_a_400_problem(string? body)
    {
        foreach (var path in CreatingEndpoints)
        {
            var reply = await PostRawAsync(path, body);

            AssertProblem(reply, 400, "body_required");
        }
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("+1 555")]
    [InlineData("+99912345678")]
    [InlineData("4155550123")]
    [InlineData("+1-201-ABC-0123")]
    [InlineData("++12015550123")]
    [InlineData("+1234567890123456")]
    [InlineData("+44 7700 900")]
    public async Task Invalid_phone_numbers_are_refused_with_invalid_phone_everywhere_a_number_is_taken(string phone)
    {
        var before = await Herald.CountRowsAsync();

        var send = await PostAsync("/v1/messages", Sms(phone));
        var check = await PostAsync("/v1/messages/check", Sms(phone));
        var contact = await PostAsync("/v1/contacts", new { phone, name = "Ann" });
        var inbound = await PostAsync("/v1/sandbox/inbound", new { from = phone, channel = "sms", text = "hi" });

        foreach (var (reply, field) in new[] { (send, "to"), (check, "to"), (contact, "phone"), (inbound, "from") })
        {
            var problem = AssertProblem(reply, 400, "invalid_phone");
            Assert.Contains("E.164", Detail(reply), StringComparison.Ordinal);
            Assert.Equal(field, problem.GetProperty("errors")[0].GetProperty("field").GetString());
        }
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Fact]
    public async Task An_unknown_template_is_refused_with_template_not_found()
    {
        var before = await Herald.CountRowsAsync();

        var reply = await PostAsync("/v1/messages", Template(NewPhone(), "whatsapp", "no_such_template", "Ann"));

        AssertProblem(reply, 422, "template_not_found");
        Assert.Contains("no_such_template", Detail(reply), StringComparison.Ordinal);
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Theory]
    [InlineData("Ann")]
    [InlineData("Ann|A-1|extra")]
    [InlineData("")]
    public async Task The_wrong_number_of_template_parameters_is_refused(string given)
    {
        var parameters = given.Split('|', StringSplitOptions.RemoveEmptyEntries);
        var name = UniqueName("order_shipped");
        await CreateTemplateAsync(name);
        var before = await Herald.CountRowsAsync();

        var reply = await PostAsync("/v1/messages", Template(NewPhone(), "whatsapp", name, parameters));

        AssertProblem(reply, 422, "template_parameter_count");
        Assert.Contains("2 parameters", Detail(reply), StringComparison.Ordinal);
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_template_parameter_is_refused(string empty)
    {
        var name = UniqueName("order_shipped");
        await CreateTemplateAsync(name);
        var before = await Herald.CountRowsAsync();

        var reply = await PostAsync("/v1/messages", Template(NewPhone(), "whatsapp", name, "Ann", empty));

        AssertProblem(reply, 422, "template_parameter_empty");
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Fact]
    public async Task A_1_MB_body_is_refused_with_413_and_writes_nothing()
    {
        var before = await Herald.CountRowsAsync();
        var huge = Serialize(new { to = NewPhone(), channel = "sms", text = new string('a', 1024 * 1024) });

        var plain = await PostRawAsync("/v1/messages", huge);
        var keyed = await PostRawAsync("/v1/messages", huge, Guid.NewGuid().ToString());
        var contact = await PostRawAsync("/v1/contacts", Serialize(new { phone = NewPhone(), name = new string('a', 1024 * 1024) }));

        AssertProblem(plain, 413, "body_too_large");
        AssertProblem(keyed, 413, "body_too_large");
        AssertProblem(contact, 413, "body_too_large");
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Fact]
    public async Task A_1_MB_body_announced_with_Expect_100_continue_is_refused_before_it_is_sent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/messages", UriKind.Relative))
        {
            Content = new StringContent(Serialize(new { to = NewPhone(), channel = "sms", text = new string('a', 1024 * 1024) }),
                System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;

        using var response = await Admin.SendAsync(request);

        AssertProblem(new Reply(response, await response.Content.ReadAsStringAsync()), 413, "body_too_large");
    }

    [Fact]
    public async Task A_long_sms_over_the_limit_is_refused_as_body_too_long()
    {
        var reply = await PostAsync("/v1/messages", Sms(NewPhone(), new string('a', 1601)));

        AssertProblem(reply, 422, "body_too_long");
    }

    [Fact]
    public async Task A_send_at_in_the_past_is_refused()
    {
        var reply = await PostAsync("/v1/messages", new { to = NewPhone(), channel = "sms", text = "hi", send_at = Now - TimeSpan.FromHours(1) });

        AssertProblem(reply, 400, "send_at_in_past");
    }

    [Fact]
    public async Task An_unknown_address_or_method_is_a_problem_not_an_empty_page()
    {
        var reply = await GetAsync("/v1/no-such-thing");
        var wrongMethod = await SendAsync(HttpMethod.Put, "/v1/messages", "{}");

        AssertProblem(reply, 404, "not_found");
        AssertProblem(wrongMethod, 405, "method_not_allowed");
    }

    [Theory]
    [InlineData("/v1/messages/msg_01JD5X7Q8M4N2P3R5S6T7V8W9X")]
    [InlineData("/v1/messages/not-an-id")]
    [InlineData("/v1/templates/tpl_01JD5X7Q8M4N2P3R5S6T7V8W9X")]
    [InlineData("/v1/contacts/ct_01JD5X7Q8M4N2P3R5S6T7V8W9X")]
    public async Task An_unknown_id_is_a_404_problem(string path)
    {
        AssertProblem(await GetAsync(path), 404, "not_found");
    }
}

using System.Text.RegularExpressions;

namespace Herald.Api.Tests.Octopods;

public abstract partial class OctopodsTests
{
    [Fact]
    public async Task Whatsapp_templates_are_listed_in_octopods_shape_and_approved_ones_are_Accepted()
    {
        var id = await BodyOnlyTemplateAsync();
        var whatsapp = await SenderAsync("whatsapp");

        var list = await OctoGetAsync("/api/v1/whatsapp/templates/");

        Assert.Equal(200, list.Status);
        var item = list.Json.EnumerateArray().Single(t => t.GetProperty("herald_template_id").GetString() == id);
        Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"), item.GetProperty("created_at").GetString());
        Assert.StartsWith("octo_body_", item.GetProperty("template_name").GetString(), StringComparison.Ordinal);
        Assert.Equal("Hi {{1}}, your order {{2}} has shipped.", item.GetProperty("template_body").GetString());
        var body = item.GetProperty("template_components").EnumerateArray().Single();
        Assert.Equal("BODY", body.GetProperty("type").GetString());
        Assert.Equal("Hi {{1}}, your order {{2}} has shipped.", body.GetProperty("text").GetString());
        Assert.Equal(whatsapp.GetProperty("address").GetString(), item.GetProperty("account_phone_number").GetString());
        Assert.Equal("Accepted", item.GetProperty("template_status").GetString());

        var one = await OctoGetAsync($"/api/v1/whatsapp/templates/{id}");
        Assert.Equal(200, one.Status);
        Assert.Equal(item.ToString(), one.Json.ToString());

        // template_id is a number, as Octopods clients parse it; the path takes it (or Herald's id).
        var number = item.GetProperty("template_id").GetInt64();
        var byNumber = await OctoGetAsync($"/api/v1/whatsapp/templates/{number}");
        Assert.Equal(item.ToString(), byNumber.Json.ToString());
        Assert.Equal(number, (await OctoGetAsync("/api/v1/whatsapp/templates")).Json.EnumerateArray()
            .Single(t => t.GetProperty("herald_template_id").GetString() == id).GetProperty("template_id").GetInt64());
        AssertOctopodsError(await OctoGetAsync("/api/v1/whatsapp/templates/987654321"), 3); // TEMPLATE_NOT_EXIST
    }

    [Theory]
    [InlineData("?status=accepted", true)]
    [InlineData("?status=rejected", false)]
    [InlineData("?active=true", true)]
    [InlineData("?active=false", false)]
    [InlineData("?lang=en", true)]
    [InlineData("?lang=pt", false)]
    [InlineData("?active=true&status=accepted&lang=en", true)]
    public async Task Whatsapp_templates_filter_by_active_status_and_lang(string query, bool listed)
    {
        var id = await BodyOnlyTemplateAsync();
        var list = await OctoGetAsync("/api/v1/whatsapp/templates" + query);
        Assert.Equal(200, list.Status);
        Assert.Equal(listed, list.Json.EnumerateArray().Any(t => t.GetProperty("herald_template_id").GetString() == id));
    }

    [Fact]
    public async Task A_rejected_template_is_listed_as_Rejected_and_its_send_is_refused_with_heralds_reason()
    {
        var id = await BodyOnlyTemplateAsync();
        Assert.Equal(200, (await NativePostAsync($"/v1/sandbox/templates/{id}/status", new { status = "REJECTED" })).Status);

        var one = await OctoGetAsync($"/api/v1/whatsapp/templates/{id}");
        Assert.Equal("Rejected", one.Str("template_status"));
        var rejected = await OctoGetAsync("/api/v1/whatsapp/templates?status=rejected");
        Assert.Contains(rejected.Json.EnumerateArray(), t => t.GetProperty("herald_template_id").GetString() == id);

        var send = await OctoPostAsync($"/api/v1/whatsapp/templates/{id}/messages",
            new { destination_phone = Herald.NewPhone(), message_variables = new[] { "Alex", "1234" } });
        AssertOctopodsError(send, 3, "template_not_approved");
    }

    [Fact]
    public async Task Plain_array_variables_send_a_body_only_template_as_in_the_docs()
    {
        var id = await BodyOnlyTemplateAsync();

        var reply = await OctoPostAsync($"/api/v1/whatsapp/templates/{id}/messages", """
            {
            "destination_phone": "+14155552671",
            "message_variables": ["Alex", "1234"]
            }
            """);

        var messageId = AssertSent(reply, "+14155552671");
        var message = await MessageAsync(messageId);
        Assert.Equal("whatsapp", message.GetProperty("channel").GetString());
        Assert.Equal("Hi Alex, your order 1234 has shipped.", message.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Map_variables_fill_the_numbered_placeholders()
    {
        var id = await BodyOnlyTemplateAsync();
        var phone = Herald.NewPhone();

        var reply = await OctoPostAsync($"/api/v1/whatsapp/templates/{id}/messages",
            $$$"""{"destination_phone": "{{{phone}}}", "message_variables": {"2": "1234", "1": "Alex"}}""");

        var message = await MessageAsync(AssertSent(reply, phone));
        Assert.Equal("Hi Alex, your order 1234 has shipped.", message.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Sectioned_variables_fill_header_body_and_url_button_and_a_plain_array_is_refused_with_code_9()
    {
        var id = await CreateTemplateAsync(UniqueName("octo_sections"),
            new { type = "HEADER", format = "TEXT", text = "Your order {{1}} update", example = new { header_text = new[] { "#1" } } },
            Body("Hi {{1}}, your order {{2}} has shipped.", "Ann", "A-1"),
            new { type = "FOOTER", text = "Reply STOP to opt out" },
            new { type = "BUTTONS", buttons = new object[] { new { type = "URL", text = "Track", url = "https://example.com/{{1}}", example = new[] { "https://example.com/track/1" } } } });

        var reply = await OctoPostAsync($"/api/v1/whatsapp/templates/{id}/messages", """
            {
            "destination_phone": "+14155552672",
            "message_variables": {
            "header": ["Order #1234"],
            "body": ["Alex", "1234"],
            "footer": [],
            "buttons": ["track/1234"]
            }
            }
            """);
        var message = await MessageAsync(AssertSent(reply, "+14155552672"));
        Assert.Contains("Hi Alex, your order 1234 has shipped.", message.GetProperty("text").GetString(), StringComparison.Ordinal);

        var plain = await OctoPostAsync($"/api/v1/whatsapp/templates/{id}/messages",
            new { destination_phone = Herald.NewPhone(), message_variables = new[] { "Alex", "1234" } });
        AssertOctopodsError(plain, 9);
    }

    [Fact]
    public async Task A_media_header_needs_header_attachment_url_missing_is_code_1_and_invalid_is_code_8()
    {
        var id = await CreateTemplateAsync(UniqueName("octo_media"),
            new { type = "HEADER", format = "IMAGE", example = new { header_handle = new[] { "https://example.com/a.jpg" } } },
            Body("Your receipt is attached, {{1}}.", "Ann"));
        var path = $"/api/v1/whatsapp/templates/{id}/messages";

        AssertOctopodsError(await OctoPostAsync(path, new { destination_phone = Herald.NewPhone(), message_variables = new[] { "Alex" } }), 1);
        AssertOctopodsError(await OctoPostAsync(path,
            new { destination_phone = Herald.NewPhone(), message_variables = new[] { "Alex" }, header_attachment_url = "not a url" }), 8);
        var phone = Herald.NewPhone();
        AssertSent(await OctoPostAsync(path,
            new { destination_phone = phone, message_variables = new[] { "Alex" }, header_attachment_url = "https://example.com/receipt.jpg" }), phone);
    }

    [Fact]
    public async Task A_named_template_takes_a_plain_array_in_order_of_its_names_or_a_map_by_name()
    {
        var reply = await NativePostAsync("/v1/templates", new
        {
            name = UniqueName("octo_named"), language = "en", category = "UTILITY", parameter_format = "NAMED",
            components = new object[]
            {
                new
                {
                    type = "BODY", text = "Hi {{first_name}}, your order {{order_id}} has shipped.",
                    example = new { body_text_named_params = new[] { new { param_name = "first_name", example = "Ann" }, new { param_name = "order_id", example = "A-1" } } },
                },
            },
        });
        Assert.True(reply.Status == 201, reply.ToString());
        var path = $"/api/v1/whatsapp/templates/{reply.Str("id")}/messages";

        var phone = Herald.NewPhone();
        var array = await MessageAsync(AssertSent(await OctoPostAsync(path, new { destination_phone = phone, message_variables = new[] { "Alex", "1234" } }), phone));
        Assert.Equal("Hi Alex, your order 1234 has shipped.", array.GetProperty("text").GetString());
        phone = Herald.NewPhone();
        var map = await MessageAsync(AssertSent(await OctoPostAsync(path,
            new { destination_phone = phone, message_variables = new Dictionary<string, string> { ["order_id"] = "99", ["first_name"] = "Bo" } }), phone));
        Assert.Equal("Hi Bo, your order 99 has shipped.", map.GetProperty("text").GetString());
    }
}

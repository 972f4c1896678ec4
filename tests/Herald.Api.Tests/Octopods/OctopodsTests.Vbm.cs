namespace Herald.Api.Tests.Octopods;

public abstract partial class OctopodsTests
{
    [Fact]
    public async Task Vbm_templates_are_herald_templates_on_the_viber_sender_with_the_body_as_a_component()
    {
        var id = await BodyOnlyTemplateAsync();
        var viber = await SenderAsync("viber");

        var list = await OctoGetAsync("/api/v1/vbm/templates/");

        var item = list.Json.EnumerateArray().Single(t => t.GetProperty("herald_template_id").GetString() == id);
        Assert.Equal("BODY", item.GetProperty("template_body").GetProperty("type").GetString());
        Assert.Equal("Hi {{1}}, your order {{2}} has shipped.", item.GetProperty("template_body").GetProperty("text").GetString());
        Assert.Equal(viber.GetProperty("address").GetString(), item.GetProperty("account_phone_number").GetString());
        Assert.Equal("Accepted", item.GetProperty("template_status").GetString());
        var one = await OctoGetAsync($"/api/v1/vbm/templates/{id}");
        Assert.Equal(item.ToString(), one.Json.ToString());
    }

    [Fact]
    public async Task Vbm_sends_take_the_documented_array_and_section_forms()
    {
        var id = await BodyOnlyTemplateAsync();

        var array = await OctoPostAsync($"/api/v1/vbm/templates/{id}/messages", """
            {
            "destination_phone": "+14155552673",
            "message_variables": ["Alex", "1234"]
            }
            """);
        var message = await MessageAsync(AssertSent(array, "+14155552673"));
        Assert.Equal("viber", message.GetProperty("channel").GetString());

        var phone = Herald.NewPhone();
        var sections = await OctoPostAsync($"/api/v1/vbm/templates/{id}/messages",
            new { destination_phone = phone, message_variables = new { header = Array.Empty<string>(), body = new[] { "Alex", "1234" }, footer = Array.Empty<string>() } });
        AssertSent(sections, phone);
    }

    [Fact]
    public async Task Vbm_image_header_takes_header_image_url()
    {
        var id = await CreateTemplateAsync(UniqueName("octo_vbm_image"),
            new { type = "HEADER", format = "IMAGE", example = new { header_handle = new[] { "https://example.com/a.jpg" } } },
            Body("Hello {{1}} from our shop.", "Ann"));
        var path = $"/api/v1/vbm/templates/{id}/messages";

        AssertOctopodsError(await OctoPostAsync(path, new { destination_phone = Herald.NewPhone(), message_variables = new[] { "Alex" } }), 1);
        AssertOctopodsError(await OctoPostAsync(path,
            new { destination_phone = Herald.NewPhone(), message_variables = new[] { "Alex" }, header_image_url = "ftp://example.com/a.jpg" }), 8);
        var reply = await OctoPostAsync(path, """
            {
            "destination_phone": "+14155552674",
            "header_image_url": "https://example.com/banner.jpg",
            "message_variables": { "header": [], "body": ["Alex"], "footer": [] }
            }
            """);
        AssertSent(reply, "+14155552674");
    }
}

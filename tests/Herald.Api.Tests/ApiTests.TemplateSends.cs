namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task A_template_with_named_variables_takes_its_parameters_by_name()
    {
        var name = UniqueName("named_welcome");
        var created = await PostAsync("/v1/templates", new
        {
            name, language = "en", category = "UTILITY", parameter_format = "NAMED",
            components = new object[]
            {
                new
                {
                    type = "BODY", text = "Hello {{first_name}}, your table for {{guests}} is booked.",
                    example = new { body_text_named_params = new[] { new { param_name = "first_name", example = "Ann" }, new { param_name = "guests", example = "4" } } },
                },
            },
        });
        AssertStatus(created, 201);
        Assert.Equal("NAMED", created.Str("parameter_format"));

        var sent = await AcceptedAsync(new { to = NewPhone(), channel = "whatsapp", template = new { name, parameters = new { first_name = "Ann", guests = 4 } } });
        var positional = await PostAsync("/v1/messages", Template(NewPhone(), "whatsapp", name, "Ann", "4"));
        var missing = await PostAsync("/v1/messages", new { to = NewPhone(), channel = "whatsapp", template = new { name, parameters = new { first_name = "Ann" } } });
        var unknown = await PostAsync("/v1/messages", new
        {
            to = NewPhone(), channel = "whatsapp", template = new { name, parameters = new { first_name = "Ann", guests = "2", table = "7" } },
        });

        Assert.Equal("Hello Ann, your table for 4 is booked.", sent.Str("text"));
        Assert.Equal("Ann", sent.Json.GetProperty("template").GetProperty("parameters").GetProperty("first_name").GetString());
        AssertProblem(positional, 422, "template_parameter_format");
        AssertProblem(missing, 422, "template_parameter_missing");
        AssertProblem(unknown, 422, "template_parameter_unknown");
    }

    [Fact]
    public async Task A_template_with_an_image_header_needs_the_image_url()
    {
        var name = UniqueName("image_offer");
        var created = await PostAsync("/v1/templates", new
        {
            name, language = "en", category = "MARKETING",
            components = new object[]
            {
                new { type = "HEADER", format = "IMAGE", example = new { header_handle = new[] { "https://example.com/sample.jpg" } } },
                new { type = "BODY", text = "Our autumn sale starts today, see you soon." },
            },
        });
        AssertStatus(created, 201);
        var to = NewPhone();

        var without = await PostAsync("/v1/messages", new { to, channel = "whatsapp", template = new { name } });
        var badUrl = await PostAsync("/v1/messages", new { to, channel = "whatsapp", template = new { name, header_media_url = "not a url" } });
        var with = await PostAsync("/v1/messages", new { to, channel = "whatsapp", template = new { name, header_media_url = "https://example.com/autumn.jpg" } });

        AssertProblem(without, 422, "template_media_url_required");
        AssertProblem(badUrl, 422, "template_media_url_invalid");
        AssertStatus(with, 202);
        Assert.Equal("https://example.com/autumn.jpg", with.Json.GetProperty("template").GetProperty("parameters").GetProperty("header_media_url").GetString());
    }

    [Fact]
    public async Task A_template_does_not_open_the_window_only_the_contact_does()
    {
        var to = NewPhone();
        var name = UniqueName("shipping");
        await CreateTemplateAsync(name);

        var template = await AcceptedAsync(Template(to, "whatsapp", name, "Ann", "A-1"));
        await WaitForStatusAsync(template.Str("id"), "read");

        AssertProblem(await PostAsync("/v1/messages", Text(to, "whatsapp")), 422, "window_closed");
    }

    [Fact]
    public async Task A_template_of_several_languages_needs_the_language_named()
    {
        var name = UniqueName("bilingual");
        await CreateTemplateAsync(name);
        AssertStatus(await PostAsync("/v1/templates", new
        {
            name, language = "fr", category = "UTILITY",
            components = new object[] { new { type = "BODY", text = "Bonjour {{1}}, commande {{2}} expédiée.", example = new { body_text = new[] { new[] { "Ann", "A-1" } } } } },
        }), 201);
        var to = NewPhone();

        var unnamed = await PostAsync("/v1/messages", new { to, channel = "whatsapp", template = new { name, parameters = new[] { "Ann", "A-1" } } });
        var french = await PostAsync("/v1/messages", new { to, channel = "whatsapp", template = new { name, language = "fr", parameters = new[] { "Ann", "A-1" } } });
        var german = await PostAsync("/v1/messages", new { to, channel = "whatsapp", template = new { name, language = "de", parameters = new[] { "Ann", "A-1" } } });

        AssertProblem(unnamed, 422, "template_language_required");
        AssertStatus(french, 202);
        Assert.Equal("Bonjour Ann, commande A-1 expédiée.", french.Str("text"));
        AssertProblem(german, 422, "template_not_found");
    }
}

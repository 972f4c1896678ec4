namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    private static object BrokenTemplate(string name) => new
    {
        name,
        language = "en",
        category = "MARKETING",
        components = new object[]
        {
            new { type = "HEADER", format = "TEXT", text = "Big news {{1}} and {{2}} " + new string('!', 60) },
            new { type = "BODY", text = "{{1}} hello {{3}}" },
            new { type = "FOOTER", text = new string('f', 61) },
        },
    };

    [Fact]
    public async Task Template_lint_errors_are_returned_all_at_once_and_nothing_is_saved()
    {
        var before = await Herald.CountRowsAsync();

        var reply = await PostAsync("/v1/templates", BrokenTemplate("Bad Name!"));

        var problem = AssertProblem(reply, 422, "template_lint_failed");
        var codes = Codes(problem.GetProperty("errors"));
        Assert.Contains("template_name_invalid", codes);
        Assert.Contains("template_header_too_long", codes);
        Assert.Contains("template_header_too_many_variables", codes);
        Assert.Contains("template_variable_at_start", codes);
        Assert.Contains("template_variables_not_sequential", codes);
        Assert.Contains("template_footer_too_long", codes);
        Assert.Contains("template_examples_missing", codes);
        Assert.All(problem.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString())));
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Fact]
    public async Task The_lint_endpoint_reports_the_same_errors_without_saving_anything()
    {
        var before = await Herald.CountRowsAsync();

        var broken = await PostAsync("/v1/templates/lint", BrokenTemplate("Bad Name!"));
        var fine = await PostAsync("/v1/templates/lint", TemplateDefinition(UniqueName("fine")));

        AssertStatus(broken, 200);
        Assert.False(broken.Json.GetProperty("valid").GetBoolean());
        var created = await PostAsync("/v1/templates", BrokenTemplate("Bad Name!"));
        Assert.Equal(Codes(created.Json.GetProperty("errors")), Codes(broken.Json.GetProperty("errors")));
        AssertStatus(fine, 200);
        Assert.True(fine.Json.GetProperty("valid").GetBoolean());
        Assert.Empty(fine.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Fact]
    public async Task Bad_template_shapes_are_a_400_problem_listing_each_field()
    {
        var reply = await PostAsync("/v1/templates", new
        {
            name = "shape_test", category = "GOSSIP",
            components = new object[] { new { type = "SIDEBAR", text = "x" } },
        });

        var problem = AssertProblem(reply, 400, "validation_failed");
        var codes = Codes(problem.GetProperty("errors"));
        Assert.Contains("template_language_required", codes);
        Assert.Contains("template_category_invalid", codes);
        Assert.Contains("template_component_invalid", codes);
    }

    [Fact]
    public async Task A_component_given_twice_is_refused_rather_than_one_silently_winning()
    {
        var before = await Herald.CountRowsAsync();

        var reply = await PostAsync("/v1/templates", new
        {
            name = UniqueName("two_bodies"), language = "en", category = "UTILITY",
            components = new object[] { new { type = "BODY", text = "First body" }, new { type = "BODY", text = "Second body" } },
        });

        var problem = AssertProblem(reply, 400, "template_component_duplicate");
        Assert.Equal("components[1].type", problem.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Fact]
    public async Task A_second_template_with_the_same_name_and_language_is_409()
    {
        var name = UniqueName("duplicate");
        await CreateTemplateAsync(name);
        var before = await Herald.CountRowsAsync();

        var reply = await PostAsync("/v1/templates", TemplateDefinition(name));

        AssertProblem(reply, 409, "template_exists");
        Assert.Contains(name, Detail(reply), StringComparison.Ordinal);
        Assert.Equal(before, await Herald.CountRowsAsync());
        var otherLanguage = await PostAsync("/v1/templates", new
        {
            name, language = "fr", category = "UTILITY",
            components = new object[] { new { type = "BODY", text = "Bonjour, votre commande est partie." } },
        });
        AssertStatus(otherLanguage, 201);
    }

    [Fact]
    public async Task A_new_template_in_meta_format_is_approved_at_once_on_the_sandbox_senders()
    {
        var name = UniqueName("welcome");

        var reply = await PostAsync("/v1/templates", new
        {
            name, language = "en_US", category = "MARKETING",
            components = new object[]
            {
                new { type = "HEADER", format = "TEXT", text = "Welcome {{1}}", example = new { header_text = new[] { "Ann" } } },
                new { type = "BODY", text = "Hi {{1}}, enjoy {{2}} off your next order.", example = new { body_text = new[] { new[] { "Ann", "10%" } } } },
                new { type = "FOOTER", text = "Reply STOP to opt out" },
                new { type = "BUTTONS", buttons = new object[] { new { type = "QUICK_REPLY", text = "Shop now" } } },
            },
        });

        AssertStatus(reply, 201);
        Assert.Equal(name, reply.Str("name"));
        Assert.Equal("MARKETING", reply.Str("category"));
        Assert.Equal(["HEADER", "BODY", "FOOTER", "BUTTONS"], reply.Json.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("type").GetString()));
        var statuses = reply.Json.GetProperty("statuses").EnumerateArray().ToList();
        Assert.Equal(2, statuses.Count); // the WhatsApp and Viber sandbox senders; SMS has no templates
        Assert.All(statuses, s => Assert.Equal("APPROVED", s.GetProperty("status").GetString()));
        Assert.Equal($"/v1/templates/{reply.Str("id")}", reply.Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_paused_template_is_refused_until_it_is_approved_again()
    {
        var to = NewPhone();
        var name = UniqueName("weekly_deals");
        var id = await CreateTemplateAsync(name);
        await AcceptedAsync(Template(to, "whatsapp", name, "Ann", "A-1"));

        var paused = await PostAsync($"/v1/sandbox/templates/{id}/status", new { status = "PAUSED", reason = "low quality" });

        AssertStatus(paused, 200);
        Assert.All(paused.Json.GetProperty("statuses").EnumerateArray(), s => Assert.Equal("PAUSED", s.GetProperty("status").GetString()));
        var refused = await PostAsync("/v1/messages", Template(to, "whatsapp", name, "Ann", "A-2"));
        AssertProblem(refused, 422, "template_not_approved");
        Assert.Contains("PAUSED", Detail(refused), StringComparison.Ordinal);
        Assert.Equal("PAUSED", refused.Json.GetProperty("template_status").GetString());

        AssertStatus(await PostAsync($"/v1/sandbox/templates/{id}/status", new { status = "APPROVED" }), 200);

        await AcceptedAsync(Template(to, "whatsapp", name, "Ann", "A-3"));
    }

    [Theory]
    [InlineData("REJECTED")]
    [InlineData("PENDING")]
    [InlineData("DISABLED")]
    public async Task Only_approved_templates_can_be_sent(string status)
    {
        var name = UniqueName("status_" + status.ToLowerInvariant());
        var id = await CreateTemplateAsync(name);
        AssertStatus(await PostAsync($"/v1/sandbox/templates/{id}/status", new { status }), 200);

        var reply = await PostAsync("/v1/messages", Template(NewPhone(), "whatsapp", name, "Ann", "A-1"));

        AssertProblem(reply, 422, "template_not_approved");
        Assert.Contains(status, Detail(reply), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_sandbox_template_status_is_a_400_problem()
    {
        var id = await CreateTemplateAsync(UniqueName("bad_status"));

        AssertProblem(await PostAsync($"/v1/sandbox/templates/{id}/status", new { status = "SLEEPING" }), 400, "status_invalid");
        AssertProblem(await PostAsync($"/v1/sandbox/templates/{id}/status", new { status = "1" }), 400, "status_invalid");
    }

    [Fact]
    public async Task Templates_can_be_read_listed_changed_and_deleted()
    {
        var name = UniqueName("crud");
        var id = await CreateTemplateAsync(name);

        var got = await GetAsync($"/v1/templates/{id}");
        AssertStatus(got, 200);
        Assert.Equal(name, got.Str("name"));
        Assert.Equal(["1", "2"], got.Json.GetProperty("placeholders").EnumerateArray().Select(p => p.GetString()));

        var changed = await PutAsync($"/v1/templates/{id}", TemplateDefinition(name, "Hello {{1}}, order {{2}} is on its way."));
        AssertStatus(changed, 200);
        Assert.Equal("Hello {{1}}, order {{2}} is on its way.",
            changed.Json.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "BODY").GetProperty("text").GetString());
        var sent = await AcceptedAsync(Template(NewPhone(), "whatsapp", name, "Ann", "A-9"));
        Assert.Equal("Hello Ann, order A-9 is on its way.", sent.Str("text"));

        var renamed = await PutAsync($"/v1/templates/{id}", TemplateDefinition(name + "_x"));
        AssertProblem(renamed, 422, "template_identity_immutable");

        Assert.Contains(await AllTemplateIdsAsync(), t => t == id);

        AssertStatus(await DeleteAsync($"/v1/templates/{id}"), 204);
        AssertProblem(await GetAsync($"/v1/templates/{id}"), 404, "not_found");
        AssertProblem(await DeleteAsync($"/v1/templates/{id}"), 404, "not_found");
        Assert.DoesNotContain(await AllTemplateIdsAsync(), t => t == id);
        AssertProblem(await PostAsync("/v1/messages", Template(NewPhone(), "whatsapp", name, "Ann", "A-9")), 422, "template_not_found");
    }

    private async Task<IReadOnlyList<string>> AllTemplateIdsAsync()
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await GetAsync("/v1/templates?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            AssertStatus(page, 200);
            ids.AddRange(page.Json.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("id").GetString()!));
            cursor = page.Json.TryGetProperty("next_cursor", out var c) ? c.GetString() : null;
        }
        while (cursor is not null);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        return ids;
    }
}

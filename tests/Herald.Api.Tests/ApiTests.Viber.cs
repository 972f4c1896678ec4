namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task Business_initiated_free_text_on_viber_is_refused_because_no_session_is_open()
    {
        var before = await Herald.CountRowsAsync();

        var reply = await PostAsync("/v1/messages", Text(NewPhone(), "viber"));

        AssertProblem(reply, 422, "viber_session_closed");
        Assert.Contains("template", Detail(reply), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await Herald.CountRowsAsync());
    }

    [Fact]
    public async Task An_approved_template_on_viber_is_accepted_without_a_session()
    {
        var name = UniqueName("viber_promo");
        await CreateTemplateAsync(name);

        var reply = await AcceptedAsync(Template(NewPhone(), "viber", name, "Ann", "A-1"));

        Assert.Equal("viber", reply.Str("channel"));
        await WaitForStatusAsync(reply.Str("id"), "read");
    }

    [Fact]
    public async Task After_the_contact_writes_on_viber_free_text_is_accepted_until_the_sixth_business_message_in_a_row()
    {
        var to = NewPhone();
        var name = UniqueName("viber_hello");
        await CreateTemplateAsync(name);
        await AcceptedAsync(Template(to, "viber", name, "Ann", "A-1"));
        AssertProblem(await PostAsync("/v1/messages", Text(to, "viber")), 422, "viber_session_closed");

        await InboundAsync(to, "viber", "hi");

        for (var i = 1; i <= 5; i++)
        {
            await AcceptedAsync(Text(to, "viber", $"Answer {i}"));
        }
        var sixth = await PostAsync("/v1/messages", Text(to, "viber", "Answer 6"));
        AssertProblem(sixth, 422, "viber_too_many_in_a_row");
        Assert.Contains("5", Detail(sixth), StringComparison.Ordinal);
        var template = await PostAsync("/v1/messages", Template(to, "viber", name, "Ann", "A-2"));
        AssertProblem(template, 422, "viber_too_many_in_a_row");
        var check = await PostAsync("/v1/messages/check", Text(to, "viber", "Answer 6"));
        Assert.Contains("viber_too_many_in_a_row", Codes(check.Json.GetProperty("reasons")));
        Assert.Equal(5, check.Json.GetProperty("viber_session").GetProperty("messages_in_a_row").GetInt32());

        // The contact's reply resets the count.
        await InboundAsync(to, "viber", "thanks");
        await AcceptedAsync(Text(to, "viber", "You are welcome"));
    }
}

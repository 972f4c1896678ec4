using System.Text.Json;

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task Free_text_on_whatsapp_to_a_contact_who_never_wrote_is_refused_because_the_window_is_closed()
    {
        var to = NewPhone();
        var before = await Herald.CountRowsAsync();

        var reply = await PostAsync("/v1/messages", Text(to, "whatsapp"));

        var problem = AssertProblem(reply, 422, "window_closed");
        Assert.Contains("window", Detail(reply), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("closed", Detail(reply), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("template", Detail(reply), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["window_closed"], Codes(problem.GetProperty("reasons")));
        Assert.False(problem.GetProperty("window").GetProperty("open").GetBoolean());
        Assert.Equal(before, await Herald.CountRowsAsync());
        Assert.Empty(await MessagesToAsync(to));
    }

    [Fact]
    public async Task An_approved_template_on_whatsapp_is_accepted_for_a_contact_who_never_wrote()
    {
        var to = NewPhone();
        var name = UniqueName("order_shipped");
        var template = await CreateTemplateAsync(name);

        var reply = await AcceptedAsync(Template(to, "whatsapp", name, "Ann", "A-1001"));

        Assert.Equal("template", reply.Str("kind"));
        Assert.Equal(template, reply.Json.GetProperty("template").GetProperty("id").GetString());
        Assert.Equal("Hi Ann, your order A-1001 has shipped.", reply.Str("text"));
        Assert.Equal(["Ann", "A-1001"], reply.Json.GetProperty("template").GetProperty("parameters").EnumerateArray().Select(p => p.GetString()));
        await WaitForStatusAsync(reply.Str("id"), "read");
    }

    [Fact]
    public async Task After_the_contact_writes_free_text_on_whatsapp_is_accepted()
    {
        var to = NewPhone();
        AssertProblem(await PostAsync("/v1/messages", Text(to, "whatsapp")), 422, "window_closed");

        var inbound = await InboundAsync(to, "whatsapp", "hi");

        Assert.True(inbound.Json.GetProperty("window").GetProperty("open").GetBoolean());
        Assert.Equal("none", inbound.Str("keyword"));
        var reply = await AcceptedAsync(Text(to, "whatsapp", "Thanks for writing! How can we help?"));
        await WaitForStatusAsync(reply.Str("id"), "read");
    }

    [Fact]
    public async Task An_inbound_dated_25_hours_ago_leaves_the_window_closed_and_free_text_is_refused_again()
    {
        var to = NewPhone();
        await InboundAsync(to, "whatsapp", "hi");
        await AcceptedAsync(Text(to, "whatsapp"));

        var inbound = await InboundAsync(to, "whatsapp", "hi", Now - TimeSpan.FromHours(25));

        Assert.False(inbound.Json.GetProperty("window").GetProperty("open").GetBoolean());
        var reply = await PostAsync("/v1/messages", Text(to, "whatsapp"));
        AssertProblem(reply, 422, "window_closed");
        Assert.Contains("template", Detail(reply), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Free_text_scheduled_for_after_the_window_closes_is_refused_now()
    {
        var to = NewPhone();
        await InboundAsync(to, "whatsapp", "hi", Now - TimeSpan.FromHours(20));

        await AcceptedAsync(Text(to, "whatsapp", "Right away"));
        var later = await PostAsync("/v1/messages", new { to, channel = "whatsapp", text = "Tomorrow", send_at = Now.AddHours(6) });

        AssertProblem(later, 422, "window_closed");
    }

    [Fact]
    public async Task A_template_stays_allowed_when_the_window_has_closed()
    {
        var to = NewPhone();
        var name = UniqueName("reminder");
        await CreateTemplateAsync(name, "Your appointment is tomorrow at {{1}}, see you soon.");
        await InboundAsync(to, "whatsapp", "hi", Now - TimeSpan.FromHours(25));

        await AcceptedAsync(Template(to, "whatsapp", name, "10:30"));
    }

    [Fact]
    public async Task Check_gives_the_same_answers_as_send_with_reasons_and_window_and_creates_no_message()
    {
        var to = NewPhone();
        var name = UniqueName("order_shipped");
        await CreateTemplateAsync(name);
        var before = await Herald.CountRowsAsync();

        // Never wrote: free text refused, template allowed.
        var closed = await CheckAsync(Text(to, "whatsapp"));
        Assert.False(closed.GetProperty("allowed").GetBoolean());
        Assert.Equal(["window_closed"], Codes(closed.GetProperty("reasons")));
        Assert.False(closed.GetProperty("window").GetProperty("open").GetBoolean());
        Assert.Contains("template", closed.GetProperty("reasons")[0].GetProperty("message").GetString()!, StringComparison.OrdinalIgnoreCase);
        var template = await CheckAsync(Template(to, "whatsapp", name, "Ann", "A-1"));
        Assert.True(template.GetProperty("allowed").GetBoolean(), template.ToString());
        Assert.Empty(template.GetProperty("reasons").EnumerateArray());
        Assert.Equal("APPROVED", template.GetProperty("template_status").GetString());
        Assert.Equal("Hi Ann, your order A-1 has shipped.", template.GetProperty("rendered_text").GetString());
        Assert.Equal(before, await Herald.CountRowsAsync());
        Assert.Empty(await MessagesToAsync(to));

        // After the contact writes: free text allowed, window open until 24 h after the reply.
        var wrote = Now;
        await InboundAsync(to, "whatsapp", "hi", wrote);
        var open = await CheckAsync(Text(to, "whatsapp"));
        Assert.True(open.GetProperty("allowed").GetBoolean(), open.ToString());
        Assert.True(open.GetProperty("window").GetProperty("open").GetBoolean());
        var closesAt = open.GetProperty("window").GetProperty("closes_at").GetDateTimeOffset();
        Assert.InRange(closesAt, wrote.AddHours(24).AddSeconds(-1), wrote.AddHours(24).AddSeconds(1));

        // Dated 25 h ago: refused again.
        await InboundAsync(to, "whatsapp", "hi", Now - TimeSpan.FromHours(25));
        var again = await CheckAsync(Text(to, "whatsapp"));
        Assert.False(again.GetProperty("allowed").GetBoolean());
        Assert.Equal(["window_closed"], Codes(again.GetProperty("reasons")));

        // The only messages are the contact's two inbound ones: check sent nothing.
        var messages = await MessagesToAsync(to);
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Equal("inbound", m.GetProperty("direction").GetString()));
    }

    [Fact]
    public async Task Check_lists_every_reason_at_once_not_just_the_first()
    {
        var to = NewPhone();
        var name = UniqueName("promo");
        var id = await CreateTemplateAsync(name);
        AssertStatus(await PostAsync($"/v1/sandbox/templates/{id}/status", new { status = "PAUSED" }), 200);

        var check = await CheckAsync(Template(to, "whatsapp", name, "Ann"));

        Assert.False(check.GetProperty("allowed").GetBoolean());
        var codes = Codes(check.GetProperty("reasons"));
        Assert.Contains("template_parameter_count", codes);
        Assert.Contains("template_not_approved", codes);
        Assert.Equal("PAUSED", check.GetProperty("template_status").GetString());
    }

    [Fact]
    public async Task Check_of_an_sms_gives_encoding_and_segments_and_creates_no_message()
    {
        var to = NewPhone();

        var check = await CheckAsync(Sms(to, new string('a', 161)));

        Assert.True(check.GetProperty("allowed").GetBoolean());
        Assert.Equal("gsm7", check.GetProperty("encoding").GetString());
        Assert.Equal(2, check.GetProperty("segments").GetInt32());
        Assert.Equal(161, check.GetProperty("characters").GetInt32());
        Assert.Empty(await MessagesToAsync(to));
    }

    private async Task<JsonElement> CheckAsync(object body)
    {
        var reply = await PostAsync("/v1/messages/check", body);
        AssertStatus(reply, 200);
        return reply.Json;
    }
}

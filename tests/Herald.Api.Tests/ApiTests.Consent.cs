using System.Text.Json;

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    [Fact]
    public async Task After_a_sandbox_STOP_the_next_sms_is_refused_as_opted_out_and_exactly_one_confirmation_is_queued()
    {
        var to = NewPhone();
        await SendSmsAsync(to);

        var stop = await InboundAsync(to, "sms", "STOP");

        Assert.Equal("optout", stop.Str("keyword"));
        var reply = stop.Json.GetProperty("reply");
        Assert.Equal("outbound", reply.GetProperty("direction").GetString());
        Assert.Contains("unsubscribed", reply.GetProperty("text").GetString()!, StringComparison.OrdinalIgnoreCase);
        var refused = await PostAsync("/v1/messages", Sms(to, "One more offer"));
        AssertProblem(refused, 422, "opted_out");
        Assert.Contains("opted out", Detail(refused), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("START", Detail(refused), StringComparison.Ordinal);

        var confirmations = (await MessagesToAsync(to, "&direction=outbound")).Where(IsSystemReply).ToList();
        var confirmation = Assert.Single(confirmations);
        Assert.Equal(reply.GetProperty("id").GetString(), confirmation.GetProperty("id").GetString());
        await WaitForStatusAsync(confirmation.GetProperty("id").GetString()!, "read");
    }

    [Fact]
    public async Task START_lifts_the_opt_out_and_is_confirmed_once()
    {
        var to = NewPhone();
        await InboundAsync(to, "sms", "STOP");
        AssertProblem(await PostAsync("/v1/messages", Sms(to)), 422, "opted_out");

        var start = await InboundAsync(to, "sms", "START");

        Assert.Equal("optin", start.Str("keyword"));
        Assert.Equal(JsonValueKind.Object, start.Json.GetProperty("reply").ValueKind);
        var id = await SendSmsAsync(to, "Welcome back");
        await WaitForStatusAsync(id, "read");
        Assert.Equal(2, (await MessagesToAsync(to, "&direction=outbound")).Count(IsSystemReply));
    }

    [Theory]
    [InlineData("Stop.")]
    [InlineData("  stop!  ")]
    [InlineData("UNSUBSCRIBE")]
    [InlineData("opt out")]
    public async Task Opt_out_keywords_count_whatever_their_case_and_surrounding_punctuation(string text)
    {
        var to = NewPhone();

        var stop = await InboundAsync(to, "sms", text);

        Assert.Equal("optout", stop.Str("keyword"));
        AssertProblem(await PostAsync("/v1/messages", Sms(to)), 422, "opted_out");
    }

    [Fact]
    public async Task A_sentence_containing_stop_is_not_an_opt_out()
    {
        var to = NewPhone();

        var inbound = await InboundAsync(to, "sms", "please don't stop sending me deals");

        Assert.Equal("none", inbound.Str("keyword"));
        Assert.Equal(JsonValueKind.Null, inbound.Json.TryGetProperty("reply", out var r) ? r.ValueKind : JsonValueKind.Null);
        await SendSmsAsync(to);
    }

    [Fact]
    public async Task HELP_gets_the_help_reply_and_does_not_opt_out()
    {
        var to = NewPhone();

        var help = await InboundAsync(to, "sms", "help");

        Assert.Equal("help", help.Str("keyword"));
        var text = help.Json.GetProperty("reply").GetProperty("text").GetString()!;
        Assert.Contains("STOP", text, StringComparison.Ordinal);
        Assert.Single(await MessagesToAsync(to, "&direction=outbound"), IsSystemReply);
        await SendSmsAsync(to);
    }

    [Fact]
    public async Task An_sms_opt_out_does_not_stop_whatsapp_because_consent_is_per_channel()
    {
        var to = NewPhone();
        var name = UniqueName("order_shipped");
        await CreateTemplateAsync(name);

        await InboundAsync(to, "sms", "STOP");

        AssertProblem(await PostAsync("/v1/messages", Sms(to)), 422, "opted_out");
        await AcceptedAsync(Template(to, "whatsapp", name, "Ann", "A-7"));
    }

    [Fact]
    public async Task Check_reports_the_opt_out_too()
    {
        var to = NewPhone();
        await InboundAsync(to, "sms", "STOP");

        var check = await PostAsync("/v1/messages/check", Sms(to));

        AssertStatus(check, 200);
        Assert.False(check.Json.GetProperty("allowed").GetBoolean());
        Assert.Contains("opted_out", Codes(check.Json.GetProperty("reasons")));
    }

    private static bool IsSystemReply(JsonElement m) =>
        m.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("system_reply", out _);
}

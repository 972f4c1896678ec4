using Herald.Domain.Messages;
using Herald.Domain.Policy;
using Herald.Domain.Templates;
using Herald.Domain.Tests.Templates;
using static Herald.Domain.Tests.Policy.Sends;

namespace Herald.Domain.Tests.Policy;

public class EligibilityTests
{
    [Theory]
    [InlineData(Channel.Sms)]
    [InlineData(Channel.WhatsApp)]
    [InlineData(Channel.Viber)]
    public void A_plain_message_to_a_consenting_contact_is_allowed(Channel channel)
    {
        EligibilityDecision decision = Text(channel).Evaluate();

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Reasons);
        Assert.Equal("Your order has shipped.", decision.RenderedText);
        Assert.Null(decision.NextAllowedAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Text_without_text_is_refused(string? text)
    {
        Reason reason = (Text(Channel.Sms) with { Text = text }).Evaluate().Single("content_missing");
        Assert.Equal("text", reason.Field);
    }

    [Fact]
    public void Text_and_a_template_together_are_refused()
    {
        Assert.Contains("content_ambiguous", (Template(Channel.Sms) with { Text = "Hi" }).Evaluate().Reasons.Codes());
        Assert.Contains("content_ambiguous", (Text(Channel.Sms) with { Template = Template(Channel.Sms).Template }).Evaluate().Reasons.Codes());
    }

    [Fact]
    public void An_unknown_template_is_refused()
    {
        (Template(Channel.WhatsApp) with { Template = null }).Evaluate().Single("template_not_found");
    }

    [Theory]
    [InlineData(Channel.Sms, "SMS")]
    [InlineData(Channel.WhatsApp, "WhatsApp")]
    [InlineData(Channel.Viber, "Viber")]
    public void An_opted_out_contact_gets_nothing_on_that_channel(Channel channel, string name)
    {
        var consent = new ConsentState(true, new DateTimeOffset(2026, 2, 14, 8, 0, 0, TimeSpan.Zero));

        Reason reason = (Text(channel) with { Consent = consent }).Evaluate().Single("opted_out");

        Assert.Equal($"+12015550123 opted out of {name} on 2026-02-14; they must opt back in (reply START) before you can message them on this channel.", reason.Message);
    }

    [Theory]
    [InlineData(Purpose.Transactional)]
    [InlineData(Purpose.Marketing)]
    public void Opt_out_applies_to_templates_and_every_purpose(Purpose purpose)
    {
        var input = Template(Channel.WhatsApp) with { Purpose = purpose, Consent = new ConsentState(true, null) };

        input.Evaluate().Single("opted_out");
    }

    [Fact]
    public void A_message_that_expires_before_it_can_go_is_refused()
    {
        (Text(Channel.Sms) with { ExpiresAt = Now }).Evaluate().Single("validity_elapsed");
        (Text(Channel.Sms) with { SendAt = Now.AddHours(2), ExpiresAt = Now.AddHours(1) }).Evaluate().Single("validity_elapsed");
        Assert.True((Text(Channel.Sms) with { SendAt = Now.AddHours(2), ExpiresAt = Now.AddHours(3) }).Evaluate().Allowed);
    }

    [Fact]
    public void A_past_send_time_means_now()
    {
        EligibilityDecision decision = (Text(Channel.Sms) with { SendAt = Now.AddHours(-3), ExpiresAt = Now.AddMinutes(-1) }).Evaluate();

        decision.Single("validity_elapsed");
    }

    [Fact]
    public void Template_problems_are_reasons()
    {
        var input = Template(Channel.Sms) with
        {
            Template = new TemplateSnapshot(Samples.OrderShipped, TemplateStatus.Approved, null),
            Parameters = TemplateParameters.ForBody(ParameterSet.Of("Ada")),
        };

        Assert.Equal(["template_parameter_count", "template_parameter_count", "template_parameter_count"], input.Evaluate().Reasons.Codes());
    }

    [Fact]
    public void Several_reasons_are_listed_at_once()
    {
        var input = Text(Channel.WhatsApp) with
        {
            Consent = new ConsentState(true, Now.AddDays(-3)),
            Conversation = ConversationState.None,
            ExpiresAt = Now.AddMinutes(-5),
            Text = new string('x', 5000),
        };

        EligibilityDecision decision = input.Evaluate();

        Assert.False(decision.Allowed);
        Assert.Equal(["opted_out", "validity_elapsed", "window_closed", "body_too_long"], decision.Reasons.Codes());
        Assert.Null(decision.NextAllowedAt);
    }

    [Fact]
    public void Every_reason_has_a_snake_case_code_and_a_sentence()
    {
        var input = Template(Channel.Viber, TemplateStatus.Rejected) with
        {
            Consent = new ConsentState(true, null),
            ExpiresAt = Now,
            Conversation = new ConversationState(Now.AddHours(-1), 10, 5),
        };

        Assert.All(input.Evaluate().Reasons, r =>
        {
            Assert.Matches("^[a-z_]+$", r.Code);
            Assert.EndsWith(".", r.Message, StringComparison.Ordinal);
        });
    }
}

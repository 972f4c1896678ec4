using Herald.Domain.Messages;
using Herald.Domain.Policy;
using Herald.Domain.Templates;
using Herald.Domain.Tests.Templates;
using Microsoft.Extensions.Time.Testing;
using static Herald.Domain.Tests.Policy.Sends;

namespace Herald.Domain.Tests.Policy;

public class EligibilityWhatsAppTests
{
    [Fact]
    public void Free_text_inside_the_window_is_allowed_and_shows_when_it_closes()
    {
        EligibilityDecision decision = Text(Channel.WhatsApp).Evaluate();

        Assert.True(decision.Allowed);
        Assert.Equal(new WindowState(true, Now.AddHours(-1), Now.AddHours(23)), decision.Window);
        Assert.Null(decision.Sms);
    }

    [Fact]
    public void Free_text_outside_the_window_is_refused()
    {
        var clock = new FakeTimeProvider(Now);
        DateTimeOffset inbound = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromHours(24));

        var input = Text(Channel.WhatsApp) with { Now = clock.GetUtcNow(), Conversation = new ConversationState(inbound, 0, 0) };
        EligibilityDecision decision = input.Evaluate();

        Reason reason = decision.Single("window_closed");
        Assert.Contains("24-hour customer-service window is closed", reason.Message, StringComparison.Ordinal);
        Assert.Contains("approved template", reason.Message, StringComparison.Ordinal);
        Assert.False(decision.Window!.IsOpen);
        Assert.Null(decision.NextAllowedAt);
    }

    [Fact]
    public void Free_text_one_second_before_the_window_closes_is_allowed()
    {
        var clock = new FakeTimeProvider(Now);
        DateTimeOffset inbound = clock.GetUtcNow();
        clock.Advance(new TimeSpan(23, 59, 59));

        var input = Text(Channel.WhatsApp) with { Now = clock.GetUtcNow(), Conversation = new ConversationState(inbound, 0, 0) };

        Assert.True(input.Evaluate().Allowed);
    }

    [Fact]
    public void Free_text_to_a_contact_who_never_wrote_is_refused()
    {
        Reason reason = (Text(Channel.WhatsApp) with { Conversation = ConversationState.None }).Evaluate().Single("window_closed");

        Assert.Contains("never written", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_text_scheduled_after_the_window_closes_is_refused()
    {
        EligibilityDecision decision = (Text(Channel.WhatsApp) with { SendAt = Now.AddHours(30) }).Evaluate();

        Reason reason = decision.Single("window_closed");
        Assert.Contains("before the message would go out", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_approved_template_may_be_sent_outside_the_window()
    {
        EligibilityDecision decision = (Template(Channel.WhatsApp) with { Conversation = ConversationState.None }).Evaluate();

        Assert.True(decision.Allowed);
        Assert.Equal(TemplateStatus.Approved, decision.TemplateStatus);
        Assert.Equal("Your appointment is tomorrow.", decision.RenderedText);
        Assert.False(decision.Window!.IsOpen);
    }

    [Theory]
    [InlineData(TemplateStatus.Pending)]
    [InlineData(TemplateStatus.Rejected)]
    [InlineData(TemplateStatus.Paused)]
    [InlineData(TemplateStatus.Disabled)]
    public void Only_approved_templates_can_be_sent(TemplateStatus status)
    {
        EligibilityDecision decision = Template(Channel.WhatsApp, status).Evaluate();

        Reason reason = decision.Single("template_not_approved");
        Assert.StartsWith(
            $"Template 'appointment_reminder' (en) is {status.ToString().ToUpperInvariant()} for this sender; only APPROVED templates can be sent.",
            reason.Message, StringComparison.Ordinal);
        Assert.Equal(status, decision.TemplateStatus);
    }

    [Fact]
    public void The_reason_for_a_pause_is_passed_on()
    {
        var input = Template(Channel.WhatsApp) with
        {
            Template = Template(Channel.WhatsApp).Template! with { StatusForSender = TemplateStatus.Paused, StatusReason = "Low quality" },
        };

        Assert.Contains("(reason: Low quality)", input.Evaluate().Single("template_not_approved").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_without_status_for_the_sender_is_not_approved()
    {
        Template(Channel.WhatsApp, status: null).Evaluate().Single("template_not_approved");
    }

    [Fact]
    public void Opted_out_and_window_closed_are_both_listed()
    {
        var input = Text(Channel.WhatsApp) with { Conversation = ConversationState.None, Consent = new ConsentState(true, Now.AddDays(-1)) };

        Assert.Equal(["opted_out", "window_closed"], input.Evaluate().Reasons.Codes());
    }

    [Fact]
    public void Free_text_longer_than_4096_characters_is_refused()
    {
        Assert.True(Text(Channel.WhatsApp, new string('x', 4096)).Evaluate().Allowed);
        Text(Channel.WhatsApp, new string('x', 4097)).Evaluate().Single("body_too_long");
    }
}

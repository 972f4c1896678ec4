using Herald.Domain.Messages;
using Herald.Domain.Policy;
using Herald.Domain.Sms;
using Herald.Domain.Templates;
using Herald.Domain.Tests.Templates;
using static Herald.Domain.Tests.Policy.Sends;

namespace Herald.Domain.Tests.Policy;

public class EligibilitySmsTests
{
    [Fact]
    public void Every_sms_check_reports_encoding_and_segments()
    {
        EligibilityDecision decision = Text(Channel.Sms, new string('a', 161)).Evaluate();

        Assert.Equal(new SmsAnalysis(SmsEncoding.Gsm7, 161, 2, 153, 161), decision.Sms);
        Assert.Null(decision.Window);
        Assert.Null(decision.ViberSession);
    }

    [Fact]
    public void Sms_needs_no_window()
    {
        Assert.True((Text(Channel.Sms) with { Conversation = ConversationState.None }).Evaluate().Allowed);
    }

    [Fact]
    public void A_body_over_1600_characters_is_refused()
    {
        Assert.True(Text(Channel.Sms, new string('a', 1600)).Evaluate().Allowed);

        Reason reason = Text(Channel.Sms, new string('a', 1601)).Evaluate().Single("body_too_long");
        Assert.Contains("1,601 characters", reason.Message, StringComparison.Ordinal);
        Assert.Contains("1,600", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sms_limit_is_configurable()
    {
        var input = Text(Channel.Sms, new string('a', 200)) with { Options = EligibilityOptions.Default with { MaxSmsLength = 160 } };

        input.Evaluate().Single("body_too_long");
    }

    [Fact]
    public void Templates_on_sms_need_no_approval_only_rendering()
    {
        var input = Template(Channel.Sms, status: null) with
        {
            Template = new TemplateSnapshot(Samples.OrderShipped, null, null),
            Parameters = new TemplateParameters(
                ParameterSet.Of("Ada", "A-1"), ParameterSet.Of("A-1"),
                new Dictionary<int, ParameterSet> { [0] = ParameterSet.Of("A-1") }, null),
            Conversation = ConversationState.None,
        };

        EligibilityDecision decision = input.Evaluate();

        Assert.True(decision.Allowed);
        Assert.Equal("Order A-1\n\nHi Ada, your order A-1 has shipped.\n\nReply STOP to opt out", decision.RenderedText);
        Assert.Equal(decision.RenderedText!.Length, decision.Sms!.Units);
    }

    [Fact]
    public void Non_gsm_text_is_analysed_as_ucs2()
    {
        Assert.Equal(SmsEncoding.Ucs2, Text(Channel.Sms, "Ваш заказ отправлен").Evaluate().Sms!.Encoding);
    }
}

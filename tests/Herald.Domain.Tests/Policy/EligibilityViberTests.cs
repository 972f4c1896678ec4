using Herald.Domain.Messages;
using Herald.Domain.Policy;
using Herald.Domain.Templates;
using static Herald.Domain.Tests.Policy.Sends;

namespace Herald.Domain.Tests.Policy;

public class EligibilityViberTests
{
    private static ConversationState Session(int used, int inARow) => new(Now.AddHours(-1), used, inARow);

    [Fact]
    public void Free_text_inside_a_session_is_allowed()
    {
        EligibilityDecision decision = Text(Channel.Viber).Evaluate();

        Assert.True(decision.Allowed);
        Assert.Equal(new ViberSessionState(true, Now.AddHours(23), 0, 0, 60), decision.ViberSession);
        Assert.Null(decision.Window);
    }

    [Fact]
    public void Business_initiated_free_text_is_refused()
    {
        EligibilityDecision decision = (Text(Channel.Viber) with { Conversation = ConversationState.None }).Evaluate();

        Assert.Contains("approved template", decision.Single("viber_session_closed").Message, StringComparison.Ordinal);
        Assert.Null(decision.NextAllowedAt);
    }

    [Fact]
    public void An_approved_template_may_start_the_conversation()
    {
        Assert.True((Template(Channel.Viber) with { Conversation = ConversationState.None }).Evaluate().Allowed);
    }

    [Fact]
    public void A_template_must_be_approved_on_viber()
    {
        Template(Channel.Viber, TemplateStatus.Pending).Evaluate().Single("template_not_approved");
    }

    [Fact]
    public void The_sixtieth_message_of_a_session_is_allowed_and_the_sixty_first_refused()
    {
        Assert.True((Text(Channel.Viber) with { Conversation = Session(59, 0) }).Evaluate().Allowed);
        (Text(Channel.Viber) with { Conversation = Session(60, 0) }).Evaluate().Single("viber_session_exhausted");
    }

    [Fact]
    public void A_template_may_still_go_when_the_session_is_exhausted()
    {
        Assert.True((Template(Channel.Viber) with { Conversation = Session(60, 0) }).Evaluate().Allowed);
    }

    [Fact]
    public void Five_in_a_row_are_allowed_and_the_sixth_is_refused()
    {
        Assert.True((Text(Channel.Viber) with { Conversation = Session(4, 4) }).Evaluate().Allowed);

        EligibilityDecision sixth = (Text(Channel.Viber) with { Conversation = Session(5, 5) }).Evaluate();
        Assert.Contains("reply", sixth.Single("viber_too_many_in_a_row").Message, StringComparison.Ordinal);
        Assert.Null(sixth.NextAllowedAt);
    }

    [Fact]
    public void The_in_a_row_limit_applies_to_templates_too()
    {
        (Template(Channel.Viber) with { Conversation = Session(5, 5) }).Evaluate().Single("viber_too_many_in_a_row");
    }

    [Fact]
    public void Text_longer_than_1000_characters_is_refused()
    {
        Assert.True(Text(Channel.Viber, new string('x', 1000)).Evaluate().Allowed);
        Text(Channel.Viber, new string('x', 1001)).Evaluate().Single("body_too_long");
    }
}

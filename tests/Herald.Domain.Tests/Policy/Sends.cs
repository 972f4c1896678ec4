using Herald.Domain.Messages;
using Herald.Domain.Phones;
using Herald.Domain.Policy;
using Herald.Domain.Templates;
using Herald.Domain.Tests.Templates;

namespace Herald.Domain.Tests.Policy;

/// <summary>Eligibility inputs the tests start from and vary with <c>with</c>.</summary>
internal static class Sends
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
    public static readonly PhoneNumber Phone = PhoneNumber.Parse("+12015550123");

    public static readonly ConversationState WroteAnHourAgo = new(Now.AddHours(-1), 0, 0);

    public static EligibilityInput Text(Channel channel, string text = "Your order has shipped.") => new(
        channel, Purpose.Transactional, Phone, ContentKind.Text, text, null, null,
        WroteAnHourAgo, ConsentState.Unknown, Now, null, null, TimeZoneInfo.Utc, EligibilityOptions.Default);

    public static EligibilityInput Template(Channel channel, TemplateStatus? status = TemplateStatus.Approved) =>
        Text(channel) with
        {
            Kind = ContentKind.Template,
            Text = null,
            Template = new TemplateSnapshot(Samples.Plain, status, null),
            Parameters = TemplateParameters.None,
        };

    public static EligibilityDecision Evaluate(this EligibilityInput input) => Eligibility.Evaluate(input);

    public static Reason Single(this EligibilityDecision decision, string code)
    {
        Assert.False(decision.Allowed);
        Reason reason = Assert.Single(decision.Reasons);
        Assert.Equal(code, reason.Code);
        return reason;
    }
}

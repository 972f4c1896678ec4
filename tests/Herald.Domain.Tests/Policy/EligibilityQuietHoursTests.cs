using Herald.Domain.Messages;
using Herald.Domain.Policy;
using static Herald.Domain.Tests.Policy.Sends;

namespace Herald.Domain.Tests.Policy;

public class EligibilityQuietHoursTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly EligibilityOptions WithQuietHours =
        EligibilityOptions.Default with { QuietHours = new QuietHours(new TimeOnly(21, 0), new TimeOnly(8, 0)) };

    // 22:00 UTC on 2026-03-02 is 23:00 in Berlin (winter time, +1).
    private static readonly DateTimeOffset LateEvening = new(2026, 3, 2, 22, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NextMorning = new(2026, 3, 3, 7, 0, 0, TimeSpan.Zero);

    private static EligibilityInput Evening(Purpose purpose, EligibilityOptions options) =>
        Text(Channel.Sms) with { Purpose = purpose, Now = LateEvening, RecipientZone = Berlin, Options = options };

    [Fact]
    public void Marketing_in_quiet_hours_is_deferred_not_refused()
    {
        EligibilityDecision decision = Evening(Purpose.Marketing, WithQuietHours).Evaluate();

        Assert.True(decision.Allowed);
        Assert.Equal(NextMorning, decision.DeferredUntil);
        Assert.Equal(NextMorning, decision.NextAllowedAt);
    }

    [Fact]
    public void Transactional_messages_pass_quiet_hours_by_default()
    {
        EligibilityDecision decision = Evening(Purpose.Transactional, WithQuietHours).Evaluate();

        Assert.True(decision.Allowed);
        Assert.Null(decision.DeferredUntil);
    }

    [Fact]
    public void Transactional_messages_can_be_made_to_respect_quiet_hours()
    {
        EligibilityDecision decision = Evening(Purpose.Transactional, WithQuietHours with { QuietHoursForTransactional = true }).Evaluate();

        Assert.Equal(NextMorning, decision.DeferredUntil);
    }

    [Fact]
    public void Without_quiet_hours_nothing_is_deferred()
    {
        Assert.Null(Evening(Purpose.Marketing, EligibilityOptions.Default).Evaluate().DeferredUntil);
    }

    [Fact]
    public void The_requested_send_time_is_what_quiet_hours_judge()
    {
        var input = Evening(Purpose.Marketing, WithQuietHours) with { Now = LateEvening.AddHours(-12), SendAt = LateEvening };

        Assert.Equal(NextMorning, input.Evaluate().DeferredUntil);
    }

    [Fact]
    public void A_deferral_past_the_expiry_is_refused()
    {
        var input = Evening(Purpose.Marketing, WithQuietHours) with { ExpiresAt = LateEvening.AddHours(2) };

        EligibilityDecision decision = input.Evaluate();

        Reason reason = decision.Single("validity_elapsed");
        Assert.Contains("quiet hours", reason.Message, StringComparison.Ordinal);
        Assert.Equal(NextMorning, decision.DeferredUntil);
        Assert.Null(decision.NextAllowedAt);
    }

    [Fact]
    public void A_free_text_deferred_past_the_window_is_refused()
    {
        var input = Evening(Purpose.Marketing, WithQuietHours) with
        {
            Channel = Channel.WhatsApp,
            Conversation = new ConversationState(LateEvening.AddHours(-20), 0, 0),
        };

        EligibilityDecision decision = input.Evaluate();

        decision.Single("window_closed");
        Assert.False(decision.Window!.IsOpen);
    }
}

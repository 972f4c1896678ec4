using Herald.Domain.Policy;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Domain.Tests.Policy;

public class ViberSessionTests
{
    private static readonly ViberSessionOptions Options = ViberSessionOptions.Default;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public void A_session_opens_when_the_user_writes_and_lasts_24_hours()
    {
        DateTimeOffset inbound = clock.GetUtcNow();
        clock.Advance(new TimeSpan(23, 59, 59));
        Assert.True(ViberSession.Evaluate(inbound, 0, 0, clock.GetUtcNow(), Options).IsOpen);

        clock.Advance(TimeSpan.FromSeconds(1));
        ViberSessionState closed = ViberSession.Evaluate(inbound, 0, 0, clock.GetUtcNow(), Options);
        Assert.False(closed.IsOpen);
        Assert.Equal(0, closed.RemainingMessages);
    }

    [Fact]
    public void Some_providers_use_twelve_hour_sessions()
    {
        DateTimeOffset inbound = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromHours(12));

        Assert.False(ViberSession.Evaluate(inbound, 0, 0, clock.GetUtcNow(), Options with { Length = TimeSpan.FromHours(12) }).IsOpen);
    }

    [Fact]
    public void A_session_allows_sixty_business_messages()
    {
        DateTimeOffset inbound = clock.GetUtcNow();

        Assert.Equal(1, ViberSession.Evaluate(inbound, 59, 0, clock.GetUtcNow(), Options).RemainingMessages);
        Assert.Equal(0, ViberSession.Evaluate(inbound, 60, 0, clock.GetUtcNow(), Options).RemainingMessages);
    }

    [Fact]
    public void The_state_reports_its_counters()
    {
        DateTimeOffset inbound = clock.GetUtcNow();

        ViberSessionState state = ViberSession.Evaluate(inbound, 12, 3, clock.GetUtcNow(), Options);

        Assert.Equal(new ViberSessionState(true, inbound.AddHours(24), 12, 3, 48), state);
    }

    [Fact]
    public void A_user_who_never_wrote_has_no_session()
    {
        Assert.Equal(new ViberSessionState(false, null, 0, 0, 0), ViberSession.Evaluate(null, 0, 0, clock.GetUtcNow(), Options));
    }
}

using Herald.Domain.Policy;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Domain.Tests.Policy;

public class WhatsAppWindowTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public void The_window_is_open_at_23_59_59()
    {
        DateTimeOffset inbound = clock.GetUtcNow();
        clock.Advance(new TimeSpan(23, 59, 59));

        WindowState window = WhatsAppWindow.Evaluate(inbound, clock.GetUtcNow());

        Assert.True(window.IsOpen);
        Assert.Equal(inbound, window.OpenedAt);
        Assert.Equal(inbound.AddHours(24), window.ClosesAt);
    }

    [Fact]
    public void The_window_is_closed_at_24_00_00()
    {
        DateTimeOffset inbound = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromHours(24));

        WindowState window = WhatsAppWindow.Evaluate(inbound, clock.GetUtcNow());

        Assert.False(window.IsOpen);
        Assert.Equal(inbound.AddHours(24), window.ClosesAt);
    }

    [Fact]
    public void A_contact_who_never_wrote_has_no_window()
    {
        Assert.Equal(new WindowState(false, null, null), WhatsAppWindow.Evaluate(null, clock.GetUtcNow()));
    }

    [Fact]
    public void A_new_inbound_message_resets_the_window()
    {
        DateTimeOffset first = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromHours(20));
        DateTimeOffset second = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromHours(10));

        Assert.False(WhatsAppWindow.Evaluate(first, clock.GetUtcNow()).IsOpen);
        Assert.True(WhatsAppWindow.Evaluate(second, clock.GetUtcNow()).IsOpen);
    }

    [Fact]
    public void An_inbound_time_in_the_future_counts_as_now()
    {
        DateTimeOffset now = clock.GetUtcNow();

        WindowState window = WhatsAppWindow.Evaluate(now.AddMinutes(5), now);

        Assert.True(window.IsOpen);
        Assert.Equal(now, window.OpenedAt);
        Assert.Equal(now.AddHours(24), window.ClosesAt);
    }

    [Fact]
    public void The_window_length_can_be_configured()
    {
        DateTimeOffset inbound = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromHours(12));

        Assert.False(WhatsAppWindow.Evaluate(inbound, clock.GetUtcNow(), TimeSpan.FromHours(12)).IsOpen);
        Assert.True(WhatsAppWindow.Evaluate(inbound, clock.GetUtcNow()).IsOpen);
    }
}

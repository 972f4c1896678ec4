using Herald.Domain.Policy;

namespace Herald.Domain.Tests.Policy;

public class QuietHoursTests
{
    private static readonly QuietHours Night = new(new TimeOnly(21, 0), new TimeOnly(8, 0));
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeSpan Summer = TimeSpan.FromHours(2);

    [Fact]
    public void A_message_in_the_evening_waits_until_the_next_morning()
    {
        var at = new DateTimeOffset(2026, 6, 10, 22, 30, 0, Summer);

        Assert.Equal(new DateTimeOffset(2026, 6, 11, 8, 0, 0, Summer), Night.DeferUntil(at, Berlin));
    }

    [Fact]
    public void A_message_after_midnight_waits_until_the_same_morning()
    {
        var at = new DateTimeOffset(2026, 6, 11, 7, 0, 0, Summer);

        Assert.Equal(new DateTimeOffset(2026, 6, 11, 8, 0, 0, Summer), Night.DeferUntil(at, Berlin));
    }

    [Theory]
    [InlineData(12, 0)]
    [InlineData(20, 59)]
    [InlineData(8, 0)]
    public void A_message_outside_quiet_hours_goes_now(int hour, int minute)
    {
        Assert.Null(Night.DeferUntil(new DateTimeOffset(2026, 6, 10, hour, minute, 0, Summer), Berlin));
    }

    [Fact]
    public void Quiet_hours_start_at_their_start_time()
    {
        Assert.NotNull(Night.DeferUntil(new DateTimeOffset(2026, 6, 10, 21, 0, 0, Summer), Berlin));
    }

    [Fact]
    public void Quiet_hours_are_judged_in_the_recipient_zone_not_utc()
    {
        // 19:30 UTC is 21:30 in Berlin in summer: quiet there, though not in UTC.
        var at = new DateTimeOffset(2026, 6, 10, 19, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 6, 11, 6, 0, 0, TimeSpan.Zero), Night.DeferUntil(at, Berlin));
        Assert.Null(Night.DeferUntil(at, TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_window_within_one_day_works_too()
    {
        var lunch = new QuietHours(new TimeOnly(12, 0), new TimeOnly(14, 0));

        Assert.Equal(new DateTimeOffset(2026, 6, 10, 14, 0, 0, Summer), lunch.DeferUntil(new DateTimeOffset(2026, 6, 10, 13, 0, 0, Summer), Berlin));
        Assert.Null(lunch.DeferUntil(new DateTimeOffset(2026, 6, 10, 11, 0, 0, Summer), Berlin));
    }

    [Fact]
    public void Equal_start_and_end_mean_no_quiet_hours()
    {
        var none = new QuietHours(new TimeOnly(9, 0), new TimeOnly(9, 0));

        Assert.Null(none.DeferUntil(new DateTimeOffset(2026, 6, 10, 9, 0, 0, Summer), Berlin));
    }

    [Fact]
    public void The_morning_after_spring_forward_uses_the_new_offset()
    {
        // New York moves from EST (-5) to EDT (-4) at 02:00 on 2026-03-08.
        var at = new DateTimeOffset(2026, 3, 7, 22, 0, 0, TimeSpan.FromHours(-5));

        DateTimeOffset? until = Night.DeferUntil(at, NewYork);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 8, 0, 0, TimeSpan.FromHours(-4)), until);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero), until);
    }

    [Fact]
    public void An_end_time_skipped_by_spring_forward_ends_when_the_clocks_jump()
    {
        var early = new QuietHours(new TimeOnly(21, 0), new TimeOnly(2, 30));
        var at = new DateTimeOffset(2026, 3, 7, 23, 0, 0, TimeSpan.FromHours(-5));

        // 02:30 never happens that night; the clocks jump from 02:00 EST to 03:00 EDT, i.e. 07:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), early.DeferUntil(at, NewYork));
    }

    [Fact]
    public void An_end_time_repeated_by_fall_back_ends_at_its_first_occurrence()
    {
        // New York repeats 01:00–02:00 on 2026-11-01 (EDT -4, then EST -5).
        var smallHours = new QuietHours(new TimeOnly(0, 0), new TimeOnly(1, 30));
        var at = new DateTimeOffset(2026, 11, 1, 0, 30, 0, TimeSpan.FromHours(-4));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(-4)), smallHours.DeferUntil(at, NewYork));
    }

    [Fact]
    public void Inside_the_repeated_hour_the_window_ends_at_the_second_occurrence()
    {
        var smallHours = new QuietHours(new TimeOnly(0, 0), new TimeOnly(1, 30));
        var at = new DateTimeOffset(2026, 11, 1, 1, 15, 0, TimeSpan.FromHours(-5));

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 1, 30, 0, TimeSpan.FromHours(-5)), smallHours.DeferUntil(at, NewYork));
    }
}

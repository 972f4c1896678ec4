using Herald.Domain.Webhooks;

namespace Herald.Domain.Tests.Webhooks;

public class WebhookRetryScheduleTests
{
    [Fact]
    public void The_standard_schedule_is_immediately_then_5s_5min_30min_2h_5h_10h_10h()
    {
        var s = new WebhookRetrySchedule();

        Assert.Equal(8, s.Attempts);
        var middle = Enumerable.Range(1, 7).Select(n => s.After(n, 0.5)!.Value).ToList();
        Assert.Equal(
            [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10)],
            middle);
        Assert.Null(s.After(8, 0.5));
    }

    [Theory]
    [InlineData(0.0, 4500)]
    [InlineData(0.999999, 5500)]
    public void Jitter_spreads_each_delay_by_ten_percent_either_way(double random, double expectedMs)
    {
        var delay = new WebhookRetrySchedule().After(1, random)!.Value;

        Assert.Equal(expectedMs, delay.TotalMilliseconds, 0);
    }

    [Fact]
    public void A_configured_schedule_replaces_the_standard_one()
    {
        var s = new WebhookRetrySchedule([TimeSpan.Zero, TimeSpan.FromSeconds(1)]);

        Assert.Equal(2, s.Attempts);
        Assert.Equal(TimeSpan.FromSeconds(1), s.After(1, 0.5));
        Assert.Null(s.After(2, 0.5));
        Assert.Throws<ArgumentException>(() => new WebhookRetrySchedule([TimeSpan.FromSeconds(-1)]));
    }
}

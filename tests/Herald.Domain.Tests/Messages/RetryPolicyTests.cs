using Herald.Domain.Messages;

namespace Herald.Domain.Tests.Messages;

public class RetryPolicyTests
{
    private const double NoJitter = 0.5;

    [Fact]
    public void Backoff_doubles_from_two_seconds()
    {
        TimeSpan?[] delays = [.. Enumerable.Range(1, 7).Select(n => RetryPolicy.NextDelay(n, NoJitter))];

        Assert.Equal([2, 4, 8, 16, 32, 64, 128], delays.Select(d => d!.Value.TotalSeconds));
    }

    [Fact]
    public void Retries_stop_after_eight_attempts()
    {
        Assert.NotNull(RetryPolicy.NextDelay(RetryPolicy.MaxAttempts - 1, NoJitter));
        Assert.Null(RetryPolicy.NextDelay(RetryPolicy.MaxAttempts, NoJitter));
        Assert.Null(RetryPolicy.NextDelay(RetryPolicy.MaxAttempts + 5, NoJitter, TimeSpan.FromSeconds(1)));
    }

    [Theory]
    [InlineData(0.0, 3.2)]
    [InlineData(0.25, 3.6)]
    [InlineData(0.5, 4.0)]
    [InlineData(0.999999, 4.8)]
    public void Jitter_spreads_the_delay_by_twenty_percent(double jitter, double expectedSeconds)
    {
        TimeSpan delay = RetryPolicy.NextDelay(2, jitter)!.Value;

        Assert.Equal(expectedSeconds, delay.TotalSeconds, 3);
    }

    [Fact]
    public void Backoff_never_exceeds_five_minutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), RetryPolicy.Backoff(9, NoJitter));
        Assert.Equal(TimeSpan.FromMinutes(5), RetryPolicy.Backoff(30, 0.999));
        Assert.Equal(240, RetryPolicy.Backoff(30, 0).TotalSeconds, 3);
    }

    [Fact]
    public void A_longer_retry_after_from_the_provider_wins()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), RetryPolicy.NextDelay(1, NoJitter, TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(4), RetryPolicy.NextDelay(2, NoJitter, TimeSpan.FromSeconds(1)));
    }
}

using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Herald.Storage.Rows;

namespace Herald.Engine.Dispatch;

/// <summary>One token bucket per sender at its configured rate (per segment for SMS senders that count segments).</summary>
public sealed class SenderRateLimits : IDisposable
{
    private readonly ConcurrentDictionary<string, (double Rate, TokenBucketRateLimiter Limiter)> _limiters = new(StringComparer.Ordinal);

    public TokenBucketRateLimiter For(SenderRow sender)
    {
        var rate = Math.Max(0.01, sender.RatePerSecond);
        var entry = _limiters.AddOrUpdate(sender.Id,
            _ => (rate, Create(rate)),
            (_, old) => Math.Abs(old.Rate - rate) < 1e-9 ? old : (rate, Create(rate)));
        return entry.Limiter;
    }

    /// <summary>Refills in 100 ms steps (or one token per 1/rate s for slow senders) with no burst beyond one step.</summary>
    private static TokenBucketRateLimiter Create(double rate)
    {
        var (period, tokens) = rate >= 10
            ? (TimeSpan.FromMilliseconds(100), Math.Max(1, (int)Math.Round(rate / 10)))
            : (TimeSpan.FromSeconds(1 / rate), 1);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    public void Dispose()
    {
        foreach (var (_, limiter) in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}

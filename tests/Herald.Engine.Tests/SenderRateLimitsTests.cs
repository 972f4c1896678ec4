using Herald.Engine.Dispatch;
using Herald.Storage.Rows;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Engine.Tests;

public sealed partial class SenderRateLimitsTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly SenderRateLimits _limits;

    public SenderRateLimitsTests() => _limits = new SenderRateLimits(_clock);

    public void Dispose() => _limits.Dispose();

    private static SenderRow Sender(double rate, string id = "snd_1") => new() { Id = id, RatePerSecond = rate };

    private int Grant(SenderRow sender, int attempts)
    {
        var granted = 0;
        for (var i = 0; i < attempts; i++)
        {
            if (_limits.TryAcquire(sender, 1))
            {
                granted++;
            }
        }
        return granted;
    }

    // ---- the window is exact ----

    [Theory]
    [InlineData(1.0, 1, 11)]
    [InlineData(3.0, 3, 12)]
    [InlineData(10.0, 10, 13)]
    [InlineData(2.5, 2, 14)]
    [InlineData(50.0, 50, 15)]
    public void Never_more_than_n_in_any_window_and_never_a_refusal_the_window_did_not_require(double rate, int n, int seed)
    {
        var sender = Sender(rate);
        var window = Second + Guard;
        var random = new Random(seed);
        var grants = new List<long>();  // one entry per permit, in fake ticks
        var refusals = 0;
        for (var step = 0; step < 20_000; step++)
        {
            // Bursts at one instant, small steps, and now and then a long quiet spell.
            var roll = random.Next(100);
            var advance = roll < 30 ? 0 : roll < 95 ? random.Next(1, 120) : random.Next(500, 3000);
            _clock.Advance(TimeSpan.FromMilliseconds(advance) + TimeSpan.FromTicks(random.Next(0, 10_000)));
            var now = _clock.GetUtcNow().UtcTicks;
            var permits = random.Next(1, n + 1);

            // What an independent model says: the permit N places before the last new one must be at or before now − W.
            var deciding = grants.Count - (n - permits + 1);
            var allowed = deciding < 0 || grants[deciding] <= now - window.Ticks;

            var granted = _limits.TryAcquire(sender, permits);

            Assert.Equal(allowed, granted);
            if (granted)
            {
                grants.AddRange(Enumerable.Repeat(now, permits));
            }
            else
            {
                refusals++;
            }
        }

        // Every window [t, t + W) holds at most N permits: any N + 1 consecutive permits span at least W.
        for (var i = 0; i + n < grants.Count; i++)
        {
            Assert.True(grants[i + n] - grants[i] >= window.Ticks, $"permits {i}..{i + n} span {TimeSpan.FromTicks(grants[i + n] - grants[i])}");
        }
        Assert.True(refusals > 1000, "the schedule should press against the limit");
        Assert.True(grants.Count > 1000, "the limiter should let plenty through");
    }

    [Fact]
    public void A_full_window_reopens_exactly_one_window_after_the_permit_n_places_back()
    {
        var sender = Sender(2);
        Assert.True(_limits.TryAcquire(sender, 1));                  // t = 0
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        Assert.True(_limits.TryAcquire(sender, 1));                  // t = 300 ms
        Assert.False(_limits.TryAcquire(sender, 1));

        _clock.Advance(Second + Guard - TimeSpan.FromMilliseconds(300) - Tick);
        Assert.False(_limits.TryAcquire(sender, 1));                 // 1 tick before 1050 ms
        _clock.Advance(Tick);
        Assert.True(_limits.TryAcquire(sender, 1));                  // t = 1050 ms: the first permit left the window
        Assert.False(_limits.TryAcquire(sender, 1));

        _clock.Advance(TimeSpan.FromMilliseconds(300) - Tick);
        Assert.False(_limits.TryAcquire(sender, 1));
        _clock.Advance(Tick);
        Assert.True(_limits.TryAcquire(sender, 1));                  // t = 1350 ms
    }

    [Fact]
    public void The_guard_is_configurable()
    {
        using var limits = new SenderRateLimits(_clock, TimeSpan.Zero);
        var sender = Sender(3);
        Assert.True(limits.TryAcquire(sender, 3));
        _clock.Advance(Second - Tick);
        Assert.False(limits.TryAcquire(sender, 1));
        _clock.Advance(Tick);
        Assert.True(limits.TryAcquire(sender, 3));
        Assert.Equal(TimeSpan.FromMilliseconds(50), SenderRateLimits.DefaultGuard);
    }

    [Fact]
    public void Several_permits_at_once_need_room_for_all_of_them()
    {
        var sender = Sender(3);
        Assert.True(_limits.TryAcquire(sender, 2));
        Assert.False(_limits.TryAcquire(sender, 2));
        Assert.True(_limits.TryAcquire(sender, 1));
        Assert.False(_limits.TryAcquire(sender, 1));
    }

    [Fact]
    public void Senders_do_not_share_windows()
    {
        Assert.True(_limits.TryAcquire(Sender(1, "a"), 1));
        Assert.True(_limits.TryAcquire(Sender(1, "b"), 1));
        Assert.False(_limits.TryAcquire(Sender(1, "a"), 1));
    }

    [Fact]
    public async Task Concurrent_callers_at_one_instant_get_exactly_n_permits()
    {
        var sender = Sender(100);
        var granted = 0;
        using var start = new Barrier(8);
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            var mine = Grant(sender, 1000);
            Interlocked.Add(ref granted, mine);
        })).ToArray();
        await Task.WhenAll(workers);
        Assert.Equal(100, granted);
    }

    // ---- slow and fractional rates, large requests, rate changes ----

    [Fact]
    public void A_rate_below_one_per_second_allows_one_permit_per_stretched_window()
    {
        var sender = Sender(0.5);
        Assert.True(_limits.TryAcquire(sender, 1));
        _clock.Advance(TimeSpan.FromSeconds(2) + Guard - Tick);
        Assert.False(_limits.TryAcquire(sender, 1));
        _clock.Advance(Tick);
        Assert.True(_limits.TryAcquire(sender, 1));
        Assert.Equal(0.5, _limits.EffectiveRate(sender), 9);
    }

    [Fact]
    public void A_fractional_rate_above_one_is_floored()
    {
        var sender = Sender(2.9);
        Assert.Equal(2, Grant(sender, 10));
        _clock.Advance(Second + Guard);
        Assert.Equal(2, Grant(sender, 10));
    }

    [Fact]
    public void A_zero_rate_is_treated_as_the_slowest_rate_not_as_never()
    {
        var sender = Sender(0);
        Assert.True(_limits.TryAcquire(sender, 1));
        _clock.Advance(TimeSpan.FromSeconds(100) + Guard - Tick);
        Assert.False(_limits.TryAcquire(sender, 1));
        _clock.Advance(Tick);
        Assert.True(_limits.TryAcquire(sender, 1));
    }

    [Fact]
    public void More_permits_than_a_window_holds_go_once_the_window_is_empty()
    {
        var sender = Sender(1);
        Assert.True(_limits.TryAcquire(sender, 3));                  // an empty window: the 3 segments go
        _clock.Advance(Second + Guard - Tick);
        Assert.False(_limits.TryAcquire(sender, 1));
        _clock.Advance(Tick);
        Assert.True(_limits.TryAcquire(sender, 1));

        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.False(_limits.TryAcquire(sender, 3));                 // one permit still in the window
        _clock.Advance(TimeSpan.FromMilliseconds(550));
        Assert.True(_limits.TryAcquire(sender, 3));
    }

    [Fact]
    public async Task Waiting_for_more_permits_than_a_window_holds_does_not_deadlock()
    {
        var sender = Sender(2);
        Assert.True(_limits.TryAcquire(sender, 2));
        var wait = _limits.AcquireAsync(sender, 5, CancellationToken.None).AsTask();
        _clock.Advance(Second + Guard - Tick);
        Assert.False(wait.IsCompleted);
        _clock.Advance(Tick);
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_rate_change_takes_effect_on_the_next_call()
    {
        Assert.Equal(2, Grant(Sender(2), 10));
        Assert.Equal(3, Grant(Sender(5), 10));                       // the same window, now 5 wide

        _clock.Advance(Second + Guard);
        Assert.Equal(1, Grant(Sender(1), 10));                       // lowered

        _clock.Advance(TimeSpan.FromSeconds(2) + Guard);
        Assert.Equal(1, Grant(Sender(0.5), 10));
        _clock.Advance(Second + Guard);
        Assert.Equal(0, Grant(Sender(0.5), 10));                     // the window stretched to 2 s + guard
        Assert.Equal(4, Grant(Sender(4), 10));                       // raised again: the 1 s window holds no permit
    }

    [Fact]
    public void A_lowered_rate_still_counts_the_permits_already_granted()
    {
        Assert.Equal(10, Grant(Sender(10), 20));
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, Grant(Sender(3), 20));                       // 10 in the window already
        _clock.Advance(TimeSpan.FromMilliseconds(550));
        Assert.Equal(3, Grant(Sender(3), 20));
    }
}

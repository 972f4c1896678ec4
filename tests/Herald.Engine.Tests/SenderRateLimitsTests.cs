using Herald.Engine.Dispatch;
using Herald.Storage.Rows;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Engine.Tests;

public sealed class SenderRateLimitsTests : IDisposable
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

    // ---- waiting ----

    [Fact]
    public void AcquireAsync_completes_at_once_when_the_window_has_room()
    {
        var wait = _limits.AcquireAsync(Sender(3), 2, CancellationToken.None);
        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AcquireAsync_completes_when_the_clock_reaches_the_window_and_not_before()
    {
        var sender = Sender(1);
        Assert.True(_limits.TryAcquire(sender, 1));
        var wait = _limits.AcquireAsync(sender, 1, CancellationToken.None).AsTask();
        Assert.False(wait.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(600));
        Assert.False(wait.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(450) - Tick);
        Assert.False(wait.IsCompleted);
        _clock.Advance(Tick);
        Assert.True(wait.IsCompletedSuccessfully);
        await wait;

        Assert.False(_limits.TryAcquire(sender, 1));                 // the waiter took the permit
    }

    [Fact]
    public void Waiters_are_served_in_arrival_order_and_callers_do_not_jump_the_queue()
    {
        var sender = Sender(1);
        Assert.True(_limits.TryAcquire(sender, 1));
        var first = _limits.AcquireAsync(sender, 1, CancellationToken.None).AsTask();
        var second = _limits.AcquireAsync(sender, 1, CancellationToken.None).AsTask();
        var third = _limits.AcquireAsync(sender, 1, CancellationToken.None).AsTask();

        _clock.Advance(Second + Guard);
        Assert.False(_limits.TryAcquire(sender, 1));
        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);

        _clock.Advance(Second + Guard);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.False(third.IsCompleted);

        _clock.Advance(Second + Guard - Tick);
        Assert.False(third.IsCompleted);
        _clock.Advance(Tick);
        Assert.True(third.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_large_waiter_is_not_overtaken_by_small_ones_behind_it()
    {
        var sender = Sender(3);
        Assert.True(_limits.TryAcquire(sender, 1));
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(_limits.TryAcquire(sender, 2));                  // full: 1 at 0 ms, 2 at 500 ms
        var large = _limits.AcquireAsync(sender, 3, CancellationToken.None).AsTask();
        var small = _limits.AcquireAsync(sender, 1, CancellationToken.None).AsTask();

        _clock.Advance(TimeSpan.FromMilliseconds(550));              // 1050 ms: room for one, not three
        Assert.False(_limits.TryAcquire(sender, 1));                 // would fit, but the queue goes first
        Assert.False(large.IsCompleted);
        Assert.False(small.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(500));              // 1550 ms: the window is empty
        Assert.True(large.IsCompletedSuccessfully);
        Assert.False(small.IsCompleted);

        _clock.Advance(Second + Guard);
        Assert.True(small.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_the_next_one_moves_up()
    {
        var sender = Sender(1);
        Assert.True(_limits.TryAcquire(sender, 1));
        using var cts = new CancellationTokenSource();
        var cancelled = _limits.AcquireAsync(sender, 1, cts.Token).AsTask();
        var next = _limits.AcquireAsync(sender, 1, CancellationToken.None).AsTask();

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        _clock.Advance(Second + Guard);
        Assert.True(next.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task An_already_cancelled_token_cancels_at_once()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var wait = _limits.AcquireAsync(Sender(1), 1, cts.Token);
        Assert.True(wait.IsCanceled);
    }

    [Fact]
    public void Raising_the_rate_lets_waiters_through_at_the_next_call()
    {
        Assert.True(_limits.TryAcquire(Sender(1), 1));
        var wait = _limits.AcquireAsync(Sender(1), 1, CancellationToken.None).AsTask();
        Assert.False(wait.IsCompleted);

        Assert.Equal(2.0, _limits.EffectiveRate(Sender(2)));         // any call with the edited sender
        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Disposing_fails_whoever_still_waits()
    {
        var limits = new SenderRateLimits(_clock);
        var sender = Sender(1);
        Assert.True(limits.TryAcquire(sender, 1));
        var wait = limits.AcquireAsync(sender, 1, CancellationToken.None).AsTask();
        limits.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => wait);
    }

    // ---- "too fast" from the provider ----

    [Fact]
    public void Slow_pauses_the_sender_for_the_pause()
    {
        var sender = Sender(10);
        Assert.Equal(TimeSpan.Zero, _limits.PausedFor(sender.Id));
        _limits.Slow(sender.Id, TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), _limits.PausedFor(sender.Id));
        Assert.False(_limits.TryAcquire(sender, 1));

        _clock.Advance(TimeSpan.FromSeconds(5) - Tick);
        Assert.Equal(Tick, _limits.PausedFor(sender.Id));
        Assert.False(_limits.TryAcquire(sender, 1));
        _clock.Advance(Tick);
        Assert.Equal(TimeSpan.Zero, _limits.PausedFor(sender.Id));
        Assert.True(_limits.TryAcquire(sender, 1));
    }

    [Fact]
    public void A_sender_never_seen_is_not_paused()
    {
        Assert.Equal(TimeSpan.Zero, _limits.PausedFor("snd_unknown"));
    }

    [Fact]
    public void The_longer_pause_wins()
    {
        _limits.Slow("a", TimeSpan.FromSeconds(10));
        _limits.Slow("a", TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(10), _limits.PausedFor("a"));

        _limits.Slow("b", TimeSpan.FromSeconds(2));
        _clock.Advance(TimeSpan.FromSeconds(1));
        _limits.Slow("b", TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), _limits.PausedFor("b"));
    }

    [Fact]
    public void Slow_halves_the_rate_down_to_a_tenth_of_the_configured_rate()
    {
        var sender = Sender(100);
        Assert.Equal(100, _limits.EffectiveRate(sender));
        _limits.Slow(sender.Id, TimeSpan.Zero);
        Assert.Equal(50, _limits.EffectiveRate(sender), 9);
        Assert.Equal(50, Grant(sender, 200));

        _limits.Slow(sender.Id, TimeSpan.Zero);
        Assert.Equal(25, _limits.EffectiveRate(sender), 9);
        _limits.Slow(sender.Id, TimeSpan.Zero);
        _limits.Slow(sender.Id, TimeSpan.Zero);
        Assert.Equal(10, _limits.EffectiveRate(sender), 9);           // 6.25 floored at 10%

        _clock.Advance(Second + Guard);
        Assert.Equal(10, Grant(sender, 200));
    }

    [Fact]
    public void Slow_never_goes_below_one_permit_per_window()
    {
        var sender = Sender(3);
        for (var i = 0; i < 5; i++)
        {
            _limits.Slow(sender.Id, TimeSpan.Zero);
        }
        Assert.Equal(1, _limits.EffectiveRate(sender), 9);
        Assert.Equal(1, Grant(sender, 10));
        _clock.Advance(Second + Guard);
        Assert.Equal(1, Grant(sender, 10));

        var slow = Sender(0.5, "slow");
        _limits.Slow(slow.Id, TimeSpan.Zero);
        Assert.Equal(0.5, _limits.EffectiveRate(slow), 9);            // one per 2 s window already
        Assert.True(_limits.TryAcquire(slow, 1));
    }

    [Fact]
    public void The_rate_recovers_by_a_tenth_every_ten_seconds_without_a_new_slow()
    {
        var sender = Sender(10);
        _limits.Slow(sender.Id, TimeSpan.FromSeconds(2));
        Assert.Equal(5, _limits.EffectiveRate(sender), 9);

        _clock.Advance(TimeSpan.FromSeconds(10) - Tick);
        Assert.Equal(5, _limits.EffectiveRate(sender), 9);
        _clock.Advance(Tick);
        Assert.Equal(6, _limits.EffectiveRate(sender), 9);
        Assert.Equal(6, Grant(sender, 20));

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(7, _limits.EffectiveRate(sender), 9);

        _limits.Slow(sender.Id, TimeSpan.Zero);                      // a new slow-down halves what there is now
        Assert.Equal(3.5, _limits.EffectiveRate(sender), 9);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(4.5, _limits.EffectiveRate(sender), 9);
        Assert.Equal(4, Grant(sender, 20));

        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(10, _limits.EffectiveRate(sender), 9);          // back to the configured rate, not beyond
        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(10, _limits.EffectiveRate(sender), 9);
        Assert.Equal(10, Grant(sender, 20));
    }

    [Fact]
    public void A_waiter_waits_out_the_pause()
    {
        var sender = Sender(10);
        _limits.Slow(sender.Id, TimeSpan.FromSeconds(3));
        var wait = _limits.AcquireAsync(sender, 1, CancellationToken.None).AsTask();
        _clock.Advance(TimeSpan.FromSeconds(3) - Tick);
        Assert.False(wait.IsCompleted);
        _clock.Advance(Tick);
        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_slow_while_waiting_pushes_the_waiter_back()
    {
        var sender = Sender(1);
        Assert.True(_limits.TryAcquire(sender, 1));
        var wait = _limits.AcquireAsync(sender, 1, CancellationToken.None).AsTask();
        _limits.Slow(sender.Id, TimeSpan.FromSeconds(4));
        _clock.Advance(Second + Guard);
        Assert.False(wait.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(4) - Second - Guard);
        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_waiter_wakes_when_recovery_makes_room()
    {
        var sender = Sender(10);
        _limits.Slow(sender.Id, TimeSpan.Zero);
        for (var i = 0; i < 3; i++)
        {
            _limits.Slow(sender.Id, TimeSpan.Zero);                   // 1 per window
        }
        Assert.True(_limits.TryAcquire(sender, 1));
        _clock.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(500));
        Assert.True(_limits.TryAcquire(sender, 1));                  // t = 9.5 s
        var wait = _limits.AcquireAsync(sender, 1, CancellationToken.None).AsTask();
        _clock.Advance(TimeSpan.FromMilliseconds(500) - Tick);
        Assert.False(wait.IsCompleted);
        _clock.Advance(Tick);                                        // t = 10 s: 2 per window now
        Assert.True(wait.IsCompletedSuccessfully);
    }
}

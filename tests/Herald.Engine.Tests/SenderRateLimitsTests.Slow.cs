namespace Herald.Engine.Tests;

public sealed partial class SenderRateLimitsTests
{
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

using Herald.Engine.Dispatch;

namespace Herald.Engine.Tests;

public sealed partial class SenderRateLimitsTests
{
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
}

using System.Collections.Concurrent;
using Herald.Storage.Rows;

namespace Herald.Engine.Dispatch;

/// <summary>
/// An exact per-sender limiter: never more than N permits in any window of length W (a sliding log kept as a ring
/// buffer of the times of the last N permits). N is the sender's rate per second (floored, at least 1) and W is one
/// second plus a guard; a sender slower than 1/s gets N = 1 and W = 1/rate seconds plus the guard. The guard keeps
/// jitter between Herald and the provider from squeezing N + 1 arrivals into one provider-side clock second.
/// </summary>
/// <remarks>
/// A provider's "too fast" (<see cref="Slow"/>) pauses the sender and halves its effective rate (never below 10% of
/// the configured rate, nor below one permit per window); the rate then recovers by 10% of the configured rate for
/// every 10 s without a new <see cref="Slow"/>. A request for more permits than fit in a window is granted only when
/// the whole window is empty. Time is read only from the <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </remarks>
public sealed partial class SenderRateLimits : IDisposable
{
    /// <summary>Added to every window so that N + 1 sends cannot land in one provider-side second.</summary>
    public static readonly TimeSpan DefaultGuard = TimeSpan.FromMilliseconds(50);

    /// <summary>No sender is slower than this (a rate of zero or less would otherwise never send).</summary>
    private const double MinRate = 0.01;

    /// <summary>Caps the ring buffer (8 bytes a slot) for absurd configured rates.</summary>
    private const int MaxPermitsPerWindow = 100_000;

    private const double SlowFloor = 0.1;
    private const double RecoveryStep = 0.1;
    private static readonly long RecoveryPeriodTicks = TimeSpan.FromSeconds(10).Ticks;

    private readonly TimeProvider _clock;
    private readonly long _origin;
    private readonly long _guardTicks;
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    public SenderRateLimits(TimeProvider clock)
        : this(clock, DefaultGuard)
    {
    }

    public SenderRateLimits(TimeProvider clock, TimeSpan guard)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(guard, TimeSpan.Zero);
        _clock = clock;
        _origin = clock.GetTimestamp();
        _guardTicks = guard.Ticks;
    }

    /// <summary>Grants <paramref name="permits"/> now, or nothing and returns false. Never jumps ahead of queued waiters.</summary>
    public bool TryAcquire(SenderRow sender, int permits)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        return LaneFor(sender.Id).TryAcquire(sender.RatePerSecond, permits);
    }

    /// <summary>
    /// Completes once <paramref name="permits"/> are granted, waiting on the clock's timers; waiters for one sender
    /// are served first come, first served (a large request is not overtaken by smaller ones behind it).
    /// </summary>
    public ValueTask AcquireAsync(SenderRow sender, int permits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        if (ct.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(ct);
        }
        return LaneFor(sender.Id).AcquireAsync(sender.RatePerSecond, permits, ct);
    }

    /// <summary>
    /// The provider said "too fast": no permits for this sender until now + <paramref name="pause"/> (a longer
    /// existing pause wins) and its effective rate halves.
    /// </summary>
    public void Slow(string senderId, TimeSpan pause)
    {
        ArgumentNullException.ThrowIfNull(senderId);
        LaneFor(senderId).Slow(pause);
    }

    /// <summary>What remains of the sender's pause; zero when it is not paused.</summary>
    public TimeSpan PausedFor(string senderId)
    {
        ArgumentNullException.ThrowIfNull(senderId);
        return _lanes.TryGetValue(senderId, out var lane) ? lane.PausedFor() : TimeSpan.Zero;
    }

    /// <summary>
    /// The rate the sender is held to now, in permits per second: its configured rate, less while it recovers from
    /// <see cref="Slow"/>. Each window grants floor(rate × window without guard) permits, at least one.
    /// </summary>
    public double EffectiveRate(SenderRow sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        return LaneFor(sender.Id).EffectiveRate(sender.RatePerSecond);
    }

    /// <summary>Stops the timers; whoever still waits gets an <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        foreach (var lane in _lanes.Values)
        {
            lane.Dispose();
        }
    }

    private Lane LaneFor(string senderId) =>
        _lanes.TryGetValue(senderId, out var lane) ? lane : _lanes.GetOrAdd(senderId, static (_, owner) => new Lane(owner), this);

    /// <summary>Ticks (100 ns) since construction, monotonic.</summary>
    private long Now() => _clock.GetElapsedTime(_origin).Ticks;
}

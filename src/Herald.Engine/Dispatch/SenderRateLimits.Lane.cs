
namespace Herald.Engine.Dispatch;

public sealed partial class SenderRateLimits
{
    /// <summary>One sender's log of grants, pause, slow-down and queue of waiters, all under one lock.</summary>
    private sealed partial class Lane(SenderRateLimits owner) : IDisposable
    {
        private readonly Lock _gate = new();

        // Configuration, recomputed when the sender's rate changes.
        private double _configuredRate = double.NaN;
        private int _permitsPerWindow;      // N at the configured rate
        private long _baseWindowTicks;      // W without the guard
        private long _windowTicks;          // W

        // The times of the last _count permits (_count <= _ring.Length == N); _head is where the next one goes.
        private long[] _ring = [];
        private int _head;
        private int _count;

        // "Too fast" from the provider.
        private long _pausedUntil = long.MinValue;
        private double _slowFraction = 1;   // the fraction of the configured rate right after the last Slow
        private long _slowedAt;

        // Waiters, oldest first, and the one timer that wakes the oldest.
        private readonly LinkedList<Waiter> _waiters = new();
        private ITimer? _timer;
        private bool _disposed;

        public bool TryAcquire(double rate, int permits)
        {
            lock (_gate)
            {
                Configure(rate);
                return _waiters.Count == 0 && TryGrant(permits, owner.Now());
            }
        }

        public ValueTask AcquireAsync(double rate, int permits, CancellationToken ct)
        {
            Waiter waiter;
            lock (_gate)
            {
                Configure(rate);
                if (_waiters.Count == 0 && TryGrant(permits, owner.Now()))
                {
                    return ValueTask.CompletedTask;
                }
                ObjectDisposedException.ThrowIf(_disposed, typeof(SenderRateLimits));
                waiter = new Waiter(this, permits);
                _waiters.AddLast(waiter.Node);
                if (_waiters.Count == 1)
                {
                    Schedule(owner.Now());
                }
            }
            if (ct.CanBeCanceled)
            {
                var registration = ct.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), waiter);
                if (!waiter.SetRegistration(registration))
                {
                    registration.Dispose();  // granted or cancelled meanwhile
                }
            }
            return new ValueTask(waiter.Completion.Task);
        }

        public void Slow(TimeSpan pause)
        {
            lock (_gate)
            {
                var now = owner.Now();
                var until = pause > TimeSpan.Zero ? now + pause.Ticks : now;
                _pausedUntil = Math.Max(_pausedUntil, until);
                _slowFraction = Math.Max(SlowFloor, Fraction(now) / 2);
                _slowedAt = now;
                if (_waiters.Count > 0)
                {
                    Schedule(now);
                }
            }
        }

        public TimeSpan PausedFor()
        {
            lock (_gate)
            {
                var left = _pausedUntil - owner.Now();
                return left > 0 ? TimeSpan.FromTicks(left) : TimeSpan.Zero;
            }
        }

        public double EffectiveRate(double rate)
        {
            lock (_gate)
            {
                Configure(rate);
                var oneSecondWindows = (double)TimeSpan.TicksPerSecond / _baseWindowTicks;
                return Math.Max(_configuredRate * Fraction(owner.Now()), oneSecondWindows);
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _timer?.Dispose();
                _timer = null;
                while (_waiters.First is { } node)
                {
                    _waiters.RemoveFirst();
                    node.Value.Fail(new ObjectDisposedException(nameof(SenderRateLimits)));
                }
            }
        }

        /// <summary>Takes a rate change into account (at the first call that carries it).</summary>
        private void Configure(double rate)
        {
            if (rate == _configuredRate)
            {
                return;
            }
            var r = rate >= MinRate ? rate : MinRate;  // NaN too
            _configuredRate = r;
            _permitsPerWindow = r >= 1 ? (int)Math.Min(MaxPermitsPerWindow, Math.Floor(r)) : 1;
            _baseWindowTicks = r >= 1 ? TimeSpan.TicksPerSecond : (long)Math.Round(TimeSpan.TicksPerSecond / r);
            _windowTicks = _baseWindowTicks + owner._guardTicks;
            if (_ring.Length != _permitsPerWindow)
            {
                // Keep the newest grants that still fit: they keep constraining the next ones.
                var ring = new long[_permitsPerWindow];
                var keep = Math.Min(_count, ring.Length);
                for (var i = keep; i >= 1; i--)
                {
                    ring[keep - i] = Recent(i);
                }
                _ring = ring;
                _count = keep;
                _head = keep % ring.Length;
            }
            if (_waiters.Count > 0)
            {
                Pump(owner.Now());
            }
        }

        /// <summary>The fraction of the configured rate allowed now (1 unless recovering from <see cref="Slow"/>).</summary>
        private double Fraction(long now)
        {
            if (_slowFraction >= 1)
            {
                return 1;
            }
            var steps = (now - _slowedAt) / RecoveryPeriodTicks;
            var fraction = _slowFraction + (steps * RecoveryStep);
            if (fraction >= 1 - 1e-9)
            {
                _slowFraction = 1;  // fully recovered: the fast path from now on
                return 1;
            }
            return fraction;
        }

        /// <summary>N now: floor(effective rate × window without guard), at least 1, at most the configured N.</summary>
        private int EffectivePermits(long now)
        {
            var fraction = Fraction(now);
            if (fraction >= 1)
            {
                return _permitsPerWindow;
            }
            var perWindow = _configuredRate * fraction * _baseWindowTicks / TimeSpan.TicksPerSecond;
            return (int)Math.Clamp(Math.Floor(perWindow + 1e-9), 1, _permitsPerWindow);
        }

        /// <summary>The time of the i-th most recent grant (1 = the latest); requires i &lt;= _count.</summary>
        private long Recent(int i)
        {
            var at = _head - i;
            return _ring[at < 0 ? at + _ring.Length : at];
        }

        /// <summary>
        /// The grant whose time decides whether <paramref name="permits"/> may go now: the new last permit needs the one
        /// N places before it at or before now − W; a request larger than N needs the whole window empty.
        /// Counted back from the latest (1 = the latest); when fewer grants are on record, nothing stands in the way.
        /// </summary>
        private static int Deciding(int permits, int n) => permits <= n ? n - permits + 1 : 1;

        private bool TryGrant(int permits, long now)
        {
            if (now < _pausedUntil)
            {
                return false;
            }
            var deciding = Deciding(permits, EffectivePermits(now));
            if (deciding <= _count && Recent(deciding) > now - _windowTicks)
            {
                return false;
            }
            var writes = Math.Min(permits, _ring.Length);
            for (var i = 0; i < writes; i++)
            {
                _ring[_head] = now;
                _head = _head + 1 == _ring.Length ? 0 : _head + 1;
            }
            _count = Math.Min(_ring.Length, _count + permits);
            return true;
        }

        /// <summary>When <paramref name="permits"/> could next go, assuming no new grants, slow-downs or rate changes.</summary>
        private long ReadyAt(int permits, long now)
        {
            var ready = Math.Max(now, _pausedUntil);
            var deciding = Deciding(permits, EffectivePermits(now));
            if (deciding <= _count)
            {
                ready = Math.Max(ready, Recent(deciding) + _windowTicks);
            }
            if (Fraction(now) < 1)
            {
                // The next recovery step allows more per window: look again then.
                var nextStep = _slowedAt + (((now - _slowedAt) / RecoveryPeriodTicks) + 1) * RecoveryPeriodTicks;
                ready = Math.Min(ready, Math.Max(nextStep, _pausedUntil));
            }
            return ready;
        }

        /// <summary>Grants queued requests in order while they fit, then sets the timer for the oldest one left.</summary>
        private void Pump(long now)
        {
            while (_waiters.First is { } node && TryGrant(node.Value.Permits, now))
            {
                _waiters.RemoveFirst();
                node.Value.Succeed();  // continuations run asynchronously: safe under the lock
            }
            Schedule(now);
        }

        private void Schedule(long now)
        {
            if (_disposed || _waiters.First is not { } first)
            {
                _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                return;
            }
            var due = TimeSpan.FromTicks(Math.Max(1, ReadyAt(first.Value.Permits, now) - now));
            _timer ??= owner._clock.CreateTimer(static s => ((Lane)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }

        private void OnTimer()
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    Pump(owner.Now());
                }
            }
        }

        private void Cancel(Waiter waiter, CancellationToken ct)
        {
            lock (_gate)
            {
                if (waiter.Node.List is null)
                {
                    return;  // already granted
                }
                var wasFirst = _waiters.First == waiter.Node;
                _waiters.Remove(waiter.Node);
                waiter.Cancelled(ct);
                if (wasFirst && !_disposed)
                {
                    Pump(owner.Now());  // whoever is next may fit now
                }
            }
        }
    }
}

namespace Herald.Simulator.Core;

/// <summary>What the fault knobs decided for one send, checked before the send is accepted.</summary>
internal enum Gate
{
    Proceed,
    Refused,
    ServerError,
    TooManyRequests,
    NumberLimit,
}

/// <summary>Applies the knobs to one send: latency, refusal, 429 bursts, 5xx, per-number limit, hangs.</summary>
internal sealed class Chaos(SimState state)
{
    private long burstUntilTicks;

    /// <summary>Runs before acceptance; anything but Proceed means the send was not accepted.</summary>
    public async Task<(Gate Gate, int RetryAfter)> BeforeAcceptAsync(HttpContext http, string vendor, string number)
    {
        var knobs = state.Knobs;
        var delay = knobs.LatencyMs + state.Random.Next(knobs.JitterMs + 1);
        if (delay > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delay), state.Clock, http.RequestAborted);
        }

        if (state.Random.Chance(knobs.RefuseRate))
        {
            state.Count("refused");
            http.Abort();
            return (Gate.Refused, 0);
        }

        var now = state.Clock.GetUtcNow().UtcTicks;
        var until = Interlocked.Read(ref burstUntilTicks);
        if (now >= until && state.Random.Chance(knobs.Rate429))
        {
            until = now + TimeSpan.FromMilliseconds(Math.Max(1, knobs.Burst429Ms)).Ticks;
            Interlocked.Exchange(ref burstUntilTicks, until);
        }

        if (now < until)
        {
            state.Count("throttled429");
            var remaining = (int)Math.Ceiling(TimeSpan.FromTicks(until - now).TotalSeconds);
            var retryAfter = Math.Max(knobs.RetryAfterSeconds, remaining);
            http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (Gate.TooManyRequests, retryAfter);
        }

        if (state.Random.Chance(knobs.ErrorRate5xx))
        {
            state.Count("serverErrors");
            return (Gate.ServerError, 0);
        }

        if (!state.TryTakeSlot(vendor, number, knobs.PerNumberLimit))
        {
            state.Count("numberLimit");
            return (Gate.NumberLimit, 1);
        }

        return (Gate.Proceed, 0);
    }

    /// <summary>Decides, before recording, whether this accepted send will hang past the client's timeout.</summary>
    public bool WillHang() => state.Random.Chance(state.Knobs.TimeoutRate);

    /// <summary>Accepted but never answered: wait past the client's timeout, then drop the connection.</summary>
    public async Task HangAsync(HttpContext http)
    {
        state.Count("timeouts");
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(state.Knobs.TimeoutHangMs), state.Clock, http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up first, which is the point.
        }

        http.Abort();
    }
}

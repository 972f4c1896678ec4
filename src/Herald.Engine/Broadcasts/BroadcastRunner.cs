using Herald.Storage.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Broadcasts;

/// <summary>
/// Moves broadcasts along: starts scheduled ones, expands running ones batch by batch (one batch per broadcast per
/// round, so concurrent broadcasts share the queue fairly), pauses on a paused template or a high error rate, resumes
/// when the template is approved again, and completes them when nothing is left to hand over.
/// </summary>
public sealed partial class BroadcastRunner(
    BroadcastStore store, BroadcastExpander expander, BroadcastMonitor monitor, BroadcastGate gate, TimeProvider clock,
    IOptions<HeraldOptions> options, ILogger<BroadcastRunner> logger) : BackgroundService
{
    private static readonly TimeSpan Horizon = TimeSpan.FromSeconds(5);
    private readonly BroadcastOptions _o = options.Value.Broadcasts;
    private readonly Dictionary<string, BroadcastPlan> _plans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _checkedAt = new(StringComparer.Ordinal);
    private DateTimeOffset _gateAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Dispatcher.Enabled)
        {
            return;
        }
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var busy = await RoundAsync(stoppingToken).ConfigureAwait(false);
                failures = 0;
                if (!busy)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), clock, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                LogRoundFailed(logger, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * (1 << Math.Min(failures, 6)))), clock, stoppingToken)
                    .ConfigureAwait(false);
            }
        }
    }

    /// <summary>One pass over the active broadcasts; true when some expansion happened (go again at once).</summary>
    public async Task<bool> RoundAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - _gateAt >= _o.CheckInterval)
        {
            var version = gate.BeginRefresh();
            gate.Refresh(await store.StoppedAsync((now - TimeSpan.FromHours(1)).ToUnixTimeMilliseconds(), ct).ConfigureAwait(false), version);
            _gateAt = now;
        }
        var busy = false;
        var active = await store.ActiveAsync(ct).ConfigureAwait(false);
        // Broadcasts that finished, were cancelled or paused by a person are no longer looked after here.
        foreach (var gone in _plans.Keys.Except(active.Select(a => a.Id), StringComparer.Ordinal).ToList())
        {
            _plans.Remove(gone);
            _checkedAt.Remove(gone);
        }
        foreach (var b in active)
        {
            var plan = PlanOf(b);
            var due = !_checkedAt.TryGetValue(b.Id, out var last) || now - last >= _o.CheckInterval;
            if (due)
            {
                _checkedAt[b.Id] = now;
            }
            switch (b.State)
            {
                case "scheduled" when b.SendAt is null || b.SendAt <= now.ToUnixTimeMilliseconds():
                    await store.BeginScheduledAsync(b.Id, now.ToUnixTimeMilliseconds(), ct).ConfigureAwait(false);
                    busy = true;
                    break;
                case "paused" when due:
                    await monitor.ResumeIfTemplateApprovedAsync(plan, ct).ConfigureAwait(false);
                    break;
                case "running":
                    if (due && await monitor.PausedForHealthAsync(plan, ct).ConfigureAwait(false))
                    {
                        break;
                    }
                    busy |= await StepAsync(plan, due, now, ct).ConfigureAwait(false);
                    break;
            }
        }
        return busy;
    }

    private async Task<bool> StepAsync(BroadcastPlan plan, bool due, DateTimeOffset now, CancellationToken ct)
    {
        var b = plan.Row;
        var nowMs = now.ToUnixTimeMilliseconds();
        if (b.WaitUntil is { } wait && wait > nowMs)
        {
            return false;
        }
        // Queue only a few seconds ahead of the pacing, and no more than QueueAhead due messages when the senders are behind.
        if (b.NextDue is { } next && next > nowMs + (long)Horizon.TotalMilliseconds)
        {
            return false;
        }
        if (await store.QueuedAheadAsync(b.Id, nowMs + (long)Horizon.TotalMilliseconds, ct).ConfigureAwait(false) >= _o.QueueAhead)
        {
            return false;
        }
        var r = await expander.ExpandAsync(plan, _o.BatchSize, ct).ConfigureAwait(false);
        if (r.Blocked is { } blocked)
        {
            await monitor.BlockedAsync(plan, blocked, ct).ConfigureAwait(false);
            return false;
        }
        if (r.WaitUntil is { } until)
        {
            await store.SetWaitAsync(b.Id, until.ToUnixTimeMilliseconds(), "messaging_limit", ct).ConfigureAwait(false);
            _plans.Remove(b.Id);
        }
        else if (b.WaitUntil is not null)
        {
            await store.SetWaitAsync(b.Id, null, null, ct).ConfigureAwait(false);
            _plans.Remove(b.Id);
        }
        if (r.Expanded > 0)
        {
            return true;
        }
        if (!r.Stopped && due)
        {
            if (await store.CompleteIfDoneAsync(b.Id, nowMs, ct).ConfigureAwait(false))
            {
                _plans.Remove(b.Id);
                LogCompleted(logger, b.Id);
            }
            else
            {
                await store.ReleaseHeldAsync(b.Id, ct).ConfigureAwait(false);
            }
        }
        return false;
    }

    /// <summary>Settings are parsed once per broadcast version; the pacing cursor is kept current in the cached row.</summary>
    private BroadcastPlan PlanOf(Storage.Rows.BroadcastRow b)
    {
        if (_plans.TryGetValue(b.Id, out var plan) && plan.Row.UpdatedAt == b.UpdatedAt && plan.Row.State == b.State)
        {
            return plan;
        }
        return _plans[b.Id] = new BroadcastPlan(b);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Broadcast {BroadcastId} completed: every recipient was handed over or skipped")]
    private static partial void LogCompleted(ILogger logger, string broadcastId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A broadcast round failed; retrying")]
    private static partial void LogRoundFailed(ILogger logger, Exception ex);
}

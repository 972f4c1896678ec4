using Herald.Storage.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Dispatch;

/// <summary>
/// Drains the durable queue: workers claim batches with leases (transactional lane first, with a reserved share for
/// bulk), send through each sender's adapter at its rate, and record every outcome of the batch in one transaction.
/// </summary>
public sealed partial class Dispatcher(
    QueueStore queue, BatchSender batchSender, DispatchSignal signal, TimeProvider clock, IOptions<HeraldOptions> options,
    ILogger<Dispatcher> logger) : BackgroundService
{
    private readonly DispatcherOptions _o = options.Value.Dispatcher;
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_o.Enabled)
        {
            return Task.CompletedTask;
        }
        // One more worker takes transactional messages only, so one never waits for a broadcast batch to get through its sender's rate.
        return Task.WhenAll(Enumerable.Range(0, _o.Workers + 1)
            .Select(i => Task.Run(() => WorkAsync(i == _o.Workers, stoppingToken), stoppingToken)));
    }

    private async Task WorkAsync(bool transactionalOnly, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                var claimed = await queue.ClaimAsync(_owner, now.ToUnixTimeMilliseconds(),
                    (now + _o.Lease).ToUnixTimeMilliseconds(), _o.BatchSize, transactionalOnly ? 1.0 : _o.TransactionalShare, ct,
                    includeBulk: !transactionalOnly).ConfigureAwait(false);
                failures = 0;
                if (claimed.Count == 0)
                {
                    await signal.WaitAsync(_o.IdlePoll, ct).ConfigureAwait(false);
                    continue;
                }
                using var renew = new CancellationTokenSource();
                var renewal = RenewLeasesAsync(claimed.Select(c => c.Message.Id).ToList(), renew.Token);
                try
                {
                    var outcomes = await batchSender.ProcessAsync(claimed, _owner, ct).ConfigureAwait(false);
                    await FinishWithRetriesAsync(outcomes, ct).ConfigureAwait(false);
                }
                finally
                {
                    // Stop renewing even when the batch failed, so its lease runs out and another worker takes it over.
                    await renew.CancelAsync().ConfigureAwait(false);
                    await renewal.ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The claimed batch keeps its lease and is picked up again when the lease runs out.
                failures++;
                LogWorkerFailed(logger, ex);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 100 * (1 << Math.Min(failures, 6)))), clock, ct)
                    .ConfigureAwait(false);
            }
        }
    }

    /// <summary>Recording outcomes is safe to repeat, so a deadlock or a dropped connection is retried a few times first.</summary>
    private async Task FinishWithRetriesAsync(IReadOnlyList<DispatchOutcome> outcomes, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await queue.FinishAsync(outcomes, clock.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (System.Data.Common.DbException ex) when (attempt < 5 && !ct.IsCancellationRequested)
            {
                LogFinishRetried(logger, ex, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), clock, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task RenewLeasesAsync(List<string> ids, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_o.Lease / 3, clock, ct).ConfigureAwait(false);
                await queue.ExtendLeaseAsync(_owner, ids, (clock.GetUtcNow() + _o.Lease).ToUnixTimeMilliseconds(), ct)
                    .ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // the batch is finished
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording a batch's outcomes failed (attempt {Attempt}); retrying")]
    private static partial void LogFinishRetried(ILogger logger, Exception ex, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dispatcher worker failed; retrying")]
    private static partial void LogWorkerFailed(ILogger logger, Exception ex);
}

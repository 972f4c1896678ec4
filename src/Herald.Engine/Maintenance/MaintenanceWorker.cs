using Herald.Storage.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Herald.Engine.Maintenance;

/// <summary>Housekeeping every few minutes: forgets idempotency keys past their lifetime and old webhook deliveries.</summary>
public sealed partial class MaintenanceWorker(
    IdempotencyStore idempotency, WebhookStore webhooks, Microsoft.Extensions.Options.IOptions<HeraldOptions> options, TimeProvider clock,
    ILogger<MaintenanceWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var purged = await idempotency.PurgeExpiredAsync(clock.GetUtcNow().ToUnixTimeMilliseconds(), stoppingToken).ConfigureAwait(false);
                if (purged > 0)
                {
                    LogPurged(logger, purged);
                }
                var keep = options.Value.Webhooks.KeepDeliveries;
                await webhooks.PurgeFinishedAsync((clock.GetUtcNow() - keep).ToUnixTimeMilliseconds(), stoppingToken).ConfigureAwait(false);
                await Task.Delay(Every, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
                await Task.Delay(Every, clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Forgot {Count} expired idempotency keys")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Maintenance failed; trying again later")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}

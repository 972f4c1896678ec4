using Herald.Engine.Senders;
using Herald.Storage.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Templates;

/// <summary>Every <c>Herald:Providers:TemplateReconcileInterval</c>, reads template statuses from Meta in case a webhook was lost.</summary>
/// <remarks>A provider error that shows a status is stale (<see cref="TemplateSyncQueue"/>) reads that sender's templates
/// at once (at most once a minute per sender).</remarks>
public sealed class TemplateReconciler(
    WorkspaceStore workspaces, TemplateSubmission submission, TemplateSyncQueue queue, IOptions<HeraldOptions> options, TimeProvider clock,
    ILogger<TemplateReconciler> logger)
    : BackgroundService
{
    private readonly Dictionary<string, DateTimeOffset> _lastOnDemand = new(StringComparer.Ordinal);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(PeriodicAsync(stoppingToken), OnDemandAsync(stoppingToken));

    private async Task OnDemandAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var senderId in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                var now = clock.GetUtcNow();
                if (_lastOnDemand.TryGetValue(senderId, out var last) && now - last < TimeSpan.FromMinutes(1))
                {
                    continue;
                }
                _lastOnDemand[senderId] = now;
                try
                {
                    var sender = (await workspaces.AllSendersAsync(stoppingToken).ConfigureAwait(false)).FirstOrDefault(s => s.Id == senderId);
                    if (sender?.Provider == SenderProfiles.Meta && await submission.SyncSenderAsync(sender, null, stoppingToken).ConfigureAwait(false) is { } problem)
                    {
                        logger.LogWarning("Template sync for sender {Sender} failed: {Problem}", senderId, problem.Message);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Template sync for sender {Sender} failed", senderId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PeriodicAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Providers.TemplateReconcileInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, clock, stoppingToken).ConfigureAwait(false);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var s in (await workspaces.AllSendersAsync(stoppingToken).ConfigureAwait(false)).Where(s => s.Provider == SenderProfiles.Meta))
                {
                    // One read per account and workspace: every sender on the account gets the same statuses.
                    if (seen.Add($"{s.WorkspaceId}:{TemplateEventApplier.AccountOf(s)}")
                        && await submission.SyncSenderAsync(s, null, stoppingToken).ConfigureAwait(false) is { } problem)
                    {
                        logger.LogWarning("Template reconcile for sender {Sender} failed: {Problem}", s.Id, problem.Message);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Template reconcile failed; trying again next interval");
            }
        }
    }
}

using Herald.Engine.Senders;
using Herald.Storage.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Templates;

/// <summary>Every <c>Herald:Providers:TemplateReconcileInterval</c>, reads template statuses from Meta in case a webhook was lost.</summary>
public sealed class TemplateReconciler(
    WorkspaceStore workspaces, TemplateSubmission submission, IOptions<HeraldOptions> options, TimeProvider clock, ILogger<TemplateReconciler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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

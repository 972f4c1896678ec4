using Herald.Domain.Messages;
using Herald.Engine.Statuses;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Sandbox;

/// <summary>Plays the handsets: reports sent, delivered and read for what the sandbox accepted, durably, as a provider's callbacks would.</summary>
public sealed partial class SandboxWorker(
    Database db, SandboxStore store, TimeProvider clock, IOptions<HeraldOptions> options, ILogger<SandboxWorker> logger)
    : BackgroundService
{
    private const int DueBatch = 1000;
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(50);
    private readonly SandboxOptions _o = options.Value.Sandbox;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                var due = await store.DueAsync(now.ToUnixTimeMilliseconds(), DueBatch, stoppingToken).ConfigureAwait(false);
                if (due.Count > 0)
                {
                    await AdvanceAsync(due, now, stoppingToken).ConfigureAwait(false);
                    if (due.Count < DueBatch)
                    {
                        // Let more statuses fall due: fewer, larger transactions leave SQLite's single writer to the API.
                        await Task.Delay(Gather, clock, stoppingToken).ConfigureAwait(false);
                    }
                    continue;
                }
                var next = await store.NextDueAsync(stoppingToken).ConfigureAwait(false);
                var wait = next is null ? TimeSpan.FromMilliseconds(200)
                    : TimeSpan.FromMilliseconds(Math.Clamp(next.Value - now.ToUnixTimeMilliseconds(), 10, 200));
                await Task.Delay(wait, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task AdvanceAsync(IReadOnlyList<SandboxDeliveryRow> due, DateTimeOffset now, CancellationToken ct)
    {
        var updates = new List<StatusUpdate>(due.Count);
        foreach (var row in due)
        {
            var behaviour = Enum.Parse<SandboxBehaviour>(row.Behaviour);
            (MessageStatus status, TimeSpan? next) step = row.Stage switch
            {
                0 => (MessageStatus.Sent, behaviour == SandboxBehaviour.NeverDelivered ? null : _o.DeliveredDelay),
                1 when behaviour == SandboxBehaviour.FailPermanently => (MessageStatus.Failed, null),
                1 => (MessageStatus.Delivered, _o.ReadDelay),
                _ => (MessageStatus.Read, null),
            };
            updates.Add(step.status == MessageStatus.Failed
                ? new StatusUpdate(row.MessageId, step.status, now, "sandbox", ErrorClass.Permanent, "sandbox_undeliverable",
                    $"Sandbox test number {row.Phone} is unreachable (simulated permanent failure).")
                : new StatusUpdate(row.MessageId, step.status, now, "sandbox"));
            row.Stage++;
            row.NextAt = step.next is { } d ? (now + d).ToUnixTimeMilliseconds() : null;
        }
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        await StatusIngestor.ApplyAsync(c, tx, updates, now.ToUnixTimeMilliseconds()).ConfigureAwait(false);
        await SandboxStore.AdvanceAsync(c, tx, due).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sandbox status worker failed; retrying")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}

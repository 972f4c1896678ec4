using System.Threading.Channels;
using Herald.Engine.Dispatch;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Sending;

/// <summary>The result of a send: the stored message when the rules allowed it, otherwise the decision with every reason.</summary>
public sealed record SubmitResult(Evaluated Evaluation, MessageRow? Message);

/// <summary>
/// The API's write path with group commit: concurrent sends are gathered, evaluated against state read in the same
/// transaction, and committed together, so the disk sees one commit per batch instead of one per message.
/// </summary>
public sealed partial class SendPipeline(
    Database db, SendEvaluator evaluator, DispatchSignal signal, TimeProvider clock, IOptions<HeraldOptions> options,
    ILogger<SendPipeline> logger) : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly HeraldOptions _o = options.Value;

    private sealed record Pending(SendCommand Command, TaskCompletionSource<SubmitResult> Done);

    public Task<SubmitResult> SubmitAsync(SendCommand command, CancellationToken ct = default)
    {
        var done = new TaskCompletionSource<SubmitResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(command, done)))
        {
            throw new InvalidOperationException("Herald is shutting down; try again in a moment.");
        }
        return done.Task.WaitAsync(ct);
    }

    /// <summary>Evaluates without writing anything (POST /v1/messages/check).</summary>
    public async Task<Evaluated> CheckAsync(SendCommand command, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var r = await evaluator.EvaluateAsync(c, null, [command], clock.GetUtcNow(), ct).ConfigureAwait(false);
        return r[0];
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writers = db.IsSqlite ? 1 : _o.Intake.Writers;
        return Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() => WriteLoopAsync(stoppingToken), stoppingToken)));
    }

    private async Task WriteLoopAsync(CancellationToken ct)
    {
        var batch = new List<Pending>(_o.Intake.MaxBatch);
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _o.Intake.MaxBatch && reader.TryRead(out var p))
                {
                    batch.Add(p);
                }
                await CommitBatchAsync(batch, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // shutting down: requests still queued get a clear error below
        }
        while (reader.TryRead(out var left))
        {
            left.Done.TrySetException(new OperationCanceledException("Herald is shutting down; try again in a moment."));
        }
    }

    private async Task CommitBatchAsync(List<Pending> batch, CancellationToken ct)
    {
        try
        {
            var now = clock.GetUtcNow();
            using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
            await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
            await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
            var evaluated = await evaluator.EvaluateAsync(c, tx, batch.Select(p => p.Command).ToList(), now, ct).ConfigureAwait(false);
            var created = new NewMessage?[batch.Count];
            for (var i = 0; i < evaluated.Count; i++)
            {
                if (evaluated[i].Decision.Allowed)
                {
                    created[i] = MessageFactory.Create(evaluated[i], now, _o.DefaultValidity);
                }
            }
            var accepted = created.Where(x => x is not null).Select(x => x!).ToList();
            await MessageStore.InsertAsync(c, tx, accepted.Select(a => a.Message).ToList(), ct).ConfigureAwait(false);
            await MessageStore.InsertOutboxAsync(c, tx, accepted.Select(a => a.Outbox).ToList(), ct).ConfigureAwait(false);
            await MessageStore.InsertEventsAsync(c, tx, accepted.SelectMany(a => a.Events).ToList(), ct).ConfigureAwait(false);
            await StateStore.CountViberSendsAsync(c, tx, accepted.Select(a => a.Message)).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(new SubmitResult(evaluated[i], created[i]?.Message));
            }
            if (accepted.Count > 0)
            {
                signal.Notify();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogBatchFailed(logger, ex, batch.Count);
            foreach (var p in batch)
            {
                p.Done.TrySetException(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} sends could not be committed; none of them was stored")]
    private static partial void LogBatchFailed(ILogger logger, Exception ex, int count);
}

using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Herald.Domain.Messages;
using Herald.Domain.Phones;
using Herald.Engine.Dispatch;
using Herald.Engine.Inbound;
using Herald.Engine.Templates;
using Herald.Providers.Contracts;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Webhooks;

/// <summary>What one authenticated webhook request changed.</summary>
/// <param name="Events">Events the request carried.</param>
/// <param name="New">Events seen for the first time (the rest were duplicates and changed nothing).</param>
/// <param name="Statuses">Status events that matched one of Herald's messages.</param>
/// <param name="Inbound">Inbound messages recorded.</param>
/// <param name="Templates">Template statuses changed.</param>
public sealed record WebhookOutcome(int Events, int New, int Statuses, int Inbound, int Templates);

/// <summary>
/// Takes an authenticated provider webhook: every event is kept raw once (deduplicated by provider, provider id and what
/// happened), and only new events act — statuses apply monotonically, inbound messages open windows and feed the
/// keywords, template events change approval — all in one transaction, so a failure leaves nothing half-done and the
/// provider's retry finds the events still new. Webhooks arriving together share that transaction (group commit, like
/// the API's sends): the disk sees one commit per batch, and a batch that fails is retried one webhook at a time.
/// </summary>
public sealed partial class WebhookIngestor(
    Database db, InboundService inbound, TemplateEventApplier templates, DispatchSignal signal, TimeProvider clock,
    IOptions<HeraldOptions> options, ILogger<WebhookIngestor> logger) : BackgroundService
{
    private sealed record Item(string Kind, string Key, string? ProviderMessageId, object Event);

    private sealed record Pending(SenderRow Sender, ProviderWebhookEvents Events, ReadOnlyMemory<byte> Raw, TaskCompletionSource<WebhookOutcome> Done);

    private sealed record Effects(WebhookOutcome Outcome, bool Replies, bool TemplatesChanged);

    private readonly System.Threading.Channels.Channel<Pending> _queue = System.Threading.Channels.Channel.CreateUnbounded<Pending>();

    public Task<WebhookOutcome> IngestAsync(SenderRow sender, ProviderWebhookEvents events, ReadOnlyMemory<byte> raw, CancellationToken ct = default)
    {
        var done = new TaskCompletionSource<WebhookOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Pending(sender, events, raw, done)))
        {
            throw new InvalidOperationException("Herald is shutting down; the provider will retry.");
        }
        return done.Task.WaitAsync(ct);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var writers = db.IsSqlite ? 1 : options.Value.Intake.Writers;
        return Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(() => WriteLoopAsync(stoppingToken), stoppingToken)));
    }

    private async Task WriteLoopAsync(CancellationToken ct)
    {
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var p))
                {
                    batch.Add(p);
                }
                await CommitAsync(batch, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // shutting down: webhooks still queued are refused below, and the providers retry them
        }
        while (_queue.Reader.TryRead(out var left))
        {
            left.Done.TrySetException(new OperationCanceledException("Herald is shutting down; the provider will retry."));
        }
    }

    private const int MaxBatch = 256;

    /// <summary>One transaction for the whole batch; if it fails, each webhook again in a transaction of its own.</summary>
    private async Task CommitAsync(List<Pending> batch, CancellationToken ct)
    {
        try
        {
            var effects = await InTransactionAsync(batch, ct).ConfigureAwait(false);
            Finish(batch, effects);
            return;
        }
        catch (Exception ex) when (batch.Count > 1 && (ex is not OperationCanceledException || !ct.IsCancellationRequested))
        {
            LogBatchRetried(logger, ex, batch.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            batch[0].Done.TrySetException(ex);
            return;
        }
        foreach (var p in batch)
        {
            try
            {
                Finish([p], await InTransactionAsync([p], ct).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                p.Done.TrySetException(ex);
            }
        }
    }

    private async Task<List<Effects>> InTransactionAsync(IReadOnlyList<Pending> batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var results = new List<Effects>(batch.Count);
        using (await db.WriteTurnAsync(ct).ConfigureAwait(false))
        {
            await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
            await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
            var siblings = new Dictionary<(string, string), List<SenderRow>>(); // read once per batch, not per webhook
            foreach (var p in batch)
            {
                results.Add(await ApplyAsync(c, tx, p, siblings, now, ct).ConfigureAwait(false));
            }
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        return results;
    }

    private void Finish(IReadOnlyList<Pending> batch, List<Effects> effects)
    {
        if (effects.Any(e => e.Replies))
        {
            signal.Notify();
        }
        if (effects.Any(e => e.TemplatesChanged))
        {
            templates.Changed();
        }
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Done.TrySetResult(effects[i].Outcome);
        }
    }

    private async Task<Effects> ApplyAsync(
        DbConnection c, DbTransaction tx, Pending pending, Dictionary<(string, string), List<SenderRow>> siblingsOf, DateTimeOffset now,
        CancellationToken ct)
    {
        var (sender, events, raw) = (pending.Sender, pending.Events, pending.Raw);
        var nowMs = now.ToUnixTimeMilliseconds();
        var p = sender.Provider;
        var items = new List<Item>();
        items.AddRange(events.Statuses.Select(s => new Item("status", $"{p}:status:{s.ProviderMessageId}:{Wire.Name(s.Status)}", s.ProviderMessageId, s)));
        items.AddRange(events.Inbound.Select(i => new Item("inbound", $"{p}:inbound:{i.ProviderMessageId}", i.ProviderMessageId, i)));
        items.AddRange(events.Templates.Select(t => new Item("template",
            $"{p}:template:{t.ProviderTemplateId}:{t.ProviderEvent}:{t.Quality}:{t.ProviderTimestamp?.ToUnixTimeSeconds()}:{Hash(raw.Span)[..16]}", null, t)));
        if (items.Count == 0)
        {
            items.Add(new Item("unrecognized", $"{p}:body:{Hash(raw.Span)}", null, events));
        }
        var payload = Encoding.UTF8.GetString(raw.Span);
        if (events.IdempotencyToken is { } token && !await KeepAsync(c, tx, sender, "delivery", $"{p}:delivery:{token}", null, "", nowMs).ConfigureAwait(false))
        {
            return new Effects(new WebhookOutcome(items.Count, 0, 0, 0, 0), false, false); // the provider retried a delivery Herald already took
        }
        var fresh = new List<Item>();
        foreach (var item in items)
        {
            if (await KeepAsync(c, tx, sender, item.Kind, item.Key, item.ProviderMessageId, payload, nowMs).ConfigureAwait(false))
            {
                fresh.Add(item);
            }
        }
        // One provider app may serve several of the workspace's numbers through one webhook URL (Meta posts every
        // number's events to the app's single callback): events are matched to the sender they name.
        if (!siblingsOf.TryGetValue((sender.WorkspaceId, p), out var siblings))
        {
            siblingsOf[(sender.WorkspaceId, p)] = siblings = (await c.QueryAsync<SenderRow>(
                "SELECT * FROM senders WHERE workspace_id = @workspaceId AND provider = @provider",
                new { workspaceId = sender.WorkspaceId, provider = p }, tx).ConfigureAwait(false)).AsList();
        }
        var statuses = await ApplyStatusesAsync(c, tx, sender, siblings, [.. fresh.Select(f => f.Event).OfType<ProviderStatusEvent>()], now).ConfigureAwait(false);
        int inboundCount = 0, templateCount = 0;
        var replies = false;
        foreach (var m in fresh.Select(f => f.Event).OfType<ProviderInboundMessage>())
        {
            var from = PhoneNumber.TryParse(m.From, out var phone, out _) ? phone.E164 : m.From;
            var result = await inbound.ReceiveAsync(c, tx, new InboundCommand(AddressedTo(m, sender, siblings), from, m.Text, m.ProviderTimestamp ?? now,
                OverwriteWindow: false, Source: p, ProviderMessageId: m.ProviderMessageId, ProviderKeyword: m.ProviderKeyword), ct).ConfigureAwait(false);
            replies |= result.Reply is not null;
            inboundCount++;
        }
        foreach (var t in fresh.Select(f => f.Event).OfType<ProviderTemplateEvent>())
        {
            templateCount += await TemplateEventApplier.ApplyAsync(c, tx, sender, t, nowMs).ConfigureAwait(false);
        }
        return new Effects(new WebhookOutcome(items.Count, fresh.Count, statuses, inboundCount, templateCount), replies, templateCount > 0);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} webhooks could not be recorded together; recording each on its own")]
    private static partial void LogBatchRetried(ILogger logger, Exception ex, int count);

    private static async Task<bool> KeepAsync(DbConnection c, DbTransaction tx, SenderRow sender, string kind, string key, string? providerMessageId,
        string payload, long now) =>
        await c.ExecuteAsync(
            """
            INSERT INTO provider_events (sender_id, provider, kind, dedupe_key, provider_message_id, received_at, payload)
            VALUES (@senderId, @provider, @kind, @key, @providerMessageId, @now, @payload)
            ON CONFLICT (dedupe_key) DO NOTHING
            """,
            new { senderId = sender.Id, provider = sender.Provider, kind, key, providerMessageId, now, payload }, tx).ConfigureAwait(false) == 1;

    private static string Hash(ReadOnlySpan<byte> raw) => Convert.ToHexStringLower(SHA256.HashData(raw));
}

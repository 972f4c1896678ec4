using System.Data.Common;
using Dapper;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Storage.Stores;

/// <summary>A message claimed by a worker: <see cref="Recovered"/> means an earlier worker's lease ran out while it was sending.</summary>
public sealed record ClaimedMessage(MessageRow Message, bool Recovered);

/// <summary>
/// What a worker learned about one claimed message; <see cref="RetryAt"/> puts it back in the queue instead of finishing it, and
/// <see cref="Hold"/> puts it back held while its broadcast is not running (paused before it was sent).
/// </summary>
public sealed record DispatchOutcome(
    string MessageId,
    string Status,
    long Attempts,
    string? ProviderMessageId = null,
    string? ErrorClass = null,
    string? ErrorCode = null,
    string? ErrorMessage = null,
    bool InDoubt = false,
    long? RetryAt = null,
    IReadOnlyList<EventRow>? Events = null,
    ConsentRow? OptOut = null,
    bool Hold = false);

/// <summary>The durable queue: claims with leases (lanes first by share), and records outcomes in one transaction per batch.</summary>
public sealed class QueueStore(Database db)
{
    public const int TransactionalLane = 0;
    public const int BulkLane = 1;

    public async Task<IReadOnlyList<ClaimedMessage>> ClaimAsync(
        string owner, long now, long leaseUntil, int total, double transactionalShare, CancellationToken ct = default, bool includeBulk = true)
    {
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var reserved = ReservedForTransactional(total, transactionalShare);
        var ids = await ClaimLaneAsync(c, tx, TransactionalLane, owner, now, leaseUntil, reserved).ConfigureAwait(false);
        var bulk = includeBulk ? await ClaimLaneAsync(c, tx, BulkLane, owner, now, leaseUntil, total - ids.Count).ConfigureAwait(false) : [];
        ids.AddRange(bulk);
        if (ids.Count < total && ids.Count - bulk.Count == reserved)
        {
            ids.AddRange(await ClaimLaneAsync(c, tx, TransactionalLane, owner, now, leaseUntil, total - ids.Count).ConfigureAwait(false));
        }
        if (ids.Count == 0)
        {
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return [];
        }
        var messages = await MessageStore.GetManyAsync(c, tx, ids).ConfigureAwait(false);
        var started = (await c.QueryAsync<string>(
            $"SELECT message_id FROM outbox WHERE started = 1 AND {Sql.In(c, "message_id", "ids")}", new { ids }, tx).ConfigureAwait(false))
            .ToHashSet(StringComparer.Ordinal);
        var claimed = new List<ClaimedMessage>(messages.Count);
        var starting = new List<string>();
        var stale = new List<string>();
        foreach (var m in messages)
        {
            switch (m.Status)
            {
                case "queued" or "scheduled" or "deferred" or "accepted":
                    starting.Add(m.Id);
                    claimed.Add(new ClaimedMessage(m, false));
                    break;
                case "sending":
                    // Its worker's lease ran out: in doubt only if that worker had begun handing it over.
                    claimed.Add(new ClaimedMessage(m, started.Contains(m.Id)));
                    break;
                default:
                    stale.Add(m.Id); // finished elsewhere (e.g. cancelled): the queue entry is left over
                    break;
            }
        }
        if (starting.Count > 0)
        {
            await c.ExecuteAsync(
                $"UPDATE messages SET status = 'sending', updated_at = @now WHERE {Sql.In(c, "id", "starting")}",
                new { now, starting }, tx).ConfigureAwait(false);
            await MessageStore.InsertEventsAsync(c, tx, starting.Select(id => new EventRow(id, "sending", now, null)).ToList(), ct)
                .ConfigureAwait(false);
        }
        if (stale.Count > 0)
        {
            await c.ExecuteAsync($"DELETE FROM outbox WHERE {Sql.In(c, "message_id", "stale")}", new { stale }, tx).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        foreach (var m in claimed.Where(x => !x.Recovered))
        {
            m.Message.Status = "sending";
        }
        return claimed;
    }

    /// <summary>ceil(total × share), without letting floating-point noise (50 × 0.14 = 7.000000000000001) add a slot.</summary>
    private static int ReservedForTransactional(int total, double transactionalShare) =>
        (int)Math.Ceiling(Math.Round(total * transactionalShare, 9, MidpointRounding.AwayFromZero));

    private async Task<List<string>> ClaimLaneAsync(
        DbConnection c, DbTransaction tx, int lane, string owner, long now, long leaseUntil, int limit)
    {
        if (limit <= 0)
        {
            return [];
        }
        var sql = db.IsSqlite
            ? """
              UPDATE outbox SET lease_owner = @owner, lease_until = @leaseUntil, attempts = attempts + 1
              WHERE message_id IN (SELECT message_id FROM outbox WHERE held = 0 AND lane = @lane AND due_at <= @now
                                   AND (lease_until IS NULL OR lease_until < @now) ORDER BY due_at LIMIT @limit)
              RETURNING message_id
              """
            : """
              UPDATE outbox o SET lease_owner = @owner, lease_until = @leaseUntil, attempts = o.attempts + 1
              FROM (SELECT message_id FROM outbox WHERE held = 0 AND lane = @lane AND due_at <= @now
                    AND (lease_until IS NULL OR lease_until < @now) ORDER BY due_at LIMIT @limit FOR UPDATE SKIP LOCKED) c
              WHERE o.message_id = c.message_id
              RETURNING o.message_id
              """;
        var ids = await c.QueryAsync<string>(sql, new { owner, leaseUntil, lane = (long)lane, now, limit = (long)limit }, tx)
            .ConfigureAwait(false);
        return ids.AsList();
    }

    /// <summary>Records a batch of outcomes: finished messages leave the queue, retried ones go back with a new due time.</summary>
    public async Task FinishAsync(IReadOnlyList<DispatchOutcome> outcomes, long now, CancellationToken ct = default)
    {
        if (outcomes.Count == 0)
        {
            return;
        }
        // Rows are written in id order: anything else that writes several messages in one transaction (the status
        // ingestor) must take them in the same order, or PostgreSQL aborts one of the two as a deadlock.
        outcomes = outcomes.OrderBy(o => o.MessageId, StringComparer.Ordinal).ToList();
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        var retries = outcomes.Where(o => o.RetryAt is not null).ToList();
        var done = outcomes.Where(o => o.RetryAt is null).ToList();
        if (retries.Count > 0)
        {
            // A message put back because its broadcast was paused stays held unless the broadcast runs again by now.
            await c.ExecuteAsync(
                """
                UPDATE outbox SET due_at = @RetryAt, lease_owner = NULL, lease_until = NULL, started = 0,
                  held = CASE WHEN @Hold = 1 THEN COALESCE((SELECT CASE WHEN b.state = 'running' THEN 0 ELSE 1 END
                                                            FROM broadcasts b WHERE b.id = outbox.broadcast_id), 0) ELSE held END
                WHERE message_id = @MessageId
                """,
                retries.Select(r => new { r.RetryAt, Hold = r.Hold ? 1L : 0L, r.MessageId }), tx).ConfigureAwait(false);
        }
        if (done.Count > 0)
        {
            var ids = done.Select(d => d.MessageId).ToList();
            await c.ExecuteAsync($"DELETE FROM outbox WHERE {Sql.In(c, "message_id", "ids")}", new { ids }, tx).ConfigureAwait(false);
        }
        // A status that a faster provider callback already moved on is kept (only 'sending' is replaced), and so is
        // the error that callback reported: the worker's outcome describes only a message still 'sending'.
        await c.ExecuteAsync(
            """
            UPDATE messages SET
              status = CASE WHEN status = 'sending' THEN @Status ELSE status END,
              attempts = @Attempts,
              provider_message_id = COALESCE(@ProviderMessageId, provider_message_id),
              error_class = CASE WHEN status = 'sending' THEN @ErrorClass ELSE error_class END,
              error_code = CASE WHEN status = 'sending' THEN @ErrorCode ELSE error_code END,
              error_message = CASE WHEN status = 'sending' THEN @ErrorMessage ELSE error_message END,
              in_doubt = CASE WHEN status = 'sending' THEN @InDoubtFlag ELSE in_doubt END,
              updated_at = @Now
            WHERE id = @MessageId
            """,
            outcomes.Select(o => new
            {
                o.Status, o.Attempts, o.ProviderMessageId, o.ErrorClass, o.ErrorCode, o.ErrorMessage,
                InDoubtFlag = o.InDoubt ? 1L : 0L, Now = now, o.MessageId,
            }),
            tx).ConfigureAwait(false);
        var events = outcomes.SelectMany(o => o.Events ?? []).ToList();
        await MessageStore.InsertEventsAsync(c, tx, events, ct).ConfigureAwait(false);
        // A provider saying "this person opted out" (Twilio 21610) is recorded with the failure, in the same transaction.
        foreach (var optOut in outcomes.Where(o => o.OptOut is not null).Select(o => o.OptOut!))
        {
            await StateStore.SetConsentAsync(c, tx, optOut).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Records that the lease holder is about to hand these messages to the provider. A crash before this leaves them
    /// surely unsent (the next claim sends them); after it, they are in doubt.
    /// </summary>
    public async Task MarkStartedAsync(string owner, IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0)
        {
            return;
        }
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(
            $"UPDATE outbox SET started = 1 WHERE lease_owner = @owner AND {Sql.In(c, "message_id", "ids")}",
            new { owner, ids = ids.ToArray() }).ConfigureAwait(false);
    }

    /// <summary>Keeps a worker's lease alive while a slow sender works through its batch.</summary>
    public async Task ExtendLeaseAsync(string owner, IReadOnlyCollection<string> ids, long leaseUntil, CancellationToken ct = default)
    {
        if (ids.Count == 0)
        {
            return;
        }
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(
            $"UPDATE outbox SET lease_until = @leaseUntil WHERE lease_owner = @owner AND {Sql.In(c, "message_id", "ids")}",
            new { leaseUntil, owner, ids = ids.ToArray() }).ConfigureAwait(false);
    }

    public async Task<long> PendingCountAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox").ConfigureAwait(false);
    }

    /// <summary>The earliest due time in the queue, so an idle worker sleeps exactly until then.</summary>
    public async Task<long?> NextDueAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long?>(
            "SELECT MIN(CASE WHEN lease_until IS NULL OR lease_until < due_at THEN due_at ELSE lease_until END) FROM outbox WHERE held = 0")
            .ConfigureAwait(false);
    }
}

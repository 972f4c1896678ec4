using Herald.Domain;
using Herald.Domain.Phones;
using Herald.Engine.Dispatch;
using Herald.Engine.Sending;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Broadcasts;

/// <summary>What one expansion step did.</summary>
/// <param name="Expanded">Audience rows handled (queued or skipped).</param>
/// <param name="Blocked">A refusal that concerns the whole broadcast (its template or sender), not one recipient.</param>
/// <param name="WaitUntil">The WhatsApp messaging limit is used up until then.</param>
/// <param name="Stopped">The broadcast was no longer running.</param>
public sealed record ExpandResult(int Expanded, Reason? Blocked = null, DateTimeOffset? WaitUntil = null, bool Stopped = false);

/// <summary>
/// Turns the next batch of pending audience rows into queued messages in one transaction: rows, messages, timeline and
/// queue entries commit together, so a crash leaves each row either pending or queued and expansion just runs again.
/// </summary>
public sealed partial class BroadcastExpander(
    Database db, SendEvaluator evaluator, SenderDirectory senders, DispatchSignal signal, TimeProvider clock, IOptions<HeraldOptions> options)
{
    /// <summary>Refusals about the broadcast itself: they pause or fail it instead of skipping every recipient.</summary>
    public static readonly IReadOnlySet<string> BroadcastLevel = new HashSet<string>(StringComparer.Ordinal)
    {
        "template_not_found", "template_not_approved", "template_language_required", "sender_not_found", "sender_channel_mismatch",
        "no_sender_for_channel",
    };

    private static readonly TimeSpan ReachWindow = TimeSpan.FromHours(24);

    public async Task<ExpandResult> ExpandAsync(BroadcastPlan plan, int batchSize, CancellationToken ct)
    {
        var b = plan.Row;
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        using var turn = await db.WriteTurnAsync(ct).ConfigureAwait(false);
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false);
        // Read under the write transaction: a pause or cancel committed a moment ago stops expansion here.
        if (await BroadcastStore.StateAsync(c, tx, b.Id).ConfigureAwait(false) != "running")
        {
            return new ExpandResult(0, Stopped: true);
        }
        var rows = await BroadcastStore.PendingBatchAsync(c, tx, b.Id, batchSize).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return new ExpandResult(0);
        }
        var commands = new List<(RecipientRow Row, SendCommand Command)>(rows.Count);
        foreach (var r in rows)
        {
            var (text, parameters, missing) = plan.Render(BroadcastPlan.Values(r.Variables));
            if (missing is not null)
            {
                Skip(r, "policy", "variable_missing",
                    $"This row has no value for '{missing}' and the broadcast gives no default; fill the column or set a default.");
                continue;
            }
            if (!PhoneNumber.TryParse(r.Phone, out var phone, out var error))
            {
                Skip(r, "permanent", error!.Code, error.Message);
                continue;
            }
            commands.Add((r, plan.Command(phone, plan.StickySender(phone.E164), text, parameters, r.TimeZone)));
        }
        var evaluated = await evaluator.EvaluateAsync(c, tx, commands.Select(x => x.Command).ToList(), now, ct).ConfigureAwait(false);
        var blocked = evaluated.SelectMany(e => e.Decision.Reasons).FirstOrDefault(r => BroadcastLevel.Contains(r.Code));
        if (blocked is not null)
        {
            return new ExpandResult(0, blocked); // rolled back: nothing of this batch is written
        }
        var (take, waitUntil) = await WithinMessagingLimitAsync(c, tx, plan, evaluated, nowMs).ConfigureAwait(false);
        var created = new List<NewMessage>(take);
        var handled = rows.Where(r => r.State != "pending").ToList();
        var validity = plan.Validity ?? options.Value.DefaultValidity;
        // Due times are spaced at the pool's rate (or the broadcast's maximum): the queue hands out due messages in
        // order, so broadcasts sharing a sender interleave instead of the later one waiting for the earlier to finish.
        var due = (double)Math.Max(b.NextDue ?? nowMs, nowMs);
        var poolRate = await PoolRateAsync(plan, ct).ConfigureAwait(false);
        var poolSpacing = poolRate > 0 ? 1000.0 / poolRate : 0;
        var maxSpacing = b.MaxRate is > 0 ? 1000.0 / b.MaxRate.Value : 0;
        for (var i = 0; i < take; i++)
        {
            var (row, _) = commands[i];
            var e = evaluated[i];
            if (!e.Decision.Allowed)
            {
                var reason = e.Decision.Reasons[0];
                Skip(row, reason.Code == "opted_out" ? "consent" : "policy", reason.Code, reason.Message);
                handled.Add(row);
                continue;
            }
            var message = MessageFactory.Create(e, now, validity, b.Id, (long)due);
            due += Math.Max(maxSpacing, poolSpacing * (e.Sender!.PerSegment == 1 ? Math.Max(1, e.Decision.Sms?.Segments ?? 1) : 1));
            created.Add(message);
            row.State = "queued";
            row.SenderId = message.Message.SenderId;
            row.MessageId = message.Message.Id;
            handled.Add(row);
        }
        await MessageStore.InsertAsync(c, tx, created.Select(x => x.Message).ToList(), ct).ConfigureAwait(false);
        await MessageStore.InsertOutboxAsync(c, tx, created.Select(x => x.Outbox).ToList(), ct).ConfigureAwait(false);
        await MessageStore.InsertEventsAsync(c, tx, created.SelectMany(x => x.Events).ToList(), ct).ConfigureAwait(false);
        await StateStore.CountViberSendsAsync(c, tx, created.Select(x => x.Message)).ConfigureAwait(false);
        await RecordReachAsync(c, tx, plan, created, evaluated, nowMs).ConfigureAwait(false);
        await BroadcastStore.MarkRecipientsAsync(c, tx, handled).ConfigureAwait(false);
        await BroadcastStore.SetNextDueAsync(c, tx, b.Id, (long)due).ConfigureAwait(false);
        b.NextDue = (long)due;
        await tx.CommitAsync(ct).ConfigureAwait(false);
        if (created.Count > 0)
        {
            signal.Notify();
        }
        return new ExpandResult(handled.Count, WaitUntil: waitUntil);
    }

    /// <summary>The pool's combined rate: messages (segments, for SMS senders that count so) per second.</summary>
    private async Task<double> PoolRateAsync(BroadcastPlan plan, CancellationToken ct)
    {
        double rate = 0;
        foreach (var id in plan.SenderIds)
        {
            rate += (await senders.ByIdAsync(id, ct).ConfigureAwait(false))?.RatePerSecond ?? 0;
        }
        return rate;
    }

    private static void Skip(RecipientRow r, string errorClass, string code, string message)
    {
        r.State = "skipped";
        r.ErrorClass = errorClass;
        r.ErrorCode = code;
        r.ErrorMessage = message;
    }
}

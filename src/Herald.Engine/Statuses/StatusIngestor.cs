using System.Data.Common;
using Dapper;
using Herald.Domain.Messages;
using Herald.Engine.Sending;
using Herald.Storage.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Engine.Statuses;

/// <summary>A provider's report about one message: its new status, when the provider says it happened, and any error.</summary>
public sealed record StatusUpdate(
    string MessageId, MessageStatus Status, DateTimeOffset At, string Source,
    ErrorClass? ErrorClass = null, string? ErrorCode = null, string? ErrorMessage = null);

/// <summary>Applies provider statuses monotonically: never backwards, read implies delivered, late failures flagged.</summary>
public static class StatusIngestor
{
    public static async Task<int> ApplyAsync(DbConnection c, DbTransaction tx, IReadOnlyList<StatusUpdate> updates, long now)
    {
        if (updates.Count == 0)
        {
            return 0;
        }
        var ids = updates.Select(u => u.MessageId).Distinct(StringComparer.Ordinal).ToList();
        var current = (await c.QueryAsync<(string Id, string Status, long InDoubt, long LateFailure)>(
                $"SELECT id, status, in_doubt, late_failure FROM messages WHERE {Sql.In(c, "id", "ids")}{Sql.LockInIdOrder(c)}", new { ids }, tx).ConfigureAwait(false))
            .ToDictionary(r => r.Id, r => (Status: Parse(r.Status), InDoubt: r.InDoubt == 1, LateFailure: r.LateFailure == 1), StringComparer.Ordinal);
        var events = new List<EventRow>();
        var applies = new List<object>();
        var lates = new List<object>();
        var applied = 0;
        // Rows are locked in message-id order, the same order FinishAsync uses, so the two never deadlock on PostgreSQL.
        foreach (var u in updates.OrderBy(u => u.MessageId, StringComparer.Ordinal).ThenBy(u => u.At))
        {
            if (!current.TryGetValue(u.MessageId, out var state))
            {
                continue;
            }
            var at = u.At.ToUnixTimeMilliseconds();
            var detail = MessageFactory.Detail(new { source = u.Source, code = u.ErrorCode, message = u.ErrorMessage });
            switch (Lifecycle.Decide(state.Status, u.Status, state.InDoubt))
            {
                case StatusTransition.Apply:
                    if (Lifecycle.ImpliesDelivered(state.Status, u.Status))
                    {
                        events.Add(new EventRow(u.MessageId, "delivered", at, MessageFactory.Detail(new { source = u.Source, implied_by = "read" })));
                    }
                    events.Add(new EventRow(u.MessageId, Wire.Name(u.Status), at, detail));
                    applies.Add(new
                    {
                        status = Wire.Name(u.Status), now, failed = u.Status == MessageStatus.Failed ? 1L : 0L,
                        errorClass = u.ErrorClass is { } ec ? Wire.Name(ec) : "permanent", code = u.ErrorCode,
                        message = u.ErrorMessage, id = u.MessageId,
                    });
                    current[u.MessageId] = (u.Status, state.InDoubt && u.Status == MessageStatus.Failed, state.LateFailure);
                    applied++;
                    break;
                case StatusTransition.RecordLateFailure when !state.LateFailure:
                    events.Add(new EventRow(u.MessageId, "failed_after_delivery", at, detail));
                    lates.Add(new { code = u.ErrorCode, message = u.ErrorMessage, now, id = u.MessageId });
                    current[u.MessageId] = state with { LateFailure = true };
                    applied++;
                    break;
                default:
                    break; // a duplicate or an older status: the timeline already has it
            }
        }
        // One command re-executed per row (in the order decided above) instead of a statement prepared per update.
        // A message that got through no longer shows the error of an attempt that was retried (or the in-doubt note);
        // a late failure's error stays.
        await c.ExecuteAsync(
            """
            UPDATE messages SET status = @status, updated_at = @now,
              error_class = CASE WHEN @failed = 1 THEN @errorClass WHEN late_failure = 1 THEN error_class ELSE NULL END,
              error_code = CASE WHEN @failed = 1 THEN @code WHEN late_failure = 1 THEN error_code ELSE NULL END,
              error_message = CASE WHEN @failed = 1 THEN @message WHEN late_failure = 1 THEN error_message ELSE NULL END,
              in_doubt = CASE WHEN @failed = 1 THEN in_doubt ELSE 0 END
            WHERE id = @id
            """, applies, tx).ConfigureAwait(false);
        await c.ExecuteAsync(
            "UPDATE messages SET late_failure = 1, error_code = @code, error_message = @message, updated_at = @now WHERE id = @id",
            lates, tx).ConfigureAwait(false);
        await MessageStore.InsertEventsAsync(c, tx, events).ConfigureAwait(false);
        return applied;
    }

    private static MessageStatus Parse(string s) =>
        Wire.TryParseMessageStatus(s, out var st) ? st : MessageStatus.Sending;
}

using System.Text.Json;
using Herald.Domain;
using Herald.Domain.Messages;
using Herald.Domain.Policy;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Engine.Sending;

/// <summary>The rows one accepted send becomes: the message, its first timeline steps and its queue entry.</summary>
public sealed record NewMessage(MessageRow Message, IReadOnlyList<EventRow> Events, OutboxRow Outbox);

public static class MessageFactory
{
    /// <summary>
    /// The rows of an allowed send. A broadcast's messages go to the bulk lane, due no earlier than
    /// <paramref name="pacedDue"/> (its maximum rate), so that transactional sends never wait behind them.
    /// </summary>
    public static NewMessage Create(Evaluated e, DateTimeOffset now, TimeSpan defaultValidity, string? broadcastId = null, long? pacedDue = null)
    {
        var cmd = e.Command;
        var d = e.Decision;
        var nowMs = now.ToUnixTimeMilliseconds();
        var id = HeraldId.New("msg", now);
        var due = d.DeferredUntil ?? (cmd.SendAt is { } at && at > now ? at : now);
        var status = d.DeferredUntil is not null ? MessageStatus.Deferred
            : cmd.SendAt is { } s && s > now ? MessageStatus.Scheduled : MessageStatus.Queued;
        var row = new MessageRow
        {
            Id = id,
            WorkspaceId = cmd.WorkspaceId,
            Direction = "outbound",
            Channel = Wire.Name(cmd.Channel),
            SenderId = e.Sender!.Id,
            Phone = cmd.Phone.E164,
            Purpose = Wire.Name(cmd.Purpose),
            Kind = cmd.Kind == ContentKind.Template ? "template" : "text",
            Body = d.RenderedText,
            TemplateId = e.Template?.Id,
            TemplateName = e.Template?.Name,
            TemplateLanguage = e.Template?.Language,
            Parameters = cmd.Kind == ContentKind.Template ? TemplateCodec.SerializeParameters(cmd.Parameters) : null,
            Status = Wire.Name(status),
            Encoding = d.Sms is null ? null : d.Sms.Encoding == Domain.Sms.SmsEncoding.Gsm7 ? "gsm7" : "ucs2",
            Segments = d.Sms?.Segments,
            SendAt = cmd.SendAt?.ToUnixTimeMilliseconds(),
            ExpiresAt = ((cmd.SendAt ?? now) + (cmd.Validity ?? defaultValidity)).ToUnixTimeMilliseconds(),
            Metadata = cmd.Metadata,
            BroadcastId = broadcastId,
            Origin = cmd.Origin,
            CreatedAt = nowMs,
            UpdatedAt = nowMs,
        };
        var second = status switch
        {
            MessageStatus.Deferred => new EventRow(id, "deferred", nowMs, Detail(new { until = due, reason = "quiet_hours" })),
            MessageStatus.Scheduled => new EventRow(id, "scheduled", nowMs, Detail(new { send_at = due })),
            _ => new EventRow(id, "queued", nowMs, null),
        };
        var lane = cmd.Purpose == Purpose.Transactional && broadcastId is null ? QueueStore.TransactionalLane : QueueStore.BulkLane;
        var dueMs = Math.Max(due.ToUnixTimeMilliseconds(), pacedDue ?? 0);
        return new NewMessage(row, [new EventRow(id, "accepted", nowMs, broadcastId is null ? null : Detail(new { broadcast_id = broadcastId })), second],
            new OutboxRow(id, row.SenderId, lane, dueMs, broadcastId));
    }

    /// <summary>A reply Herald itself sends (opt-out confirmation, help text); it skips consent, which it is about.</summary>
    public static NewMessage SystemReply(
        string workspaceId, SenderRow sender, string phone, string text, DateTimeOffset now, TimeSpan validity, string reason)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var id = HeraldId.New("msg", now);
        var sms = sender.Channel == "sms" ? Domain.Sms.SmsSegments.Analyze(text) : null;
        var row = new MessageRow
        {
            Id = id, WorkspaceId = workspaceId, Direction = "outbound", Channel = sender.Channel, SenderId = sender.Id, Phone = phone,
            Purpose = "transactional", Kind = "text", Body = text, Status = "queued",
            Encoding = sms is null ? null : sms.Encoding == Domain.Sms.SmsEncoding.Gsm7 ? "gsm7" : "ucs2", Segments = sms?.Segments,
            ExpiresAt = (now + validity).ToUnixTimeMilliseconds(), Metadata = Detail(new { system_reply = reason }),
            CreatedAt = nowMs, UpdatedAt = nowMs,
        };
        return new NewMessage(row,
            [new EventRow(id, "accepted", nowMs, Detail(new { system_reply = reason })), new EventRow(id, "queued", nowMs, null)],
            new OutboxRow(id, sender.Id, QueueStore.TransactionalLane, nowMs));
    }

    public static string Detail(object value) => JsonSerializer.Serialize(value, DetailOptions);

    private static readonly JsonSerializerOptions DetailOptions = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };
}

namespace Herald.Storage.Rows;

/// <summary>One message as stored; enums are kept as their wire names, times as Unix milliseconds.</summary>
public sealed class MessageRow
{
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public string Direction { get; set; } = "outbound";
    public string Channel { get; set; } = "";
    public string SenderId { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Purpose { get; set; } = "transactional";
    public string Kind { get; set; } = "text";
    public string? Body { get; set; }
    public string? TemplateId { get; set; }
    public string? TemplateName { get; set; }
    public string? TemplateLanguage { get; set; }
    public string? Parameters { get; set; }
    public string Status { get; set; } = "";
    public string? ErrorClass { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public long InDoubt { get; set; }
    public long LateFailure { get; set; }
    public string? Encoding { get; set; }
    public long? Segments { get; set; }
    public long? SendAt { get; set; }
    public long? ExpiresAt { get; set; }
    public long Attempts { get; set; }
    public string? ProviderMessageId { get; set; }
    public string? Metadata { get; set; }
    public string? BroadcastId { get; set; }

    /// <summary>JSON naming the integration (Intercom, HubSpot, Octopods API) that asked for this message and what it needs back; else null.</summary>
    public string? Origin { get; set; }

    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    internal static readonly string[] Columns =
    [
        "id", "workspace_id", "direction", "channel", "sender_id", "phone", "purpose", "kind", "body",
        "template_id", "template_name", "template_language", "parameters", "status", "error_class", "error_code",
        "error_message", "in_doubt", "late_failure", "encoding", "segments", "send_at", "expires_at", "attempts",
        "provider_message_id", "metadata", "broadcast_id", "origin", "created_at", "updated_at",
    ];

    internal object?[] Values() =>
    [
        Id, WorkspaceId, Direction, Channel, SenderId, Phone, Purpose, Kind, Body,
        TemplateId, TemplateName, TemplateLanguage, Parameters, Status, ErrorClass, ErrorCode,
        ErrorMessage, InDoubt, LateFailure, Encoding, Segments, SendAt, ExpiresAt, Attempts,
        ProviderMessageId, Metadata, BroadcastId, Origin, CreatedAt, UpdatedAt,
    ];
}

/// <summary>One step of a message's timeline (status changes and notable facts such as a provider's acceptance).</summary>
public sealed class EventRow
{
    public EventRow()
    {
    }

    public EventRow(string messageId, string type, long at, string? detail)
    {
        MessageId = messageId;
        Type = type;
        At = at;
        Detail = detail;
    }

    public long Id { get; set; }
    public string MessageId { get; set; } = "";
    public string Type { get; set; } = "";
    public long At { get; set; }
    public string? Detail { get; set; }

    internal static readonly string[] Columns = ["message_id", "type", "at", "detail"];

    internal object?[] Values() => [MessageId, Type, At, Detail];
}

/// <summary>A queue entry: the message is due at <see cref="DueAt"/> and held by a worker until its lease runs out.</summary>
public sealed record OutboxRow(string MessageId, string SenderId, int Lane, long DueAt, string? BroadcastId = null)
{
    internal static readonly string[] Columns = ["message_id", "sender_id", "lane", "due_at", "lease_owner", "lease_until", "attempts", "broadcast_id"];

    internal object?[] Values() => [MessageId, SenderId, (long)Lane, DueAt, null, null, 0L, BroadcastId];
}

namespace Herald.Storage.Rows;

/// <summary>One broadcast as stored: settings as JSON text, times as Unix milliseconds.</summary>
public sealed class BroadcastRow
{
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public string Name { get; set; } = "";
    public string State { get; set; } = "draft";

    /// <summary>Who paused it: user, template, error_rate; null unless paused.</summary>
    public string? PausedBy { get; set; }
    public string? StateReason { get; set; }
    public string Channel { get; set; } = "";
    public string Purpose { get; set; } = "marketing";

    /// <summary>JSON array of sender ids (one, or a pool).</summary>
    public string SenderIds { get; set; } = "[]";
    public string Content { get; set; } = "{}";
    public string? Audience { get; set; }

    /// <summary>"21:00-08:00", "off", or null for the installation's setting.</summary>
    public string? QuietHours { get; set; }
    public double? MaxRate { get; set; }
    public long? ValidityMs { get; set; }
    public double ErrorThreshold { get; set; }
    public long? SendAt { get; set; }

    /// <summary>Pacing cursor: the due time of the next message when a maximum rate is set.</summary>
    public long? NextDue { get; set; }

    /// <summary>Finished and failed counts when it was last resumed, so the error rate is measured from there.</summary>
    public long BaselineDone { get; set; }
    public long BaselineFailed { get; set; }

    /// <summary>Expansion waits until then (the WhatsApp messaging limit is used up).</summary>
    public long? WaitUntil { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? StartedAt { get; set; }
    public long? CompletedAt { get; set; }

    internal static readonly string[] Columns =
    [
        "id", "workspace_id", "name", "state", "paused_by", "state_reason", "channel", "purpose", "sender_ids", "content", "audience",
        "quiet_hours", "max_rate", "validity_ms", "error_threshold", "send_at", "next_due", "baseline_done", "baseline_failed",
        "wait_until", "created_at", "updated_at", "started_at", "completed_at",
    ];

    internal object?[] Values() =>
    [
        Id, WorkspaceId, Name, State, PausedBy, StateReason, Channel, Purpose, SenderIds, Content, Audience,
        QuietHours, MaxRate, ValidityMs, ErrorThreshold, SendAt, NextDue, BaselineDone, BaselineFailed,
        WaitUntil, CreatedAt, UpdatedAt, StartedAt, CompletedAt,
    ];
}

/// <summary>One audience row of a broadcast and what became of it (the ledger).</summary>
public sealed class RecipientRow
{
    public string BroadcastId { get; set; } = "";

    /// <summary>The audience row: the CSV row number (header = 1) or the contact's position.</summary>
    public long Seq { get; set; }
    public string RawPhone { get; set; } = "";
    public string? Phone { get; set; }
    public string State { get; set; } = "pending";

    /// <summary>JSON object of the row's values (CSV columns or contact attributes, name and phone).</summary>
    public string? Variables { get; set; }
    public string? TimeZone { get; set; }
    public string? SenderId { get; set; }
    public string? MessageId { get; set; }
    public string? ErrorClass { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public long Tries { get; set; }

    internal static readonly string[] Columns =
    [
        "broadcast_id", "seq", "raw_phone", "phone", "state", "variables", "time_zone", "sender_id", "message_id",
        "error_class", "error_code", "error_message", "tries",
    ];

    internal object?[] Values() =>
    [
        BroadcastId, Seq, RawPhone, Phone, State, Variables, TimeZone, SenderId, MessageId, ErrorClass, ErrorCode, ErrorMessage, Tries,
    ];
}

/// <summary>A ledger line: the recipient row with its message's status and error, if it has a message.</summary>
public sealed class LedgerRow
{
    public long Seq { get; set; }
    public string RawPhone { get; set; } = "";
    public string? Phone { get; set; }
    public string State { get; set; } = "";
    public string? SenderId { get; set; }
    public string? MessageId { get; set; }
    public string? Status { get; set; }
    public string? ErrorClass { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public long InDoubt { get; set; }
    public long Tries { get; set; }
    public long? UpdatedAt { get; set; }
}

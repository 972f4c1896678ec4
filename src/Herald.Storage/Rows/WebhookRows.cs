namespace Herald.Storage.Rows;

/// <summary>A customer's webhook endpoint. Secrets are stored encrypted (the engine's credential vault).</summary>
public sealed class WebhookEndpointRow
{
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public string Url { get; set; } = "";
    public string? Description { get; set; }

    /// <summary>Space-separated event types, or <c>*</c> for every type.</summary>
    public string EventTypes { get; set; } = "*";
    public string Secret { get; set; } = "";
    public string? PreviousSecret { get; set; }
    public long? PreviousSecretExpiresAt { get; set; }
    public long? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    public bool Wants(string eventType) =>
        EventTypes == "*" || EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(eventType, StringComparer.Ordinal);
}

/// <summary>One event for one endpoint or integration; <see cref="Id"/> is the <c>webhook-id</c>, the same on every attempt.</summary>
public sealed class WebhookDeliveryRow
{
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";

    /// <summary>The endpoint id (<c>ep_…</c>) or integration id it goes to.</summary>
    public string Target { get; set; } = "";
    public string EventType { get; set; } = "";
    public string Payload { get; set; } = "";

    /// <summary><c>pending</c>, <c>delivered</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = "pending";
    public long Attempts { get; set; }
    public long? NextAttemptAt { get; set; }
    public long? LeaseUntil { get; set; }
    public long? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }

    internal static readonly string[] Columns =
    [
        "id", "workspace_id", "target", "event_type", "payload", "status", "attempts", "next_attempt_at", "lease_until",
        "last_status_code", "last_error", "created_at", "updated_at",
    ];

    internal object?[] Values() =>
    [
        Id, WorkspaceId, Target, EventType, Payload, Status, Attempts, NextAttemptAt, LeaseUntil, LastStatusCode, LastError, CreatedAt, UpdatedAt,
    ];
}

/// <summary>One HTTP attempt of a delivery, as the receiver answered it.</summary>
public sealed class WebhookAttemptRow
{
    public string DeliveryId { get; set; } = "";
    public long Attempt { get; set; }
    public long At { get; set; }
    public long? StatusCode { get; set; }
    public string? Error { get; set; }
    public long DurationMs { get; set; }
    public string? Response { get; set; }
}

/// <summary>A captured change waiting to be fanned out (written by database triggers).</summary>
public sealed class EventOutboxRow
{
    public long Id { get; set; }

    /// <summary><c>message</c> (ref: message_events.id), <c>template</c> (ref: "template_id sender_id") or <c>broadcast</c>.</summary>
    public string Kind { get; set; } = "";
    public string RefId { get; set; } = "";
    public string Type { get; set; } = "";
    public string? Detail { get; set; }
    public long At { get; set; }
}

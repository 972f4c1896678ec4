namespace Herald.Storage.Rows;

public sealed class ConsentRow
{
    public string WorkspaceId { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Channel { get; set; } = "";
    public long OptedOut { get; set; }
    public long ChangedAt { get; set; }
    public string Source { get; set; } = "";
}

public sealed class ConversationRow
{
    public string SenderId { get; set; } = "";
    public string Phone { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public long? LastInboundAt { get; set; }
    public long SinceInbound { get; set; }
    public long InARow { get; set; }
}

public sealed class SenderRow
{
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public string Channel { get; set; } = "";
    public string Provider { get; set; } = "";
    public string Name { get; set; } = "";
    public string Address { get; set; } = "";
    public long IsDefault { get; set; }
    public double RatePerSecond { get; set; }
    public long PerSegment { get; set; }
    public string? Config { get; set; }
    public long CreatedAt { get; set; }

    /// <summary>The provider credentials, encrypted (never returned by the API).</summary>
    public string? Credentials { get; set; }
    public string? MessagingTier { get; set; }
    public double? PairRateSeconds { get; set; }
    public long? UpdatedAt { get; set; }
}

public sealed class ApiKeyRow
{
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public string Name { get; set; } = "";
    public string DisplayPrefix { get; set; } = "";
    public string KeyHash { get; set; } = "";
    public string Scopes { get; set; } = "";
    public long CreatedAt { get; set; }
    public long? ExpiresAt { get; set; }
    public long? RevokedAt { get; set; }

    /// <summary>Set for a channel key: the key sends only from this sender. Null for a workspace key.</summary>
    public string? SenderId { get; set; }
}

public sealed class TemplateRow
{
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Language { get; set; } = "";
    public string Category { get; set; } = "";
    public string Definition { get; set; } = "";
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
}

public sealed class TemplateStatusRow
{
    public string TemplateId { get; set; } = "";
    public string SenderId { get; set; } = "";
    public string Status { get; set; } = "";
    public string Quality { get; set; } = "";
    public string? Reason { get; set; }
    public long UpdatedAt { get; set; }
    public string? ProviderTemplateId { get; set; }
}

public sealed class ContactRow
{
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public string Phone { get; set; } = "";
    public string? Name { get; set; }
    public string Attributes { get; set; } = "{}";
    public string? TimeZone { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
}

public sealed class IdempotencyRow
{
    public string WorkspaceId { get; set; } = "";
    public string Key { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public string State { get; set; } = "";
    public long? StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public long CreatedAt { get; set; }
    public long ExpiresAt { get; set; }
}

public sealed class SandboxDeliveryRow
{
    public string MessageId { get; set; } = "";
    public string SenderId { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Behaviour { get; set; } = "";
    public long Stage { get; set; }
    public long? NextAt { get; set; }
    public long AcceptedAt { get; set; }
    public long SendAttempts { get; set; }
}

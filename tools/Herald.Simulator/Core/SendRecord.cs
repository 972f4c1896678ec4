namespace Herald.Simulator.Core;

/// <summary>One send the simulator accepted (it answered success, or accepted and then hung).</summary>
internal sealed record SendRecord(
    long Seq,
    string Vendor,
    string ProviderId,
    string From,
    string To,
    string? Body,
    string? Template,
    string IdempotencyKey,
    int Attempt,
    DateTimeOffset At,
    bool TimedOut,
    string Request);

/// <summary>One webhook POST the simulator made (each retry and each injected duplicate is a row).</summary>
internal sealed record WebhookRecord(
    long Seq,
    string Vendor,
    string Kind,
    string? ProviderId,
    string? Status,
    string Url,
    int? HttpStatus,
    bool Duplicate,
    DateTimeOffset At);

/// <summary>A WhatsApp template created through message_templates.</summary>
internal sealed class TemplateRecord
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required string Language { get; init; }
    public required string Category { get; init; }
    public required string ParameterFormat { get; init; }
    public required System.Text.Json.Nodes.JsonNode? Components { get; init; }
    public string Status { get; set; } = "PENDING";

    /// <summary>Meta's <c>rejected_reason</c>: <c>NONE</c> unless the template was rejected.</summary>
    public string RejectedReason { get; set; } = "NONE";

    /// <summary>Meta's <c>quality_score.score</c>: <c>UNKNOWN</c> until rated.</summary>
    public string QualityScore { get; set; } = "UNKNOWN";
}

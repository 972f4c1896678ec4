using System.Text.Json;
using Herald.Server.Api.Messages;
using Herald.Storage.Rows;

namespace Herald.Server.Api.WebhookEndpoints;

public sealed record CreateWebhookEndpointRequest(string? Url, IReadOnlyList<string>? Events, string? Description);

public sealed record UpdateWebhookEndpointRequest(string? Url, IReadOnlyList<string>? Events, string? Description, bool? Enabled);

public sealed record RotateWebhookSecretRequest(long? OverlapSeconds);

/// <summary>An endpoint; <see cref="Secret"/> appears only in the answers that create or rotate it.</summary>
public sealed record WebhookEndpointView(
    string Id, string Url, string? Description, IReadOnlyList<string> Events, bool Enabled, DateTimeOffset? DisabledAt, string? DisabledReason,
    DateTimeOffset? PreviousSecretExpiresAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Secret = null)
{
    public static WebhookEndpointView From(WebhookEndpointRow e, long nowMs, string? secret = null) => new(
        e.Id, e.Url, e.Description, e.EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries), e.DisabledAt is null,
        MessageView.Time(e.DisabledAt), e.DisabledReason,
        e.PreviousSecretExpiresAt > nowMs ? MessageView.Time(e.PreviousSecretExpiresAt) : null,
        DateTimeOffset.FromUnixTimeMilliseconds(e.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(e.UpdatedAt), secret);
}

public sealed record WebhookAttemptView(long Attempt, DateTimeOffset At, long? StatusCode, string? Error, long DurationMs, string? Response);

/// <summary>One event for one endpoint; its id is the <c>webhook-id</c> header, the same on every attempt and replay.</summary>
public sealed record WebhookDeliveryView(
    string Id, string EventType, string Status, long Attempts, DateTimeOffset? NextAttemptAt, long? LastStatusCode, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, JsonElement? Payload = null, IReadOnlyList<WebhookAttemptView>? AttemptLog = null)
{
    public static WebhookDeliveryView From(WebhookDeliveryRow d, IReadOnlyList<WebhookAttemptRow>? attempts = null) => new(
        d.Id, d.EventType, d.Status, d.Attempts, MessageView.Time(d.NextAttemptAt), d.LastStatusCode, d.LastError,
        DateTimeOffset.FromUnixTimeMilliseconds(d.CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(d.UpdatedAt),
        attempts is null ? null : JsonDocument.Parse(d.Payload).RootElement.Clone(),
        attempts?.Select(a => new WebhookAttemptView(a.Attempt, DateTimeOffset.FromUnixTimeMilliseconds(a.At), a.StatusCode, a.Error, a.DurationMs, a.Response)).ToList());
}

public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryView> Data, string? NextCursor);

using System.Text.Json.Nodes;
using Herald.Storage.Rows;

namespace Herald.Engine.Notifications;

/// <summary>
/// Reports what happened to a message back to the integration that asked for it (Intercom conversation, HubSpot
/// timeline). The event fan-out calls <see cref="Prepare"/> for each captured event of a message whose
/// <c>origin.kind</c> is <see cref="Kind"/>; a payload it returns is stored as a delivery and handed to
/// <see cref="DeliverAsync"/> with the same retry schedule as customer webhooks.
/// </summary>
public interface IIntegrationSink
{
    /// <summary>The <c>origin.kind</c> and <c>integrations.kind</c> this sink serves: <c>intercom</c> or <c>hubspot</c>.</summary>
    string Kind { get; }

    /// <summary>The payload to deliver for this event (any text, usually JSON), or null when the integration does not want it.</summary>
    string? Prepare(IntegrationEvent e);

    /// <summary>Delivers one prepared payload; never throws for a vendor's refusal or a network error (say so in the result).</summary>
    Task<SinkResult> DeliverAsync(IntegrationRow integration, string payload, CancellationToken ct);
}

/// <summary>
/// One captured event of a message: <see cref="Type"/> is the timeline step (<c>accepted</c>, <c>sent</c>,
/// <c>delivered</c>, <c>read</c>, <c>failed</c>, <c>expired</c>, <c>cancelled</c>, …), <see cref="Message"/> the message as
/// it is now, <see cref="Origin"/> its parsed <c>messages.origin</c>, <see cref="Detail"/> the step's JSON detail.
/// </summary>
public sealed record IntegrationEvent(string Type, long At, MessageRow Message, JsonObject Origin, string? Detail);

/// <summary>What a delivery attempt did: delivered, or not (then <see cref="Retry"/> says whether trying again can help).</summary>
public sealed record SinkResult(bool Delivered, bool Retry, int? StatusCode = null, string? Error = null)
{
    public static SinkResult Ok(int statusCode) => new(true, false, statusCode);

    public static SinkResult Transient(int? statusCode, string error) => new(false, true, statusCode, error);

    public static SinkResult Permanent(int? statusCode, string error) => new(false, false, statusCode, error);
}

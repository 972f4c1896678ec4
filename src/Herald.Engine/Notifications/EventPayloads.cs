using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Storage.Rows;

namespace Herald.Engine.Notifications;

/// <summary>The JSON customers receive: <c>{"type", "timestamp", "data"}</c> as Standard Webhooks recommends.</summary>
public static class EventPayloads
{
    public const string StatusChanged = "message.status_changed";
    public const string Received = "message.received";
    public const string TemplateStatusChanged = "template.status_changed";
    public const string BroadcastCompleted = "broadcast.completed";

    /// <summary>Every event type an endpoint may subscribe to.</summary>
    public static readonly IReadOnlyList<string> Types = [StatusChanged, Received, TemplateStatusChanged, BroadcastCompleted];

    /// <summary>The customer event a timeline step becomes, or null when customers are not told about it.</summary>
    public static string? TypeOf(string timelineStep) => timelineStep switch
    {
        "received" => Received,
        "scheduled" or "deferred" or "sent" or "delivered" or "read" or "failed" or "failed_after_delivery" or "expired" or "cancelled" => StatusChanged,
        _ => null,
    };

    /// <summary>An instant as ISO 8601 UTC with milliseconds (<c>2026-11-24T23:58:11.819Z</c>), the form payloads and Octopods use.</summary>
    public static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // Phone numbers keep their '+' and texts their characters instead of \u escapes; the JSON stays valid.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Envelope(string type, long at, JsonObject data) =>
        new JsonObject { ["type"] = type, ["timestamp"] = Time(at), ["data"] = data }.ToJsonString(Compact);

    public static JsonObject Message(MessageRow m, EventRow e)
    {
        var data = new JsonObject
        {
            ["message_id"] = m.Id,
            ["direction"] = m.Direction,
            ["channel"] = m.Channel,
            ["sender_id"] = m.SenderId,
        };
        if (e.Type == "received")
        {
            data["from"] = m.Phone;
            data["text"] = m.Body;
            data["received_at"] = Time(e.At);
            data["keyword"] = Detail(e.Detail)?["keyword"]?.DeepClone();
            return data;
        }
        data["to"] = m.Phone;
        data["status"] = e.Type == "failed_after_delivery" ? "failed" : e.Type;
        data["current_status"] = m.Status;
        data["late_failure"] = e.Type == "failed_after_delivery" || m.LateFailure == 1;
        data["purpose"] = m.Purpose;
        data["changed_at"] = Time(e.At);
        if (m.TemplateName is not null)
        {
            data["template"] = new JsonObject { ["name"] = m.TemplateName, ["language"] = m.TemplateLanguage };
        }
        if (e.Type is "failed" or "failed_after_delivery" or "expired")
        {
            var d = Detail(e.Detail);
            data["error"] = new JsonObject
            {
                ["class"] = d?["error_class"]?.DeepClone() ?? m.ErrorClass,
                ["code"] = d?["code"]?.DeepClone() ?? m.ErrorCode,
                ["message"] = d?["message"]?.DeepClone() ?? m.ErrorMessage,
            };
        }
        if (e.Type is "scheduled" or "deferred" && Detail(e.Detail) is { } until)
        {
            data["until"] = (until["until"] ?? until["send_at"])?.DeepClone();
        }
        data["broadcast_id"] = m.BroadcastId;
        data["metadata"] = m.Metadata is null ? null : Detail(m.Metadata);
        return data;
    }

    public static JsonObject Template(TemplateRow t, string senderId, string status, TemplateStatusRow? now) => new()
    {
        ["template_id"] = t.Id,
        ["name"] = t.Name,
        ["language"] = t.Language,
        ["category"] = t.Category,
        ["sender_id"] = senderId,
        ["status"] = status,
        ["quality"] = now?.Quality,
        ["reason"] = now?.Reason,
    };

    public static JsonObject Broadcast(BroadcastRow b, string state, long at, IReadOnlyDictionary<string, long> recipients, IReadOnlyDictionary<string, long> messages) => new()
    {
        ["broadcast_id"] = b.Id,
        ["name"] = b.Name,
        ["state"] = state,
        ["channel"] = b.Channel,
        ["purpose"] = b.Purpose,
        ["completed_at"] = Time(at),
        ["recipients"] = Counts(recipients),
        ["messages"] = Counts(messages),
    };

    private static JsonObject Counts(IReadOnlyDictionary<string, long> counts)
    {
        var o = new JsonObject();
        foreach (var (k, v) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            o[k] = v;
        }
        return o;
    }

    private static JsonObject? Detail(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            // Touching the properties makes a duplicate name fail here (ArgumentException), not when the payload is written.
            return JsonNode.Parse(json) is JsonObject o && o.Count >= 0 ? o : null;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            return null;
        }
    }
}

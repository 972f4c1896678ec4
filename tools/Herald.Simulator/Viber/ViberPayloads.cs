using System.Globalization;
using System.Text.Json.Nodes;

namespace Herald.Simulator.Viber;

/// <summary>Infobip's Viber bodies as in docs/providers/wire-formats.md §3.</summary>
internal static class ViberPayloads
{
    public static JsonObject Error(string code, string description, string action, JsonArray? violations = null) => new()
    {
        ["errorCode"] = code,
        ["description"] = description,
        ["action"] = action,
        ["violations"] = violations ?? [],
        ["resources"] = new JsonArray(),
    };

    public static JsonObject Status(int groupId, string groupName, int id, string name, string description) => new()
    {
        ["groupId"] = groupId,
        ["groupName"] = groupName,
        ["id"] = id,
        ["name"] = name,
        ["description"] = description,
    };

    public static JsonObject PendingAccepted() => Status(1, "PENDING", 26, "PENDING_ACCEPTED", "Message sent to next instance");

    /// <summary>Infobip's timestamp form: offset without a colon.</summary>
    public static string Time(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    public static JsonObject DeliveryReport(ViberSend s, bool delivered, DateTimeOffset sentAt, DateTimeOffset doneAt)
    {
        var result = new JsonObject();
        if (s.BulkId is not null)
        {
            result["bulkId"] = s.BulkId;
        }

        result["price"] = new JsonObject { ["pricePerMessage"] = 0.15, ["currency"] = "EUR" };
        result["status"] = delivered
            ? Status(3, "DELIVERED", 5, "DELIVERED_TO_HANDSET", "Message delivered to handset")
            : Status(2, "UNDELIVERABLE", 9, "UNDELIVERABLE_NOT_DELIVERED", "Message sent not delivered");
        result["error"] = delivered
            ? new JsonObject { ["groupId"] = 0, ["groupName"] = "OK", ["id"] = 0, ["name"] = "NO_ERROR", ["description"] = "No Error", ["permanent"] = false }
            : new JsonObject { ["groupId"] = 1, ["groupName"] = "HANDSET_ERRORS", ["id"] = 27, ["name"] = "EC_ABSENT_SUBSCRIBER", ["description"] = "Absent Subscriber", ["permanent"] = false };
        result["messageId"] = s.MessageId;
        result["to"] = s.To;
        result["sender"] = s.Sender;
        result["sentAt"] = Time(sentAt);
        result["doneAt"] = Time(doneAt);
        result["messageCount"] = 1;
        if (s.CallbackData is not null)
        {
            result["callbackData"] = s.CallbackData;
        }

        return new JsonObject { ["results"] = new JsonArray(result) };
    }

    public static JsonObject SeenReport(ViberSend s, DateTimeOffset sentAt, DateTimeOffset seenAt) => new()
    {
        ["results"] = new JsonArray(new JsonObject
        {
            ["messageId"] = s.MessageId,
            ["from"] = s.Sender,
            ["to"] = s.To,
            ["sentAt"] = Time(sentAt),
            ["seenAt"] = Time(seenAt),
        }),
    };

    public static JsonObject Inbound(string from, string to, string messageId, DateTimeOffset at, string text) => new()
    {
        ["results"] = new JsonArray(new JsonObject
        {
            ["sender"] = from,
            ["to"] = to,
            ["integrationType"] = "VIBER",
            ["receivedAt"] = Time(at),
            ["messageId"] = messageId,
            ["message"] = new JsonObject { ["text"] = text, ["type"] = "TEXT" },
            ["price"] = new JsonObject { ["pricePerMessage"] = 0.0, ["currency"] = "EUR" },
        }),
        ["messageCount"] = 1,
        ["pendingMessageCount"] = 0,
    };
}

/// <summary>One accepted Viber destination.</summary>
internal sealed record ViberSend(
    string MessageId,
    string? BulkId,
    string Sender,
    string To,
    string? CallbackData,
    string? DeliveryUrl,
    string? SeenUrl);

using System.Globalization;
using System.Text.Json.Nodes;

namespace Herald.Simulator.Meta;

/// <summary>Meta's bodies, field for field as in docs/providers/wire-formats.md §1.</summary>
internal static class MetaPayloads
{
    public static JsonObject Error(int code, string title, string details, string traceId, string type = "OAuthException") => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = $"(#{code.ToString(CultureInfo.InvariantCulture)}) {title}",
            ["type"] = type,
            ["code"] = code,
            ["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = details },
            ["fbtrace_id"] = traceId,
        },
    };

    public static JsonObject SendSuccess(string to, string wamid, bool template)
    {
        var message = new JsonObject { ["id"] = wamid };
        if (template)
        {
            message["message_status"] = "accepted";
        }

        return new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = to, ["wa_id"] = Digits(to) }),
            ["messages"] = new JsonArray(message),
        };
    }

    /// <summary>The webhook envelope: object, entry[].id = WABA id, changes[].field and value.</summary>
    public static JsonObject Envelope(string wabaId, string field, JsonObject value, long? time = null)
    {
        var entry = new JsonObject { ["id"] = wabaId };
        if (time is { } t)
        {
            entry["time"] = t;
        }

        entry["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = field });
        return new JsonObject { ["object"] = "whatsapp_business_account", ["entry"] = new JsonArray(entry) };
    }

    public static JsonObject Metadata(string phoneNumberId, string display) =>
        new() { ["display_phone_number"] = display, ["phone_number_id"] = phoneNumberId };

    public static JsonObject Status(MetaStatus s)
    {
        var status = new JsonObject
        {
            ["id"] = s.Wamid,
            ["status"] = s.Status,
            ["timestamp"] = s.Timestamp.ToString(CultureInfo.InvariantCulture),
            ["recipient_id"] = Digits(s.To),
        };
        if (s.BizOpaque is not null)
        {
            status["biz_opaque_callback_data"] = s.BizOpaque;
        }

        if (s.Status == "sent")
        {
            status["conversation"] = new JsonObject
            {
                ["id"] = s.ConversationId,
                ["expiration_timestamp"] = (s.Timestamp + 86_400).ToString(CultureInfo.InvariantCulture),
                ["origin"] = new JsonObject { ["type"] = s.Category },
            };
        }

        if (s.Status == "failed")
        {
            status["errors"] = new JsonArray(new JsonObject
            {
                ["code"] = 131026,
                ["title"] = "Message undeliverable",
                ["message"] = "Message undeliverable",
                ["error_data"] = new JsonObject { ["details"] = "Message Undeliverable." },
                ["href"] = "/documentation/business-messaging/whatsapp/support/error-codes",
            });
        }
        else
        {
            status["pricing"] = new JsonObject
            {
                ["billable"] = s.Category != "service",
                ["pricing_model"] = "PMP",
                ["type"] = s.Category == "service" ? "free_customer_service" : "regular",
                ["category"] = s.Category,
            };
        }

        return new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["metadata"] = Metadata(s.PhoneNumberId, s.Display),
            ["statuses"] = new JsonArray(status),
        };
    }

    public static JsonObject Inbound(string phoneNumberId, string display, string from, string name, string wamid, long timestamp, string text) => new()
    {
        ["messaging_product"] = "whatsapp",
        ["metadata"] = Metadata(phoneNumberId, display),
        ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = name }, ["wa_id"] = Digits(from) }),
        ["messages"] = new JsonArray(new JsonObject
        {
            ["from"] = Digits(from),
            ["id"] = wamid,
            ["timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            ["type"] = "text",
            ["text"] = new JsonObject { ["body"] = text },
        }),
    };

    public static string Digits(string phone) => phone.TrimStart('+');
}

/// <summary>The facts one status webhook carries.</summary>
internal sealed record MetaStatus(
    string PhoneNumberId,
    string Display,
    string Wamid,
    string Status,
    long Timestamp,
    string To,
    string Category,
    string ConversationId,
    string? BizOpaque);

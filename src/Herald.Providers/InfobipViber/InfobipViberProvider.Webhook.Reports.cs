using System.Text.Json;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.InfobipViber;

public sealed partial class InfobipViberProvider
{
    /// <summary>
    /// Infobip status groups Herald tracks (PENDING is ignored). <c>DELIVERED_TO_OPERATOR</c> is intermediate and
    /// counts as sent; see <see cref="StatusNameOverrides"/>.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, MessageStatus> StatusGroupTable = new Dictionary<string, MessageStatus>(StringComparer.Ordinal)
    {
        ["DELIVERED"] = MessageStatus.Delivered,
        ["UNDELIVERABLE"] = MessageStatus.Failed,
        ["EXPIRED"] = MessageStatus.Expired,
        ["REJECTED"] = MessageStatus.Failed,
    };

    /// <summary>Status names that mean something else than their group.</summary>
    public static readonly IReadOnlyDictionary<string, MessageStatus> StatusNameOverrides = new Dictionary<string, MessageStatus>(StringComparer.Ordinal)
    {
        ["DELIVERED_TO_OPERATOR"] = MessageStatus.Sent,
    };

    private static ProviderStatusEvent? ReadDeliveryReport(JsonElement r, string id)
    {
        JsonElement s = r.Child("status");
        MessageStatus status;
        if (StatusNameOverrides.TryGetValue(s.Str("name") ?? "", out MessageStatus byName))
        {
            status = byName;
        }
        else if (!StatusGroupTable.TryGetValue(s.Str("groupName") ?? "", out status))
        {
            return null;
        }

        // Herald sends its own message id as destinations[].messageId, so the report's id is also Herald's reference.
        var ev = new ProviderStatusEvent(Name, id, status, ParseTime(r.Str("doneAt")), ToE164(r.Str("to")), Reference: id);
        JsonElement e = r.Child("error");
        if (status != MessageStatus.Failed || e.ValueKind != JsonValueKind.Object)
        {
            return ev;
        }

        // The report says itself whether retrying could ever help.
        bool permanent = e.TryGetProperty("permanent", out JsonElement p) && p.ValueKind == JsonValueKind.True;
        return ev with
        {
            ErrorCode = e.Str("name") ?? e.NumberText("id"),
            ErrorMessage = e.Str("description"),
            ErrorClass = permanent ? ErrorClass.Permanent : ErrorClass.TransientExhausted,
        };
    }
}

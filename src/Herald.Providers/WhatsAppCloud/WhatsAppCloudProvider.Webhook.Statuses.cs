using System.Text.Json;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.WhatsAppCloud;

public sealed partial class WhatsAppCloudProvider
{
    /// <summary>Meta status words Herald tracks; anything else (<c>played</c>, new words) is ignored.</summary>
    public static readonly IReadOnlyDictionary<string, MessageStatus> StatusTable = new Dictionary<string, MessageStatus>(StringComparer.Ordinal)
    {
        ["sent"] = MessageStatus.Sent,
        ["delivered"] = MessageStatus.Delivered,
        ["read"] = MessageStatus.Read,
        ["failed"] = MessageStatus.Failed,
    };

    private static ProviderStatusEvent? ReadStatus(JsonElement s)
    {
        string? id = s.Str("id");
        if (id is null || !StatusTable.TryGetValue(s.Str("status") ?? "", out MessageStatus status))
        {
            return null;
        }

        string? recipient = s.Str("recipient_id") is { } r ? Addresses.ToE164(r) : null;
        var ev = new ProviderStatusEvent(Name, id, status, s.UnixSeconds("timestamp"), recipient,
            Reference: s.Str("biz_opaque_callback_data"));
        JsonElement error = s.Items("errors").FirstOrDefault();
        string? code = error.NumberText("code");
        if (status != MessageStatus.Failed || code is null)
        {
            return ev;
        }

        string? message = error.Child("error_data").Str("details") ?? error.Str("message") ?? error.Str("title");
        return StatusErrors.Failed(ev, Errors.For(code), message);
    }
}

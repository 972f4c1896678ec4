using System.Globalization;
using System.Text.Json;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.InfobipViber;

public sealed partial class InfobipViberProvider
{
    /// <inheritdoc />
    public bool TryParse(ProviderWebhookRequest request, out ProviderWebhookEvents events)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TryParseWebhook(request.Body, out events);
    }

    /// <summary>
    /// Parses a delivery report, a seen report or inbound messages: all three are <c>{"results":[…]}</c> and are told
    /// apart per item (a <c>status</c> object, a <c>seenAt</c> time, or a <c>message</c> object).
    /// </summary>
    public static bool TryParseWebhook(ReadOnlyMemory<byte> body, out ProviderWebhookEvents events)
    {
        events = ProviderWebhookEvents.Empty;
        using JsonDocument? doc = JsonWire.TryParse(body);
        if (doc is null || doc.RootElement.Child("results").ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var statuses = new List<ProviderStatusEvent>();
        var inbound = new List<ProviderInboundMessage>();
        foreach (JsonElement r in doc.RootElement.Items("results"))
        {
            string? id = r.Str("messageId");
            if (id is null)
            {
                continue;
            }

            if (r.Child("status").ValueKind == JsonValueKind.Object)
            {
                if (ReadDeliveryReport(r, id) is { } ev)
                {
                    statuses.Add(ev);
                }
            }
            else if (r.Str("seenAt") is { } seenAt)
            {
                // Viber "seen" comes as its own report, not a status group: it is Herald's read.
                statuses.Add(new ProviderStatusEvent(Name, id, MessageStatus.Read, ParseTime(seenAt), ToE164(r.Str("to")), Reference: id));
            }
            else if (r.Child("message").ValueKind == JsonValueKind.Object)
            {
                // On inbound, sender is the user and to is the business sender.
                inbound.Add(new ProviderInboundMessage(Name, Channel.Viber, id, ToE164(r.Str("sender")) ?? "", r.Str("to") ?? "",
                    r.Child("message").Str("text"), ParseTime(r.Str("receivedAt"))));
            }
        }

        events = new ProviderWebhookEvents(statuses, inbound, []);
        return true;
    }

    /// <summary>Reads Infobip's <c>yyyy-MM-ddTHH:mm:ss.SSS+0000</c> (an offset without a colon); null when unreadable.</summary>
    public static DateTimeOffset? ParseTime(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        string v = value.Length > 5 && value[^5] is '+' or '-' ? value.Insert(value.Length - 2, ":") : value;
        return DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t) ? t : null;
    }

    private static string? ToE164(string? address) => address is null ? null : Addresses.ToE164(address);
}

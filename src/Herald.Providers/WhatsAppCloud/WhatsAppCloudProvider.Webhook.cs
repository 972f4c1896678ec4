using System.Text.Json;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.WhatsAppCloud;

public sealed partial class WhatsAppCloudProvider
{
    /// <inheritdoc />
    public bool TryParse(ProviderWebhookRequest request, out ProviderWebhookEvents events)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TryParseWebhook(request.Body, out events);
    }

    /// <summary>Parses a POSTed <c>whatsapp_business_account</c> payload: every <c>entry[].changes[]</c> it understands.</summary>
    public static bool TryParseWebhook(ReadOnlyMemory<byte> body, out ProviderWebhookEvents events)
    {
        events = ProviderWebhookEvents.Empty;
        using JsonDocument? doc = JsonWire.TryParse(body);
        if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var statuses = new List<ProviderStatusEvent>();
        var inbound = new List<ProviderInboundMessage>();
        var templates = new List<ProviderTemplateEvent>();
        foreach (JsonElement entry in doc.RootElement.Items("entry"))
        {
            string? account = entry.NumberText("id");
            DateTimeOffset? time = entry.UnixSeconds("time");
            foreach (JsonElement change in entry.Items("changes"))
            {
                JsonElement value = change.Child("value");
                switch (change.Str("field"))
                {
                    case "messages":
                        ReadMessages(value, statuses, inbound);
                        break;
                    case "message_template_status_update":
                        AddIfAny(templates, ReadTemplateStatus(value, account, time));
                        break;
                    case "message_template_quality_update":
                        AddIfAny(templates, ReadTemplateQuality(value, account, time));
                        break;
                    default:
                        break; // other fields (account updates, …) are not Herald's business
                }
            }
        }

        events = new ProviderWebhookEvents(statuses, inbound, templates);
        return true;
    }

    private static void AddIfAny<T>(List<T> list, T? item)
        where T : class
    {
        if (item is not null)
        {
            list.Add(item);
        }
    }

    private static void ReadMessages(JsonElement value, List<ProviderStatusEvent> statuses, List<ProviderInboundMessage> inbound)
    {
        string to = value.Child("metadata").Str("phone_number_id") ?? "";
        foreach (JsonElement s in value.Items("statuses"))
        {
            AddIfAny(statuses, ReadStatus(s));
        }

        foreach (JsonElement m in value.Items("messages"))
        {
            string? id = m.Str("id");
            string? from = m.Str("from");
            if (id is null || from is null)
            {
                continue;
            }

            string? name = value.Items("contacts").Where(c => c.Str("wa_id") == from)
                .Select(c => c.Child("profile").Str("name")).FirstOrDefault();
            string? text = m.Str("type") switch
            {
                "text" => m.Child("text").Str("body"),
                "button" => m.Child("button").Str("text"),
                _ => null, // media and other kinds still open the window; their content is not kept here
            };
            inbound.Add(new ProviderInboundMessage(Name, Channel.WhatsApp, id, Addresses.ToE164(from), to, text, m.UnixSeconds("timestamp"), name));
        }
    }
}

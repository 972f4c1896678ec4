using System.Text.Json;
using Herald.Domain.Policy;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.WhatsAppCloud;

public sealed partial class WhatsAppCloudProvider
{
    /// <inheritdoc />
    public ProviderHttpRequest BuildSend(OutboundMessage message, DateTimeOffset now) =>
        BuildSend(message, TemplateSendShape.Unknown);

    /// <summary>Builds <c>POST /{version}/{phone-number-id}/messages</c>; <paramref name="shape"/> says what the values cannot.</summary>
    public ProviderHttpRequest BuildSend(OutboundMessage message, TemplateSendShape shape)
    {
        ArgumentNullException.ThrowIfNull(message);
        byte[] body = message.Kind == ContentKind.Template ? TemplateBody(message, shape) : TextBody(message);
        return new ProviderHttpRequest("POST", $"/{Settings.ApiVersion}/{Settings.PhoneNumberId}/messages", "application/json", body);
    }

    /// <summary>The JSON of a free-text send; <c>biz_opaque_callback_data</c> carries Herald's message id.</summary>
    public static byte[] TextBody(OutboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string text = message.Text ?? throw new ArgumentException("A text message needs text.", nameof(message));
        return JsonWire.Write(w =>
        {
            WriteEnvelope(w, message, "text");
            w.WriteStartObject("text");
            // Ask for a link preview only when there is a link to preview.
            if (text.Contains("http://", StringComparison.OrdinalIgnoreCase) || text.Contains("https://", StringComparison.OrdinalIgnoreCase))
            {
                w.WriteBoolean("preview_url", true);
            }

            w.WriteString("body", text);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>The longest <c>biz_opaque_callback_data</c> Meta accepts.</summary>
    public const int MaxCallbackDataLength = 512;

    private static void WriteEnvelope(Utf8JsonWriter w, OutboundMessage message, string type)
    {
        w.WriteStartObject();
        w.WriteString("messaging_product", "whatsapp");
        w.WriteString("recipient_type", "individual");
        w.WriteString("to", Addresses.WithPlus(message.To));
        w.WriteString("type", type);
        // Meta echoes this in every status webhook of the message (§1.5.2): Herald's id ties a status to its message
        // even when the send answer (and so the wamid) was lost.
        if (!string.IsNullOrEmpty(message.MessageId) && message.MessageId.Length <= MaxCallbackDataLength)
        {
            w.WriteString("biz_opaque_callback_data", message.MessageId);
        }
    }
}

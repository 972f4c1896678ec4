using System.Text.Json;
using Herald.Domain.Policy;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.InfobipViber;

public sealed partial class InfobipViberProvider
{
    /// <summary>Infobip's longest Viber validity period (48 h), in seconds.</summary>
    public const int MaxValiditySeconds = 48 * 3600;

    /// <inheritdoc />
    public ProviderHttpRequest BuildSend(OutboundMessage message, DateTimeOffset now) =>
        new("POST", SendPath, "application/json", SendBody(message, now));

    /// <summary>
    /// The <c>ViberRequest</c> JSON for one message. Herald's message id goes in <c>destinations[].messageId</c> so
    /// reports correlate even when the answer is lost; a template goes as <c>TEMPLATE</c> content.
    /// </summary>
    public byte[] SendBody(OutboundMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        return JsonWire.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("sender", Settings.Sender);
            w.WriteStartArray("destinations");
            w.WriteStartObject();
            w.WriteString("to", Addresses.DigitsOnly(message.To));
            w.WriteString("messageId", message.MessageId);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WritePropertyName("content");
            WriteContent(w, message);
            WriteOptions(w, message, now);
            WriteWebhooks(w);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteContent(Utf8JsonWriter w, OutboundMessage message)
    {
        w.WriteStartObject();
        if (message.Kind == ContentKind.Template)
        {
            w.WriteString("templateId", message.TemplateName ?? throw new ArgumentException("A template send needs a template id.", nameof(message)));
            w.WriteStartObject("parameters");
            ParameterSet body = message.Parameters?.Body ?? ParameterSet.Empty;
            IReadOnlyList<string> positional = body.Positional ?? [];
            for (int i = 0; i < positional.Count; i++)
            {
                w.WriteString((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), positional[i]);
            }

            foreach ((string name, string value) in body.Named ?? new Dictionary<string, string>())
            {
                w.WriteString(name, value);
            }

            w.WriteEndObject();
            w.WriteString("language", message.TemplateLanguage ?? "en");
            w.WriteString("type", "TEMPLATE");
        }
        else
        {
            w.WriteString("text", message.Text ?? throw new ArgumentException("A text send needs text.", nameof(message)));
            w.WriteString("type", "TEXT");
        }

        w.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter w, OutboundMessage message, DateTimeOffset now)
    {
        if (message.ExpiresAt is not { } expires)
        {
            return;
        }

        // Herald's validity travels on, so the message expires at Infobip rather than arriving late.
        long seconds = Math.Clamp((long)Math.Ceiling((expires - now).TotalSeconds), 1, MaxValiditySeconds);
        w.WriteStartObject("options");
        w.WriteStartObject("validityPeriod");
        w.WriteNumber("amount", seconds);
        w.WriteString("timeUnit", "SECONDS");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private void WriteWebhooks(Utf8JsonWriter w)
    {
        if (Settings.DeliveryReportUrl is null && Settings.SeenReportUrl is null)
        {
            return;
        }

        w.WriteStartObject("webhooks");
        if (Settings.DeliveryReportUrl is { } delivery)
        {
            w.WriteStartObject("delivery");
            w.WriteString("url", delivery);
            w.WriteEndObject();
        }

        if (Settings.SeenReportUrl is { } seen)
        {
            w.WriteStartObject("seen");
            w.WriteString("url", seen);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}

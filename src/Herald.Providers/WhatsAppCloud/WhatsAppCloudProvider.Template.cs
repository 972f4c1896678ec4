using System.Globalization;
using System.Text.Json;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.WhatsAppCloud;

public sealed partial class WhatsAppCloudProvider
{
    /// <summary>The JSON of a template send: header, body and button components with their parameters, and Herald's message id in <c>biz_opaque_callback_data</c>.</summary>
    public static byte[] TemplateBody(OutboundMessage message, TemplateSendShape shape)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(shape);
        string name = message.TemplateName ?? throw new ArgumentException("A template message needs a template name.", nameof(message));
        string language = message.TemplateLanguage ?? throw new ArgumentException("A template message needs a language.", nameof(message));
        TemplateParameters p = message.Parameters ?? TemplateParameters.None;
        return JsonWire.Write(w =>
        {
            WriteEnvelope(w, message, "template");
            w.WriteStartObject("template");
            w.WriteString("name", name);
            w.WriteStartObject("language");
            w.WriteString("code", language.Replace('-', '_'));
            w.WriteEndObject();
            WriteComponents(w, p, shape);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void WriteComponents(Utf8JsonWriter w, TemplateParameters p, TemplateSendShape shape)
    {
        bool hasHeader = p.HeaderMediaUrl is not null || !p.Header.IsEmpty;
        bool hasButtons = p.Buttons.Any(b => !b.Value.IsEmpty);
        if (!hasHeader && p.Body.IsEmpty && !hasButtons)
        {
            return; // a template without variables is sent with no components at all
        }

        w.WriteStartArray("components");
        if (hasHeader)
        {
            w.WriteStartObject();
            w.WriteString("type", "header");
            w.WriteStartArray("parameters");
            if (p.HeaderMediaUrl is { } url)
            {
                WriteMedia(w, url, shape.HeaderMedia ?? TemplateSendShape.MediaKindOf(url));
            }

            WriteTextParameters(w, p.Header);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        if (!p.Body.IsEmpty)
        {
            w.WriteStartObject();
            w.WriteString("type", "body");
            w.WriteStartArray("parameters");
            WriteTextParameters(w, p.Body);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        foreach ((int index, ParameterSet values) in p.Buttons.Where(b => !b.Value.IsEmpty).OrderBy(b => b.Key))
        {
            WriteButton(w, index, values, shape.Buttons.TryGetValue(index, out ButtonType t) ? t : ButtonType.Url);
        }

        w.WriteEndArray();
    }

    private static void WriteMedia(Utf8JsonWriter w, string url, HeaderFormat kind)
    {
        // The media object's key repeats its type: {"type":"image","image":{"link":…}}.
        string type = kind switch
        {
            HeaderFormat.Video => "video",
            HeaderFormat.Document => "document",
            _ => "image",
        };
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteStartObject(type);
        w.WriteString("link", url);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteTextParameters(Utf8JsonWriter w, ParameterSet set)
    {
        // Positional values are matched by order; named ones carry parameter_name.
        foreach (string value in set.Positional ?? [])
        {
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("text", value);
            w.WriteEndObject();
        }

        foreach ((string name, string value) in set.Named ?? new Dictionary<string, string>())
        {
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("parameter_name", name);
            w.WriteString("text", value);
            w.WriteEndObject();
        }
    }

    private static void WriteButton(Utf8JsonWriter w, int index, ParameterSet values, ButtonType kind)
    {
        string value = values.Positional is { Count: > 0 } list ? list[0] : values.Named!.Values.First();
        w.WriteStartObject();
        w.WriteString("type", "button");
        (string subType, string paramType) = kind switch
        {
            ButtonType.QuickReply => ("quick_reply", "payload"),
            ButtonType.CopyCode => ("copy_code", "coupon_code"), // not in the pinned doc excerpt; Meta's copy-code shape
            _ => ("url", "text"),
        };
        w.WriteString("sub_type", subType);
        w.WriteString("index", index.ToString(CultureInfo.InvariantCulture)); // Meta documents index as a string
        w.WriteStartArray("parameters");
        w.WriteStartObject();
        w.WriteString("type", paramType);
        w.WriteString(paramType, value);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}

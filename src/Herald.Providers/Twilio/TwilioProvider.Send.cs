using System.Globalization;
using Herald.Domain.Messages;
using Herald.Domain.Policy;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;

namespace Herald.Providers.Twilio;

public sealed partial class TwilioProvider
{
    /// <summary>Twilio's longest validity period, in seconds (10 h).</summary>
    public const int MaxValiditySeconds = 36000;

    /// <inheritdoc />
    public ProviderHttpRequest BuildSend(OutboundMessage message, DateTimeOffset now) =>
        new("POST", $"/2010-04-01/Accounts/{Settings.AccountSid}/Messages.json", "application/x-www-form-urlencoded",
            FormBody.Encode(SendParameters(message, now)));

    /// <summary>
    /// The form parameters of <c>Messages.json</c>, in a fixed order. WhatsApp addresses get <c>whatsapp:</c>; a
    /// WhatsApp template goes as <c>ContentSid</c> (the template's provider name, <c>HX…</c>) + <c>ContentVariables</c>;
    /// <c>StatusCallback</c> is the sender's callback URL with <c>herald_message_id</c> added (<see cref="WithReference"/>).
    /// No idempotency header is sent: Twilio documents none for creating messages (wire-formats.md §2.6).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> SendParameters(OutboundMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        bool whatsApp = message.Sender.Channel == Channel.WhatsApp;
        string Address(string n) => whatsApp ? "whatsapp:" + Addresses.WithPlus(Bare(n)) : Addresses.WithPlus(n);
        var p = new List<KeyValuePair<string, string>> { new("To", Address(message.To)) };
        if (Settings.From is { } from)
        {
            p.Add(new("From", Address(from)));
        }
        else
        {
            p.Add(new("MessagingServiceSid", Settings.MessagingServiceSid
                ?? throw new InvalidOperationException("A Twilio sender needs From or MessagingServiceSid.")));
        }

        if (whatsApp && message.Kind == ContentKind.Template)
        {
            p.Add(new("ContentSid", message.TemplateName ?? throw new ArgumentException("A template send needs its ContentSid.", nameof(message))));
            p.Add(new("ContentVariables", ContentVariables(message.Parameters ?? TemplateParameters.None)));
        }
        else
        {
            // SMS templates are rendered by Herald before they get here: the text is the body.
            p.Add(new("Body", message.Text ?? throw new ArgumentException("A text send needs text.", nameof(message))));
        }

        if (Settings.StatusCallbackUrl is { } callback)
        {
            p.Add(new("StatusCallback", WithReference(callback, message.MessageId)));
        }

        if (message.ExpiresAt is { } expires)
        {
            long seconds = Math.Clamp((long)Math.Ceiling((expires - now).TotalSeconds), 1, MaxValiditySeconds);
            p.Add(new("ValidityPeriod", seconds.ToString(CultureInfo.InvariantCulture)));
        }

        return p;
    }

    /// <summary>
    /// <paramref name="url"/> with <c>herald_message_id=&lt;messageId&gt;</c> added to its query (<c>?</c> or <c>&amp;</c> as
    /// the URL needs, the value URL-escaped, before any <c>#</c> fragment such as Twilio's connection overrides).
    /// </summary>
    public static string WithReference(string url, string messageId)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(messageId);
        int hash = url.IndexOf('#', StringComparison.Ordinal);
        string head = hash < 0 ? url : url[..hash];
        string fragment = hash < 0 ? "" : url[hash..];
        string separator = !head.Contains('?', StringComparison.Ordinal) ? "?" : head.EndsWith('?') || head.EndsWith('&') ? "" : "&";
        return head + separator + ReferenceParameter + "=" + Uri.EscapeDataString(messageId) + fragment;
    }

    /// <summary>The JSON string of <c>ContentVariables</c>: body values as <c>"1"</c>, <c>"2"</c> … or by name.</summary>
    public static string ContentVariables(TemplateParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyList<string> positional = parameters.Body.Positional ?? [];
        for (int i = 0; i < positional.Count; i++)
        {
            map[(i + 1).ToString(CultureInfo.InvariantCulture)] = positional[i];
        }

        foreach ((string name, string value) in parameters.Body.Named ?? new Dictionary<string, string>())
        {
            map[name] = value;
        }

        return System.Text.Encoding.UTF8.GetString(JsonWire.Write(w =>
        {
            w.WriteStartObject();
            foreach ((string k, string v) in map)
            {
                w.WriteString(k, v);
            }

            w.WriteEndObject();
        }));
    }
}

using System.Net.Http.Headers;
using System.Text;
using Herald.Domain.Messages;
using Herald.Domain.Policy;
using Herald.Domain.Templates;
using Herald.Engine.Senders;
using Herald.Engine.Sending;
using Herald.Providers.Contracts;
using Herald.Providers.InfobipViber;
using Herald.Providers.Twilio;
using Herald.Providers.WhatsAppCloud;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Engine.Providers;

/// <summary>Meta WhatsApp Cloud API: <c>POST {MetaBaseUrl}/{version}/{phone-number-id}/messages</c> with a Bearer token.</summary>
public sealed class MetaSender(
    IHttpClientFactory http, SenderDirectory directory, SenderService senders, TemplateLookup templates,
    IOptions<HeraldOptions> options, TimeProvider clock, ILogger<MetaSender> logger)
    : HttpProviderSender(http, directory, senders, options, clock, logger)
{
    public override string Provider => SenderProfiles.Meta;

    protected override async ValueTask<(ProviderCall? Call, OutboundMessage Message, SendResult? Refusal)> PrepareAsync(
        OutboundMessage message, SenderKeys keys, CancellationToken ct)
    {
        if (keys.Setting("phone_number_id") is not { } phoneNumberId || keys.Credential("access_token") is not { } token)
        {
            return (null, message, Misconfigured("settings.phone_number_id or credentials.access_token is missing"));
        }
        var shape = TemplateSendShape.Unknown;
        if (message.Kind == ContentKind.Template
            && await templates.FindAsync(message.Sender.WorkspaceId, message.TemplateName!, message.TemplateLanguage!, ct).ConfigureAwait(false) is { } t)
        {
            shape = ShapeOf(t.Definition);
        }
        var wire = new ShapedWire(new WhatsAppCloudProvider(new WhatsAppCloudSettings(phoneNumberId, keys.Setting("api_version") ?? "v23.0")), shape);
        return (new ProviderCall(wire, Options.MetaBaseUrl, new AuthenticationHeaderValue("Bearer", token)), message, null);
    }

    /// <summary>What a Cloud API template send needs from the definition: the header's media kind and each button's kind.</summary>
    public static TemplateSendShape ShapeOf(TemplateDefinition d) =>
        new(d.Header is { Format: not HeaderFormat.Text } h ? h.Format : null,
            d.Buttons.Select((b, i) => (b, i)).ToDictionary(x => x.i, x => x.b.Type));

    /// <summary>The Cloud API wire format with the template's shape applied to template sends.</summary>
    private sealed class ShapedWire(WhatsAppCloudProvider inner, TemplateSendShape shape) : ISendWireFormat
    {
        public string Provider => inner.Provider;

        public ProviderHttpRequest BuildSend(OutboundMessage message, DateTimeOffset now) => inner.BuildSend(message, shape);

        public SendResult ReadSendResponse(int httpStatus, ReadOnlySpan<byte> body, TimeSpan? retryAfter) =>
            inner.ReadSendResponse(httpStatus, body, retryAfter);
    }
}

/// <summary>Twilio Programmable Messaging (SMS, and WhatsApp through Twilio with Content templates), HTTP Basic auth.</summary>
public sealed class TwilioSender(
    IHttpClientFactory http, SenderDirectory directory, SenderService senders, TemplateLookup templates, PublicUrls urls,
    IOptions<HeraldOptions> options, TimeProvider clock, ILogger<TwilioSender> logger)
    : HttpProviderSender(http, directory, senders, options, clock, logger)
{
    public override string Provider => SenderProfiles.Twilio;

    protected override async ValueTask<(ProviderCall? Call, OutboundMessage Message, SendResult? Refusal)> PrepareAsync(
        OutboundMessage message, SenderKeys keys, CancellationToken ct)
    {
        if (keys.Setting("account_sid") is not { } sid || keys.Credential("auth_token") is not { } token)
        {
            return (null, message, Misconfigured("settings.account_sid or credentials.auth_token is missing"));
        }
        if (message.Kind == ContentKind.Template && message.Sender.Channel == Channel.WhatsApp)
        {
            // WhatsApp through Twilio sends a Content template by its ContentSid, registered on the template for this sender.
            var (registered, refusal) = await templates.RegisteredAsync(message, "Twilio ContentSid", ct).ConfigureAwait(false);
            if (registered is null)
            {
                return (null, message, refusal);
            }
            message = registered;
        }
        var messagingService = keys.Setting("messaging_service_sid");
        var from = messagingService is null ? message.Sender.Address : null;
        var sender = await _directory.ByIdAsync(message.Sender.Id, ct).ConfigureAwait(false);
        var callback = sender is null ? null : urls.WebhookUrl(sender);
        var wire = new TwilioProvider(new TwilioSettings(sid, from, messagingService, string.IsNullOrEmpty(callback) || callback.StartsWith('/') ? null : callback));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sid}:{token}"));
        return (new ProviderCall(wire, Options.TwilioBaseUrl, new AuthenticationHeaderValue("Basic", basic)), message, null);
    }

    private readonly SenderDirectory _directory = directory;
}

/// <summary>Viber Business Messages through Infobip: <c>POST {base}/viber/2/messages</c> with <c>Authorization: App &lt;key&gt;</c>.</summary>
public sealed class InfobipSender(
    IHttpClientFactory http, SenderDirectory directory, SenderService senders, TemplateLookup templates, PublicUrls urls,
    IOptions<HeraldOptions> options, TimeProvider clock, ILogger<InfobipSender> logger)
    : HttpProviderSender(http, directory, senders, options, clock, logger)
{
    public override string Provider => SenderProfiles.Infobip;

    protected override async ValueTask<(ProviderCall? Call, OutboundMessage Message, SendResult? Refusal)> PrepareAsync(
        OutboundMessage message, SenderKeys keys, CancellationToken ct)
    {
        if (keys.Credential("api_key") is not { } key)
        {
            return (null, message, Misconfigured("credentials.api_key is missing"));
        }
        if (message.Kind == ContentKind.Template)
        {
            var (registered, refusal) = await templates.RegisteredAsync(message, "Viber template id", ct).ConfigureAwait(false);
            if (registered is null)
            {
                return (null, message, refusal);
            }
            message = registered;
        }
        var sender = await _directory.ByIdAsync(message.Sender.Id, ct).ConfigureAwait(false);
        var hook = sender is null ? null : urls.WebhookUrl(sender);
        hook = string.IsNullOrEmpty(hook) || hook.StartsWith('/') ? null : hook;
        var wire = new InfobipViberProvider(new InfobipViberSettings(message.Sender.Address, hook, hook));
        return (new ProviderCall(wire, keys.Setting("base_url") ?? Options.InfobipBaseUrl,
            AuthenticationHeaderValue.Parse(InfobipViberProvider.AuthorizationValue(key))), message, null);
    }

    private readonly SenderDirectory _directory = directory;
}

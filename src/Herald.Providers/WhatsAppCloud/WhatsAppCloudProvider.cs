using Herald.Providers.Contracts;

namespace Herald.Providers.WhatsAppCloud;

/// <summary>
/// Meta WhatsApp Cloud API wire format for one sender: send bodies and answers (<c>.Send</c>, <c>.Template</c>,
/// <c>.Response</c>, <c>.Errors</c>), webhook signature and handshake (<c>.Signature</c>, <c>.Handshake</c>) and
/// webhook payloads (<c>.Webhook*</c>). Pure: no I/O, no clock.
/// </summary>
public sealed partial class WhatsAppCloudProvider(WhatsAppCloudSettings settings) : ISendWireFormat, IWebhookAuthenticator, IWebhookParser
{
    /// <summary>The provider name stored on senders.</summary>
    public const string Name = "meta";

    /// <summary>The header carrying Meta's webhook signature.</summary>
    public const string SignatureHeader = "X-Hub-Signature-256";

    /// <inheritdoc />
    public string Provider => Name;

    /// <summary>The sender this instance builds requests for.</summary>
    public WhatsAppCloudSettings Settings { get; } = settings;
}

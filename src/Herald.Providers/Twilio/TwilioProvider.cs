using Herald.Providers.Contracts;

namespace Herald.Providers.Twilio;

/// <summary>
/// Twilio Programmable Messaging wire format for one sender (SMS, and WhatsApp through Twilio): form parameters of a
/// send, answers and errors, <c>X-Twilio-Signature</c>, status callbacks and inbound messages. Pure: no I/O, no clock.
/// </summary>
public sealed partial class TwilioProvider(TwilioSettings settings) : ISendWireFormat, IWebhookAuthenticator, IWebhookParser
{
    /// <summary>The provider name stored on senders.</summary>
    public const string Name = "twilio";

    /// <summary>The header carrying Twilio's webhook signature.</summary>
    public const string SignatureHeader = "X-Twilio-Signature";

    /// <summary>
    /// The query parameter Herald adds to the <c>StatusCallback</c> URL of each send, holding its message id; Twilio
    /// calls that URL as given, so the status callback names Herald's message (<see cref="ProviderStatusEvent.Reference"/>).
    /// </summary>
    public const string ReferenceParameter = "herald_message_id";

    /// <summary>The header Twilio repeats across retries of one webhook delivery; used to drop duplicates.</summary>
    public const string IdempotencyHeader = "I-Twilio-Idempotency-Token";

    /// <inheritdoc />
    public string Provider => Name;

    /// <summary>The sender this instance builds requests for.</summary>
    public TwilioSettings Settings { get; } = settings;
}

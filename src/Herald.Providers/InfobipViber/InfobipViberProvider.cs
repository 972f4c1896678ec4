using Herald.Providers.Contracts;

namespace Herald.Providers.InfobipViber;

/// <summary>
/// Viber Business Messages through Infobip's HTTP API, for one sender: send body (<c>POST /viber/2/messages</c>,
/// authorised with <c>Authorization: App &lt;API key&gt;</c>), answers and errors, Herald's per-sender webhook
/// signature, delivery, seen and inbound reports. Pure: no I/O, no clock.
/// </summary>
public sealed partial class InfobipViberProvider(InfobipViberSettings settings) : ISendWireFormat, IWebhookAuthenticator, IWebhookParser
{
    /// <summary>The provider name stored on senders.</summary>
    public const string Name = "infobip";

    /// <summary>The send path below the account's base URL.</summary>
    public const string SendPath = "/viber/2/messages";

    /// <inheritdoc />
    public string Provider => Name;

    /// <summary>The sender this instance builds requests for.</summary>
    public InfobipViberSettings Settings { get; } = settings;

    /// <summary>The <c>Authorization</c> header value Infobip documents for API keys.</summary>
    public static string AuthorizationValue(string apiKey) => "App " + apiKey;
}

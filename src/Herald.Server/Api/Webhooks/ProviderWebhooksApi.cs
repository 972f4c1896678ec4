using Herald.Engine.Providers;
using Herald.Engine.Senders;
using Herald.Engine.Sending;
using Herald.Engine.Webhooks;
using Herald.Providers.Contracts;
using Herald.Providers.InfobipViber;
using Herald.Providers.Twilio;
using Herald.Providers.WhatsAppCloud;
using Herald.Server.Api.Senders;
using Herald.Server.Infrastructure;
using Herald.Storage.Rows;

namespace Herald.Server.Api.Webhooks;

/// <summary>
/// /hooks/{provider}/{sender_id}: the providers call these (no API key). Each request is checked against the sender's
/// secret over the raw bytes before anything is decoded; a missing or wrong signature is refused with 401 and changes
/// nothing. Meta's GET verification handshake answers the challenge when the verify token matches.
/// </summary>
public static class ProviderWebhooksApi
{
    public static void MapProviderWebhooks(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/hooks").WithTags("Provider webhooks").AllowAnonymous();
        g.MapGet("/meta/{senderId}", HandshakeAsync)
            .Produces<string>(200, "text/plain").ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Meta's webhook verification: answers hub.challenge when hub.verify_token is the sender's verify_token");
        g.MapPost("/{provider}/{senderId}", ReceiveAsync)
            .Produces(200).ProducesProblem(400).ProducesProblem(401).ProducesProblem(404)
            .WithSummary("Status reports, inbound messages and template updates from meta, twilio or infobip")
            .WithDescription("Signatures: meta X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret); twilio X-Twilio-Signature " +
                "(HMAC-SHA1 of the public URL + sorted form parameters with the auth token; Herald:PublicUrl sets the URL behind a reverse proxy); " +
                "infobip X-Herald-Signature: sha256=<hex HMAC-SHA256 of the raw body with the sender's webhook_secret>.");
    }

    private static async Task<IResult> HandshakeAsync(string senderId, HttpContext http, SenderDirectory directory, SenderService senders)
    {
        var sender = await directory.ByIdAsync(senderId, http.RequestAborted);
        if (sender is null || sender.Provider != SenderProfiles.Meta)
        {
            return Problems.NotFound("sender", senderId);
        }
        var q = http.Request.Query;
        var decision = WhatsAppCloudProvider.Handshake(q["hub.mode"], q["hub.verify_token"], q["hub.challenge"],
            senders.KeysOf(sender).Credential("verify_token") ?? "");
        return decision.Accepted
            ? TypedResults.Text(decision.Body ?? "", "text/plain")
            : Problems.Create(403, "webhook_verification_failed",
                "hub.verify_token does not match this sender's verify_token (or hub.mode is not 'subscribe'); set the same token in Meta's app dashboard and in the sender's credentials.");
    }

    private static async Task<IResult> ReceiveAsync(
        string provider, string senderId, HttpContext http, SenderDirectory directory, SenderService senders, WebhookIngestor ingestor, PublicUrls urls)
    {
        var sender = await directory.ByIdAsync(senderId, http.RequestAborted);
        if (sender is null || sender.Provider != provider || !SenderProfiles.All.TryGetValue(provider, out var profile) || !profile.HasWebhook)
        {
            return Problems.NotFound("sender", senderId);
        }
        byte[] raw;
        try
        {
            raw = await Body.RawAsync(http);
        }
        catch (BadHttpRequestException ex)
        {
            return Problems.Create(ex.StatusCode, Problems.DefaultCode(ex.StatusCode), Problems.DefaultDetail(ex.StatusCode));
        }
        var (check, secretName, header) = Check(sender);
        var secret = senders.KeysOf(sender).Credential(secretName);
        var request = new ProviderWebhookRequest(PublicUrl(http, urls), Headers(http), raw);
        if (secret is null || !check.IsAuthentic(request, secret))
        {
            return Problems.Create(401, "webhook_signature_invalid",
                $"The {header} header is missing or does not match this body signed with the sender's {secretName}; nothing was recorded.");
        }
        if (!((IWebhookParser)check).TryParse(request, out var events))
        {
            return Problems.Create(400, "webhook_unreadable", $"The body is not a {provider} webhook payload; nothing was recorded.");
        }
        await ingestor.IngestAsync(sender, events, raw, http.RequestAborted);
        // Twilio reads the answer to an inbound message as TwiML: an empty <Response/> sends no reply of its own.
        return provider == SenderProfiles.Twilio
            ? TypedResults.Content("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>", "text/xml")
            : TypedResults.Ok();
    }

    private static (IWebhookAuthenticator Check, string SecretName, string Header) Check(SenderRow s) => s.Provider switch
    {
        SenderProfiles.Meta => (new WhatsAppCloudProvider(new WhatsAppCloudSettings("0")), "app_secret", WhatsAppCloudProvider.SignatureHeader),
        SenderProfiles.Twilio => (new TwilioProvider(new TwilioSettings("AC", null, "MG")), "auth_token", TwilioProvider.SignatureHeader),
        _ => (new InfobipViberProvider(new InfobipViberSettings(s.Address)), "webhook_secret", InfobipViberProvider.SignatureHeader),
    };

    /// <summary>The URL the provider called, as it saw it: <c>Herald:PublicUrl</c> + path + query behind a proxy, else this request's own.</summary>
    private static string PublicUrl(HttpContext http, PublicUrls urls) =>
        (urls.IsConfigured ? urls.Base! : SendersApi.RequestBase(http)) + http.Request.Path + http.Request.QueryString;

    private static Dictionary<string, string> Headers(HttpContext http)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in http.Request.Headers)
        {
            headers[name] = values.ToString();
        }
        return headers;
    }
}

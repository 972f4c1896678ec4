using Herald.Engine.Providers;
using Herald.Storage.Stores;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages;

[Authorize(Roles = "admin")]
public sealed class WebhooksModel(WorkspaceStore store, PublicUrls urls) : PageModel
{
    public IReadOnlyList<SenderWithHook> Senders { get; private set; } = [];

    public bool PublicUrlSet => urls.IsConfigured;

    public async Task OnGetAsync() => Senders = await SenderWithHook.ListAsync(HttpContext, store, urls);

    public static string HowTo(string provider) => provider switch
    {
        "meta" => "Meta app → WhatsApp → Configuration: paste this as the Callback URL, with the sender's verify_token as the Verify token; " +
            "subscribe to messages, message_template_status_update and message_template_quality_update. Posts are checked with the app secret (X-Hub-Signature-256).",
        "twilio" => "Twilio: Herald passes this URL as StatusCallback on every send; also set it as the number's (or Messaging Service's) " +
            "\"A message comes in\" webhook, HTTP POST. Posts are checked with the auth token (X-Twilio-Signature).",
        "infobip" => "Infobip: set this as the delivery-report and inbound-message URL of the Viber sender. " +
            "Posts are checked with the sender's webhook_secret (X-Herald-Signature).",
        _ => "Give this URL to the provider for statuses and inbound messages.",
    };
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages.Messages;

/// <summary>The message log: the filters are the query string; the page's script reads them and pages /v1/messages by cursor.</summary>
public sealed class MessagesIndexModel : PageModel
{
    public static readonly IReadOnlyList<string> Statuses =
        ["accepted", "queued", "scheduled", "deferred", "sending", "sent", "delivered", "read", "failed", "expired", "cancelled", "received"];

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Channel { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Until { get; set; }
}

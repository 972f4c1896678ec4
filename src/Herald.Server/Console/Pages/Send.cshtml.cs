using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages;

/// <summary>Send one message: the page is a shell; send.js does the work through /v1 (check, send, then the message's timeline).</summary>
[Authorize(Roles = "admin,agent")]
public sealed class SendModel : PageModel
{
    /// <summary>A number or contact to start with (links from Conversations pass ?to=).</summary>
    public string? To { get; private set; }

    public void OnGet(string? to) => To = to;
}

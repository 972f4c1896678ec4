using Herald.Server.Console.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages.Broadcasts;

/// <summary>One broadcast's live progress, delivery funnel and controls; the figures are polled from /v1/broadcasts/{id}.</summary>
public sealed class DetailModel : PageModel
{
    public string Id { get; private set; } = "";

    /// <summary>Admins and marketers pause, resume and cancel; agents only watch.</summary>
    public bool CanControl => User.IsInRole(ConsoleRoles.Admin) || User.IsInRole(ConsoleRoles.Marketer);

    public void OnGet(string id) => Id = id;
}

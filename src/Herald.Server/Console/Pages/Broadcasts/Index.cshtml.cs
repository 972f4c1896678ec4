using Herald.Server.Console.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages.Broadcasts;

/// <summary>The workspace's broadcasts, newest first; the rows are read from /v1/broadcasts by the page's script.</summary>
public sealed class IndexModel : PageModel
{
    /// <summary>Admins and marketers create broadcasts; agents only watch them.</summary>
    public bool CanCreate => User.IsInRole(ConsoleRoles.Admin) || User.IsInRole(ConsoleRoles.Marketer);
}

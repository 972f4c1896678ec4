using Herald.Server.Console.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages.Templates;

public sealed class TemplatesIndexModel : PageModel
{
    /// <summary>Admins and marketers create and submit templates; agents read them.</summary>
    public bool CanWrite => User.IsInRole(ConsoleRoles.Admin) || User.IsInRole(ConsoleRoles.Marketer);
}

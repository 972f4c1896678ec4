using Herald.Server.Console.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages.Templates;

public sealed class TemplateDetailModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public bool CanWrite => User.IsInRole(ConsoleRoles.Admin) || User.IsInRole(ConsoleRoles.Marketer);
}

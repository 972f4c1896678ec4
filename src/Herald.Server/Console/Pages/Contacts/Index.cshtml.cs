using Herald.Server.Console.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages.Contacts;

public sealed class ContactsIndexModel : PageModel
{
    /// <summary>Admins and marketers add, change and import contacts (contacts:write); agents read them.</summary>
    public bool CanWrite => User.IsInRole(ConsoleRoles.Admin) || User.IsInRole(ConsoleRoles.Marketer);
}

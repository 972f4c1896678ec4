using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages.Contacts;

[Authorize(Roles = "admin,marketer")]
public sealed class ContactEditModel : PageModel
{
    /// <summary>The contact being changed; none for a new one.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }
}

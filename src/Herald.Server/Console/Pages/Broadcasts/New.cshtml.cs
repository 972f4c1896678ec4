using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages.Broadcasts;

/// <summary>
/// The broadcast wizard: audience, content, schedule, review. The draft is created on the server once it has content
/// (POST, then PATCH), so <c>/console/broadcasts/new?id=brd_…</c> resumes it after a reload.
/// </summary>
[Authorize(Roles = "admin,marketer")]
public sealed class NewModel : PageModel
{
    public void OnGet()
    {
    }
}

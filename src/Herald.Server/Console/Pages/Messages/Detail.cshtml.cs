using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages.Messages;

public sealed class MessageDetailModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages.Templates;

[Authorize(Roles = "admin,marketer")]
public sealed class TemplatesNewModel : PageModel;

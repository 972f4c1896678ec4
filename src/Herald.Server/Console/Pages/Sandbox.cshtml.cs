using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages;

/// <summary>The sandbox phone: act as the customer of the sandbox senders (every role; sandbox.js calls /v1).</summary>
public sealed class SandboxModel : PageModel
{
    /// <summary>The number to open with (?phone=).</summary>
    public string? Phone { get; private set; }

    public void OnGet(string? phone) => Phone = phone;
}

using Herald.Server.Console.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages;

/// <summary>Sign-out is a POST (with the anti-forgery token), so a link on another site cannot sign anyone out.</summary>
public sealed class SignOutModel(SignInManager<ConsoleUser> signIn) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/console");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/console/signin");
    }
}

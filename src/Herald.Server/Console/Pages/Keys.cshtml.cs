using Herald.Domain.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Herald.Server.Console.Pages;

[Authorize(Roles = "admin")]
public sealed class KeysModel : PageModel
{
    public sealed record ScopeChoice(string Name, string Label);

    public static IReadOnlyList<ScopeChoice> ScopeChoices { get; } =
        [.. Scopes.Known.Select(s => new ScopeChoice(s, s == Scopes.All ? "* (everything)" : s))];
}

using System.Security.Claims;
using Herald.Server.Console.Identity;

namespace Herald.Server.Console;

/// <summary>The console's navigation: each page once, shown to the roles that may use it.</summary>
public static class ConsoleNav
{
    public sealed record Item(string Label, string Href, IReadOnlyList<string> Roles);

    public sealed record SignedIn(string Name, string Email, string Role);

    private static readonly string[] Everyone = [ConsoleRoles.Admin, ConsoleRoles.Agent, ConsoleRoles.Marketer];
    private static readonly string[] Senders = [ConsoleRoles.Admin, ConsoleRoles.Agent];
    private static readonly string[] Admins = [ConsoleRoles.Admin];

    public static readonly IReadOnlyList<Item> Items =
    [
        new("Send", "/console/send", Senders),
        new("Conversations", "/console/conversations", Everyone),
        new("Contacts", "/console/contacts", Everyone),
        new("Messages", "/console/messages", Everyone),
        new("Templates", "/console/templates", Everyone),
        new("Broadcasts", "/console/broadcasts", Everyone),
        new("Senders", "/console/senders", Everyone),
        new("API keys", "/console/keys", Admins),
        new("Webhooks", "/console/webhooks", Admins),
        new("Users", "/console/users", Admins),
        new("Sandbox phone", "/console/sandbox", Everyone),
    ];

    public static IEnumerable<Item> ItemsFor(string role) => Items.Where(i => i.Roles.Contains(role, StringComparer.Ordinal));

    public static bool IsCurrent(string path, string href) =>
        path.Equals(href, StringComparison.OrdinalIgnoreCase) || path.StartsWith(href + "/", StringComparison.OrdinalIgnoreCase);

    public static SignedIn? UserOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.FindFirstValue(ClaimTypes.Role) is { } role
            ? new SignedIn(http.User.FindFirstValue(ClaimTypes.GivenName) ?? "", http.User.FindFirstValue(ClaimTypes.Name) ?? "", role)
            : null;
}

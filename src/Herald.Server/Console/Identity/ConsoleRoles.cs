using Herald.Domain.Keys;

namespace Herald.Server.Console.Identity;

/// <summary>
/// The console's roles and the API scopes each one holds: the console's own requests to /v1 are checked with these,
/// exactly like an API key's.
/// </summary>
public static class ConsoleRoles
{
    public const string Admin = "admin";
    public const string Agent = "agent";
    public const string Marketer = "marketer";

    public static readonly IReadOnlyList<string> All = [Admin, Agent, Marketer];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>Admin: everything. Agent: send and read. Marketer: broadcasts, templates and contacts, and reading the rest.</summary>
    public static IReadOnlyList<string> ScopesOf(string role) => role switch
    {
        Admin => [Scopes.All],
        Agent => [Scopes.MessagesWrite, Scopes.ContactsRead, Scopes.TemplatesRead, Scopes.SendersRead, Scopes.BroadcastsRead, Scopes.Sandbox],
        Marketer => [Scopes.BroadcastsWrite, Scopes.TemplatesWrite, Scopes.ContactsWrite, Scopes.MessagesRead, Scopes.SendersRead, Scopes.Sandbox],
        _ => [],
    };

    public static string Describe(string role) => role switch
    {
        Admin => "Admin — everything, including users, API keys and senders",
        Agent => "Agent — sends messages and reads everything",
        Marketer => "Marketer — broadcasts, templates and contacts",
        _ => role,
    };
}

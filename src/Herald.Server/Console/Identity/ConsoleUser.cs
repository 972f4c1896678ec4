using Herald.Storage.Rows;

namespace Herald.Server.Console.Identity;

/// <summary>The Identity user: a thin wrapper over the stored row, so the store writes exactly what Identity changed.</summary>
public sealed class ConsoleUser(UserRow row)
{
    public UserRow Row { get; } = row;

    public string Id => Row.Id;

    public string Email => Row.Email;

    public string Name => Row.Name;

    public string Role => Row.Role;

    public string WorkspaceId => Row.WorkspaceId;
}

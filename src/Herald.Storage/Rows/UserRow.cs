namespace Herald.Storage.Rows;

/// <summary>A web console account. <see cref="Role"/> is admin, agent or marketer; times are Unix milliseconds.</summary>
public sealed class UserRow
{
    public string Id { get; set; } = "";
    public string WorkspaceId { get; set; } = "";
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public string SecurityStamp { get; set; } = "";
    public long FailedCount { get; set; }
    public long? LockoutEnd { get; set; }
    public long CreatedAt { get; set; }
    public long? DisabledAt { get; set; }
}

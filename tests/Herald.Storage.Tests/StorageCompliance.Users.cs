using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    private UserStore Users => new(Db);

    private static UserRow User(string id, string email, string workspace = WorkspaceA, string role = "agent") => new()
    {
        Id = id, WorkspaceId = workspace, Email = email, NormalizedEmail = email.ToUpperInvariant(), Name = "Pat", Role = role,
        PasswordHash = "hash", SecurityStamp = "stamp-1", CreatedAt = T0,
    };

    [Fact]
    public async Task Console_accounts_are_unique_by_email_and_read_back_as_written()
    {
        Assert.False(await Users.AnyAsync());

        Assert.True(await Users.InsertAsync(User("usr_1", "pat@example.com")));
        Assert.False(await Users.InsertAsync(User("usr_2", "PAT@example.com"))); // same address in another case

        Assert.True(await Users.AnyAsync());
        var row = await Users.ByNormalizedEmailAsync("PAT@EXAMPLE.COM");
        Assert.Equal(("usr_1", "pat@example.com", "agent", WorkspaceA), (row?.Id, row?.Email, row?.Role, row?.WorkspaceId));
        Assert.Null(await Users.GetAsync("usr_2"));
    }

    [Fact]
    public async Task A_console_account_update_keeps_role_lockout_and_disabling()
    {
        await Users.InsertAsync(User("usr_1", "pat@example.com"));
        var row = (await Users.GetAsync("usr_1"))!;
        row.Role = "marketer";
        row.FailedCount = 3;
        row.LockoutEnd = T0 + 300_000;
        row.DisabledAt = T0 + 5;
        row.SecurityStamp = "stamp-2";

        await Users.UpdateAsync(row);

        var back = (await Users.GetAsync("usr_1"))!;
        Assert.Equal(("marketer", 3L, T0 + 300_000, T0 + 5, "stamp-2"), (back.Role, back.FailedCount, back.LockoutEnd, back.DisabledAt, back.SecurityStamp));
    }

    [Fact]
    public async Task Console_accounts_are_listed_per_workspace()
    {
        await Users.InsertAsync(User("usr_a1", "a1@example.com"));
        await Users.InsertAsync(User("usr_b1", "b1@example.com", WorkspaceB));
        await Users.InsertAsync(User("usr_a2", "a2@example.com"));

        Assert.Equal(["usr_a1", "usr_a2"], (await Users.ListAsync(WorkspaceA)).Select(u => u.Id));
        Assert.Equal(["usr_b1"], (await Users.ListAsync(WorkspaceB)).Select(u => u.Id));
    }
}

using Herald.Storage.Rows;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    [Fact]
    public async Task A_workspace_is_created_with_its_senders_and_first_key_together()
    {
        Assert.False(await Workspaces.AnyWorkspaceAsync());

        await Workspaces.CreateWorkspaceAsync(WorkspaceA, "Acme", "Europe/Paris", T0, [SmsSender("snd_1", WorkspaceA)], ApiKey("key_1", WorkspaceA, "hash-1"));

        Assert.True(await Workspaces.AnyWorkspaceAsync());
        Assert.Equal(WorkspaceA, await Workspaces.FirstWorkspaceIdAsync());
        Assert.Equal("Europe/Paris", await Workspaces.WorkspaceTimeZoneAsync(WorkspaceA));
        var sender = Assert.Single(await Workspaces.SendersAsync(WorkspaceA));
        Assert.Equal(("snd_1", 1.0, 1L), (sender.Id, sender.RatePerSecond, sender.PerSegment));
        Assert.Equal(WorkspaceA, (await Workspaces.KeyByHashAsync("hash-1"))?.WorkspaceId);
    }

    [Fact]
    public async Task A_workspace_that_fails_half_way_is_not_created_at_all()
    {
        await Workspaces.CreateWorkspaceAsync(WorkspaceA, "Acme", "UTC", T0, [], ApiKey("key_1", WorkspaceA, "hash-1"));

        // The key hash is unique, so the second workspace fails on its key after its row and sender were written.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            Workspaces.CreateWorkspaceAsync(WorkspaceB, "Other", "UTC", T0, [SmsSender("snd_b", WorkspaceB)], ApiKey("key_2", WorkspaceB, "hash-1")));

        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM workspaces"));
        Assert.Empty(await Workspaces.AllSendersAsync());
        Assert.Single(await Workspaces.KeysAsync(WorkspaceA));
        Assert.Empty(await Workspaces.KeysAsync(WorkspaceB));
    }

    [Fact]
    public async Task Keys_are_listed_and_revoked_only_in_their_workspace()
    {
        await Workspaces.CreateWorkspaceAsync(WorkspaceA, "Acme", "UTC", T0, [], ApiKey("key_a", WorkspaceA, "hash-a"));
        await Workspaces.CreateWorkspaceAsync(WorkspaceB, "Other", "UTC", T0, [], ApiKey("key_b", WorkspaceB, "hash-b"));

        Assert.Null(await Workspaces.RevokeKeyAsync(WorkspaceA, "key_b", T0 + 1));
        Assert.Null((await Workspaces.KeyByHashAsync("hash-b"))?.RevokedAt);
        Assert.Equal(["key_a"], (await Workspaces.KeysAsync(WorkspaceA)).Select(k => k.Id));

        var revoked = await Workspaces.RevokeKeyAsync(WorkspaceA, "key_a", T0 + 1);
        Assert.Equal(T0 + 1, revoked?.RevokedAt);
        Assert.Equal(T0 + 1, (await Workspaces.RevokeKeyAsync(WorkspaceA, "key_a", T0 + 5))?.RevokedAt);
    }

    private static SenderRow SmsSender(string id, string workspace) => new()
    {
        Id = id, WorkspaceId = workspace, Channel = "sms", Provider = "sandbox", Name = "SMS", Address = "+14155550000",
        IsDefault = 1, RatePerSecond = 1.0, PerSegment = 1, CreatedAt = T0,
    };

    private static ApiKeyRow ApiKey(string id, string workspace, string hash) => new()
    {
        Id = id, WorkspaceId = workspace, Name = "admin", DisplayPrefix = "hrld_abc", KeyHash = hash, Scopes = "admin", CreatedAt = T0,
    };
}

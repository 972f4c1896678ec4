namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    [Theory]
    [InlineData("queued")]
    [InlineData("scheduled")]
    [InlineData("deferred")]
    public async Task Cancel_stops_a_message_not_yet_handed_to_a_worker_and_drops_its_queue_entry(string status)
    {
        var m = await EnqueueOneAsync(status: status, dueAt: T0 + 3_600_000);

        var (row, cancelled) = await Messages.CancelAsync(WorkspaceA, m.Id, T0 + 10);

        Assert.True(cancelled);
        Assert.Equal("cancelled", row?.Status);
        Assert.Equal(T0 + 10, row?.UpdatedAt);
        Assert.Equal("cancelled", (await MessageAsync(m.Id)).Status);
        Assert.Null(await OutboxAsync(m.Id));
        var last = (await Messages.GetEventsAsync(m.Id))[^1];
        Assert.Equal(("cancelled", T0 + 10), (last.Type, last.At));
        Assert.Empty(await ClaimAsync(10, now: T0 + 3_600_000));
    }

    [Theory]
    [InlineData("sending")]
    [InlineData("sent")]
    [InlineData("delivered")]
    [InlineData("failed")]
    [InlineData("cancelled")]
    public async Task Cancel_refuses_a_message_already_on_its_way_or_finished(string status)
    {
        var m = await EnqueueOneAsync(status: status);
        var timeline = await TimelineAsync(m.Id);

        var (row, cancelled) = await Messages.CancelAsync(WorkspaceA, m.Id, T0 + 10);

        Assert.False(cancelled);
        Assert.Equal(status, row?.Status);
        Assert.Equal(status, (await MessageAsync(m.Id)).Status);
        Assert.NotNull(await OutboxAsync(m.Id));
        Assert.Equal(timeline, await TimelineAsync(m.Id));
    }

    [Fact]
    public async Task Cancel_refuses_a_message_a_worker_has_claimed()
    {
        var m = await EnqueueOneAsync();
        await ClaimAsync(10);

        var (row, cancelled) = await Messages.CancelAsync(WorkspaceA, m.Id, T0 + 10);

        Assert.False(cancelled);
        Assert.Equal("sending", row?.Status);
        Assert.NotNull(await OutboxAsync(m.Id));
    }

    [Fact]
    public async Task Cancel_never_touches_another_workspaces_message()
    {
        var m = await EnqueueOneAsync(workspace: WorkspaceB);

        var (row, cancelled) = await Messages.CancelAsync(WorkspaceA, m.Id, T0 + 10);

        Assert.Null(row);
        Assert.False(cancelled);
        Assert.Equal("queued", (await MessageAsync(m.Id, WorkspaceB)).Status);
        Assert.NotNull(await OutboxAsync(m.Id));
        Assert.DoesNotContain("cancelled", await TimelineAsync(m.Id));
    }

    [Fact]
    public async Task Cancel_of_an_unknown_message_finds_nothing()
    {
        var (row, cancelled) = await Messages.CancelAsync(WorkspaceA, "msg_01JD5X7Q8M4N2P3R5S6T7V8W9X", T0);

        Assert.Null(row);
        Assert.False(cancelled);
    }
}

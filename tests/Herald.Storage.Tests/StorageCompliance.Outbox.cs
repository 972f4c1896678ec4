using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    [Fact]
    public async Task A_message_its_queue_entry_and_its_events_committed_together_are_all_there()
    {
        var m = NewMessage();

        await WriteAsync([m], QueueStore.BulkLane, dueAt: T0 + 5_000);

        var stored = await MessageAsync(m.Id);
        Assert.Equal("queued", stored.Status);
        Assert.Equal(m.Phone, stored.Phone);
        Assert.Equal(m.ExpiresAt, stored.ExpiresAt);
        var entry = Assert.IsType<QueueEntry>(await OutboxAsync(m.Id));
        Assert.Equal(QueueStore.BulkLane, entry.Lane);
        Assert.Equal(T0 + 5_000, entry.DueAt);
        Assert.Null(entry.LeaseOwner);
        Assert.Equal(0, entry.Attempts);
        Assert.Equal(["accepted", "queued"], await TimelineAsync(m.Id));
    }

    [Fact]
    public async Task Nothing_of_a_rolled_back_message_remains()
    {
        var m = NewMessage();

        await using (var c = await Db.OpenAsync())
        {
            await using var tx = await Db.BeginWriteAsync(c);
            await MessageStore.InsertAsync(c, tx, [m]);
            await MessageStore.InsertOutboxAsync(c, tx, [new OutboxRow(m.Id, m.SenderId, QueueStore.TransactionalLane, T0)]);
            await MessageStore.InsertEventsAsync(c, tx, [new EventRow(m.Id, "accepted", T0, null)]);
            await tx.RollbackAsync();
        }

        Assert.Null(await Messages.GetAsync(WorkspaceA, m.Id));
        Assert.Null(await OutboxAsync(m.Id));
        Assert.Empty(await Messages.GetEventsAsync(m.Id));
        Assert.Empty(await ClaimAsync(10));
    }

    [Fact]
    public async Task A_transaction_dropped_without_commit_leaves_nothing_behind()
    {
        var m = NewMessage();

        await using (var c = await Db.OpenAsync())
        {
            await using var tx = await Db.BeginWriteAsync(c);
            await MessageStore.InsertAsync(c, tx, [m]);
            await MessageStore.InsertOutboxAsync(c, tx, [new OutboxRow(m.Id, m.SenderId, QueueStore.TransactionalLane, T0)]);
        }

        Assert.Null(await Messages.GetAsync(WorkspaceA, m.Id));
        Assert.Equal(0, await Queue.PendingCountAsync());
    }

    [Fact]
    public async Task A_large_batch_is_written_in_one_transaction()
    {
        var rows = await EnqueueAsync(1_000, QueueStore.BulkLane);

        Assert.Equal(1_000, await Messages.CountAsync("queued"));
        Assert.Equal(1_000, await Queue.PendingCountAsync());
        Assert.Equal(2_000, await CountAsync("SELECT COUNT(*) FROM message_events"));
        Assert.Equal(Ids(rows), Ids(await ClaimAsync(1_000)));
    }
}

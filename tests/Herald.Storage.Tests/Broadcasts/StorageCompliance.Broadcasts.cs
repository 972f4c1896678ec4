using Dapper;
using Herald.Domain;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    private BroadcastStore Broadcasts => new(Db);

    /// <summary>A broadcast in the given state with <paramref name="queued"/> queued messages (bulk lane, due at T0) and their audience rows.</summary>
    private async Task<(string Id, IReadOnlyList<MessageRow> Messages)> BroadcastWithQueueAsync(int queued, int pending = 0, string state = "running")
    {
        var id = HeraldId.New("brd", DateTimeOffset.FromUnixTimeMilliseconds(T0));
        await Broadcasts.InsertAsync(new BroadcastRow
        {
            Id = id, WorkspaceId = WorkspaceA, Name = "Sale", Channel = "sms", SenderIds = $"[\"{Sender}\"]", Content = """{"text":"Hi"}""",
            ErrorThreshold = 0.2, CreatedAt = T0, UpdatedAt = T0,
        });
        var messages = Enumerable.Range(0, queued).Select(i =>
        {
            var m = NewMessage(purpose: "marketing", phone: "+1415555" + (2000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            m.BroadcastId = id;
            return m;
        }).ToList();
        await using (var c = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(c))
        {
            await MessageStore.InsertAsync(c, tx, messages);
            await MessageStore.InsertOutboxAsync(c, tx, messages.Select(m => new OutboxRow(m.Id, m.SenderId, QueueStore.BulkLane, T0, id)).ToList());
            await MessageStore.InsertEventsAsync(c, tx, messages.Select(m => new EventRow(m.Id, "queued", T0, null)).ToList());
            await tx.CommitAsync();
        }
        var rows = messages.Select((m, i) => new RecipientRow
        {
            BroadcastId = id, Seq = i + 2, RawPhone = m.Phone, Phone = m.Phone, State = "queued", SenderId = Sender, MessageId = m.Id,
        }).Concat(Enumerable.Range(0, pending).Select(i => new RecipientRow
        {
            BroadcastId = id, Seq = queued + i + 2, RawPhone = "+14155553" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
            Phone = "+14155553" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), State = "pending", Variables = "{}",
        })).ToList();
        if (rows.Count > 0)
        {
            await Broadcasts.AddRecipientsAsync(rows);
        }
        if (state != "draft")
        {
            Assert.True(await Broadcasts.StartAsync(id, "running", null, T0));
        }
        if (state == "paused")
        {
            Assert.True(await Broadcasts.PauseAsync(id, "user", "Paused by a user.", T0));
        }
        return (id, messages);
    }

    private Task<long> HeldAsync(string broadcastId) =>
        CountAsync("SELECT COUNT(*) FROM outbox WHERE broadcast_id = @broadcastId AND held = 1", new { broadcastId });

    private async Task<string?> BroadcastStateAsync(string id) => (await Broadcasts.GetAsync(WorkspaceA, id))?.State;

    [Fact]
    public async Task Broadcast_pause_holds_its_queue_entries_so_claims_skip_them_and_resume_releases_them()
    {
        var (id, messages) = await BroadcastWithQueueAsync(3);
        var other = await EnqueueOneAsync(lane: QueueStore.BulkLane);

        Assert.True(await Broadcasts.PauseAsync(id, "user", "Paused by a user.", T0 + 1));

        Assert.Equal(3, await HeldAsync(id));
        Assert.Equal([other.Id], Ids(await ClaimAsync(10, now: T0 + 10)));
        foreach (var m in messages)
        {
            Assert.Equal("queued", (await MessageAsync(m.Id)).Status);
        }
        Assert.False(await Broadcasts.PauseAsync(id, "user", "again", T0 + 2));
        Assert.False(await Broadcasts.ResumeAsync(id, "template", 0, 0, T0 + 3)); // paused by a user: only a user resumes it

        Assert.True(await Broadcasts.ResumeAsync(id, null, 5, 1, T0 + 4));

        Assert.Equal(0, await HeldAsync(id));
        var row = await Broadcasts.GetAsync(WorkspaceA, id);
        Assert.Equal(("running", null, 5L, 1L), (row!.State, row.PausedBy, row.BaselineDone, row.BaselineFailed));
        Assert.Equal(Ids(messages), Ids(await ClaimAsync(10, now: T0 + 10)));
    }

    [Fact]
    public async Task Broadcast_cancel_cancels_unleased_queued_messages_and_pending_rows_in_one_go()
    {
        var (id, messages) = await BroadcastWithQueueAsync(3, pending: 2);
        var leased = await ClaimAsync(1, now: T0); // a worker holds the first one

        var cancelled = await Broadcasts.CancelAsync(id, "cancelled", T0 + 5);

        Assert.Equal(2, cancelled);
        Assert.Equal("cancelled", await BroadcastStateAsync(id));
        var held = Assert.Single(leased).Message.Id;
        foreach (var m in messages.Where(m => m.Id != held))
        {
            Assert.Equal("cancelled", (await MessageAsync(m.Id)).Status);
            Assert.Equal("cancelled", (await TimelineAsync(m.Id))[^1]);
            Assert.Null(await OutboxAsync(m.Id));
        }
        Assert.Equal("sending", (await MessageAsync(held)).Status); // its worker cancels it before sending
        Assert.NotNull(await OutboxAsync(held));
        var counts = await Broadcasts.RecipientCountsAsync(id);
        Assert.Equal((2L, 3L, 0L), (counts.GetValueOrDefault("cancelled"), counts.GetValueOrDefault("queued"), counts.GetValueOrDefault("pending")));
        Assert.Null(await Broadcasts.CancelAsync(id, "failed", T0 + 6));
    }

    [Fact]
    public async Task Broadcast_completes_only_when_no_row_is_pending_and_no_message_is_queued()
    {
        var (withPending, _) = await BroadcastWithQueueAsync(0, pending: 1);
        var (withQueue, messages) = await BroadcastWithQueueAsync(1);
        var (paused, _) = await BroadcastWithQueueAsync(0, state: "paused");

        Assert.False(await Broadcasts.CompleteIfDoneAsync(withPending, T0 + 1));
        Assert.False(await Broadcasts.CompleteIfDoneAsync(withQueue, T0 + 1));
        Assert.False(await Broadcasts.CompleteIfDoneAsync(paused, T0 + 1));
        Assert.Equal(("running", "running", "paused"), (await BroadcastStateAsync(withPending), await BroadcastStateAsync(withQueue), await BroadcastStateAsync(paused)));

        var claimed = Assert.Single(await ClaimAsync(1, now: T0 + 2));
        await Queue.FinishAsync([new DispatchOutcome(claimed.Message.Id, "sent", 1, "prov-1")], T0 + 3);

        Assert.True(await Broadcasts.CompleteIfDoneAsync(withQueue, T0 + 4));
        var done = await Broadcasts.GetAsync(WorkspaceA, withQueue);
        Assert.Equal(("completed", T0 + 4), (done!.State, done.CompletedAt));
        Assert.Equal(messages[0].Id, claimed.Message.Id);
        Assert.False(await Broadcasts.CompleteIfDoneAsync(withQueue, T0 + 5));
    }

    [Fact]
    public async Task Broadcast_hold_outcome_keeps_the_entry_held_while_paused_and_releases_it_when_running()
    {
        var (id, messages) = await BroadcastWithQueueAsync(2);
        var claimed = await ClaimAsync(2, now: T0);
        Assert.Equal(2, claimed.Count);
        Assert.True(await Broadcasts.PauseAsync(id, "user", "Paused by a user.", T0 + 1));

        // Worker 1 finds its broadcast paused and puts its message back while it is still paused.
        await Queue.FinishAsync([new DispatchOutcome(messages[0].Id, "queued", 0, RetryAt: T0 + 2, Hold: true)], T0 + 2);

        Assert.Equal("queued", (await MessageAsync(messages[0].Id)).Status);
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM outbox WHERE message_id = @id AND held = 1 AND lease_owner IS NULL", new { id = messages[0].Id }));
        Assert.Empty(await ClaimAsync(10, now: T0 + 60_000));

        // The broadcast runs again before worker 2 puts its message back: that one is not held.
        Assert.True(await Broadcasts.ResumeAsync(id, null, 0, 0, T0 + 3));
        await Queue.FinishAsync([new DispatchOutcome(messages[1].Id, "queued", 0, RetryAt: T0 + 4, Hold: true)], T0 + 4);

        Assert.Equal(0, await HeldAsync(id));
        Assert.Equal(Ids(messages), Ids(await ClaimAsync(10, now: T0 + 60_000)));
    }

    [Fact]
    public async Task Broadcast_retry_returns_only_transient_failures_and_expired_messages_to_pending()
    {
        var (id, messages) = await BroadcastWithQueueAsync(4);
        await using (var c = await Db.OpenAsync())
        {
            string[] statuses = ["failed", "failed", "expired", "delivered"];
            string?[] classes = ["transient_exhausted", "permanent", null, null];
            for (var i = 0; i < 4; i++)
            {
                await c.ExecuteAsync("UPDATE messages SET status = @s, error_class = @e WHERE id = @id", new { s = statuses[i], e = classes[i], id = messages[i].Id });
            }
            await c.ExecuteAsync("DELETE FROM outbox WHERE broadcast_id = @id", new { id });
        }
        Assert.True(await Broadcasts.CompleteIfDoneAsync(id, T0 + 1));

        var retried = await Broadcasts.RetryFailedAsync(id, T0 + 2);

        Assert.Equal(2, retried);
        Assert.Equal("running", await BroadcastStateAsync(id));
        await using var r = await Db.OpenAsync();
        var rows = (await r.QueryAsync<(long Seq, string State, long Tries)>(
            "SELECT seq, state, tries FROM broadcast_recipients WHERE broadcast_id = @id ORDER BY seq", new { id })).ToList();
        Assert.Equal([(2L, "pending", 1L), (3L, "queued", 0L), (4L, "pending", 1L), (5L, "queued", 0L)], rows);
    }
    [Fact]
    public async Task Broadcast_paused_while_scheduled_resumes_to_scheduled_until_its_send_at()
    {
        var (id, _) = await BroadcastWithQueueAsync(0, pending: 1, state: "draft");
        Assert.True(await Broadcasts.StartAsync(id, "scheduled", T0 + 3_600_000, T0));
        Assert.True(await Broadcasts.PauseAsync(id, "user", "Paused by a user.", T0 + 1));

        Assert.True(await Broadcasts.ResumeAsync(id, null, 0, 0, T0 + 2));

        Assert.Equal("scheduled", await BroadcastStateAsync(id));
        Assert.True(await Broadcasts.PauseAsync(id, "user", "Paused by a user.", T0 + 3));
        Assert.True(await Broadcasts.ResumeAsync(id, null, 0, 0, T0 + 3_600_000));
        Assert.Equal("running", await BroadcastStateAsync(id));
    }
}

using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    [Fact]
    public async Task A_claim_takes_only_rows_that_are_due()
    {
        var due = await EnqueueAsync(2, dueAt: T0 - 1_000);
        var onTheDot = await EnqueueOneAsync(dueAt: T0);
        var later = await EnqueueOneAsync(dueAt: T0 + 10_000);

        var claimed = await ClaimAsync(10);

        Assert.Equal(Ids([.. due, onTheDot]), Ids(claimed));
        Assert.Equal("queued", (await MessageAsync(later.Id)).Status);
        Assert.Empty(await ClaimAsync(10, now: T0 + 9_999));
        Assert.Equal(Ids([later]), Ids(await ClaimAsync(10, now: T0 + 10_000)));
    }

    [Fact]
    public async Task A_claim_marks_messages_sending_with_a_sending_event_and_leases_their_rows()
    {
        var queued = await EnqueueOneAsync();
        var scheduled = await EnqueueOneAsync(status: "scheduled");
        var deferred = await EnqueueOneAsync(status: "deferred", lane: QueueStore.BulkLane);

        var claimed = await ClaimAsync(10, owner: "worker-7");

        Assert.Equal(3, claimed.Count);
        Assert.All(claimed, c => Assert.False(c.Recovered));
        Assert.All(claimed, c => Assert.Equal("sending", c.Message.Status));
        foreach (var m in new[] { queued, scheduled, deferred })
        {
            Assert.Equal("sending", (await MessageAsync(m.Id)).Status);
            Assert.Equal("sending", (await TimelineAsync(m.Id))[^1]);
            var entry = Assert.IsType<QueueEntry>(await OutboxAsync(m.Id));
            Assert.Equal("worker-7", entry.LeaseOwner);
            Assert.Equal(T0 + 30_000, entry.LeaseUntil);
            Assert.Equal(1, entry.Attempts);
        }
    }

    [Fact]
    public async Task The_transactional_lane_goes_first_even_behind_an_older_broadcast()
    {
        await EnqueueAsync(50, QueueStore.BulkLane, dueAt: T0 - 60_000);
        var otp = await EnqueueOneAsync(dueAt: T0);

        var claimed = await ClaimAsync(1);

        Assert.Equal([otp.Id], Ids(claimed));
    }

    [Theory]
    [InlineData(10, 0.8, 8)]
    [InlineData(7, 0.5, 4)]
    [InlineData(256, 0.8, 205)]
    [InlineData(3, 0.5, 2)]
    public async Task With_both_lanes_full_a_claim_gives_the_transactional_lane_its_share_and_bulk_the_rest(
        int total, double share, int transactional)
    {
        await EnqueueAsync(total, QueueStore.TransactionalLane);
        await EnqueueAsync(total, QueueStore.BulkLane);

        var claimed = await ClaimAsync(total, share: share);

        Assert.Equal(transactional, claimed.Count(c => c.Message.Purpose == "transactional"));
        Assert.Equal(total - transactional, claimed.Count(c => c.Message.Purpose == "marketing"));
    }

    [Theory]
    [InlineData(50, 0.14, 7)] // 50 * 0.14 is 7.000000000000001 in floating point
    [InlineData(100, 0.07, 7)]
    [InlineData(100, 0.14, 14)]
    public async Task The_reserved_share_is_not_rounded_up_by_floating_point_noise(int total, double share, int transactional)
    {
        await EnqueueAsync(total, QueueStore.TransactionalLane);
        await EnqueueAsync(total, QueueStore.BulkLane);

        var claimed = await ClaimAsync(total, share: share);

        Assert.Equal(transactional, claimed.Count(c => c.Message.Purpose == "transactional"));
    }

    [Fact]
    public async Task Bulk_takes_what_the_transactional_lane_leaves_unused()
    {
        var otps = await EnqueueAsync(3, QueueStore.TransactionalLane);
        await EnqueueAsync(20, QueueStore.BulkLane);

        var claimed = await ClaimAsync(10);

        Assert.Equal(3, claimed.Count(c => c.Message.Purpose == "transactional"));
        Assert.Equal(7, claimed.Count(c => c.Message.Purpose == "marketing"));
        Assert.Subset(Ids(claimed).ToHashSet(), Ids(otps).ToHashSet());
    }

    [Fact]
    public async Task The_transactional_lane_takes_what_bulk_leaves_unused()
    {
        await EnqueueAsync(20, QueueStore.TransactionalLane);
        await EnqueueAsync(1, QueueStore.BulkLane);

        var claimed = await ClaimAsync(10);

        Assert.Equal(9, claimed.Count(c => c.Message.Purpose == "transactional"));
        Assert.Equal(1, claimed.Count(c => c.Message.Purpose == "marketing"));
    }

    [Fact]
    public async Task A_broadcast_keeps_moving_while_transactional_traffic_never_stops()
    {
        var broadcast = await EnqueueAsync(20, QueueStore.BulkLane);
        var bulkClaimed = 0;

        for (var round = 0; round < 10; round++)
        {
            await EnqueueAsync(10, QueueStore.TransactionalLane, dueAt: T0 + round);
            var claimed = await ClaimAsync(10, now: T0 + round);
            Assert.Equal(10, claimed.Count);
            bulkClaimed += claimed.Count(c => c.Message.Purpose == "marketing");
        }

        Assert.Equal(broadcast.Count, bulkClaimed);
    }

    [Fact]
    public async Task Within_a_lane_the_earliest_due_goes_first()
    {
        var late = await EnqueueOneAsync(dueAt: T0 - 1_000);
        var early = await EnqueueOneAsync(dueAt: T0 - 5_000);

        Assert.Equal([early.Id], Ids(await ClaimAsync(1)));
        Assert.Equal([late.Id], Ids(await ClaimAsync(1)));
    }

    [Fact]
    public async Task A_leased_row_is_not_claimed_again_until_its_lease_expires()
    {
        var m = await EnqueueOneAsync();
        Assert.Single(await ClaimAsync(10, now: T0, owner: "worker-1"));

        Assert.Empty(await ClaimAsync(10, now: T0 + 1, owner: "worker-2"));
        Assert.Empty(await ClaimAsync(10, now: T0 + 29_999, owner: "worker-2"));
        var again = await ClaimAsync(10, now: T0 + 30_001, owner: "worker-2");

        Assert.Equal([m.Id], Ids(again));
        Assert.Equal("worker-2", (await OutboxAsync(m.Id))!.LeaseOwner);
    }

    [Fact]
    public async Task An_expired_lease_of_a_message_never_handed_over_comes_back_to_be_sent()
    {
        var m = await EnqueueOneAsync();
        await ClaimAsync(10, now: T0, owner: "crashed-worker"); // died before its turn at the sender's rate

        var again = Assert.Single(await ClaimAsync(10, now: T0 + 31_000, owner: "survivor"));

        Assert.Equal(m.Id, again.Message.Id);
        Assert.False(again.Recovered);
        Assert.Single(await TimelineAsync(m.Id), t => t == "sending");
    }

    [Fact]
    public async Task An_expired_lease_of_a_sending_message_comes_back_recovered()
    {
        var m = await EnqueueOneAsync();
        await ClaimAsync(10, now: T0, owner: "crashed-worker");
        await Queue.MarkStartedAsync("crashed-worker", [m.Id]); // its request was going out when the worker died

        var recovered = Assert.Single(await ClaimAsync(10, now: T0 + 31_000, owner: "survivor"));

        Assert.Equal(m.Id, recovered.Message.Id);
        Assert.True(recovered.Recovered);
        Assert.Equal("sending", recovered.Message.Status);
        Assert.Equal(2, (await OutboxAsync(m.Id))!.Attempts);
        Assert.Single(await TimelineAsync(m.Id), t => t == "sending");
    }

    [Fact]
    public async Task A_left_over_queue_entry_of_a_finished_message_is_dropped_by_the_next_claim()
    {
        var m = await EnqueueOneAsync(status: "cancelled");

        Assert.Empty(await ClaimAsync(10));

        Assert.Null(await OutboxAsync(m.Id));
        Assert.Equal("cancelled", (await MessageAsync(m.Id)).Status);
    }

    [Fact]
    public async Task Next_due_is_the_earliest_time_a_row_can_be_claimed()
    {
        Assert.Null(await Queue.NextDueAsync());
        await EnqueueOneAsync(dueAt: T0);
        await ClaimAsync(10, now: T0, lease: 60_000);
        await EnqueueOneAsync(dueAt: T0 + 5_000, lane: QueueStore.BulkLane);

        Assert.Equal(T0 + 5_000, await Queue.NextDueAsync());
        Assert.Equal(2, await Queue.PendingCountAsync());
    }
}

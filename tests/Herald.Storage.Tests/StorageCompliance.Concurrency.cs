using System.Collections.Concurrent;
using System.Globalization;
using Herald.Domain.Messages;
using Herald.Engine.Statuses;
using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    /// <summary>On PostgreSQL this exercises FOR UPDATE SKIP LOCKED; on SQLite the single write lock.</summary>
    [Fact]
    public async Task Concurrent_claimers_never_get_the_same_message()
    {
        const int Rounds = 5;
        const int PerRound = 120;
        var owners = new HashSet<string>(StringComparer.Ordinal);

        for (var round = 0; round < Rounds; round++)
        {
            var now = T0 + (round * 1_000);
            var seeded = Ids([
                .. await EnqueueAsync(PerRound / 2, QueueStore.TransactionalLane, dueAt: now),
                .. await EnqueueAsync(PerRound / 2, QueueStore.BulkLane, dueAt: now),
            ]);

            var claims = await DrainConcurrentlyAsync(workers: 4, now, now + 600_000, batch: 7, expected: PerRound);

            Assert.Equal(seeded, claims.Select(c => c.Claim.Message.Id).Order(StringComparer.Ordinal));
            Assert.All(claims, c => Assert.False(c.Claim.Recovered));
            owners.UnionWith(claims.Select(c => c.Owner));
        }

        Assert.Equal(Rounds * PerRound, await CountAsync("SELECT COUNT(*) FROM message_events WHERE type = 'sending'"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM outbox WHERE attempts <> 1"));
        Assert.True(owners.Count > 1, "the claims should have been spread over several workers");
    }

    [Fact]
    public async Task Concurrent_claimers_recover_each_expired_lease_exactly_once()
    {
        var seeded = Ids(await EnqueueAsync(60));
        var first = await DrainConcurrentlyAsync(workers: 3, T0, T0 + 1_000, batch: 5, expected: 60);
        foreach (var owner in first.GroupBy(c => c.Owner))
        {
            await Queue.MarkStartedAsync(owner.Key, owner.Select(c => c.Claim.Message.Id).ToList()); // every worker died mid-send
        }

        var second = await DrainConcurrentlyAsync(workers: 3, T0 + 2_000, T0 + 60_000, batch: 5, expected: 60);

        Assert.Equal(seeded, first.Select(c => c.Claim.Message.Id).Order(StringComparer.Ordinal));
        Assert.Equal(seeded, second.Select(c => c.Claim.Message.Id).Order(StringComparer.Ordinal));
        Assert.All(second, c => Assert.True(c.Claim.Recovered));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM outbox WHERE attempts <> 2"));
    }

    [Fact]
    public async Task A_cancel_racing_a_claim_either_wins_or_loses_cleanly()
    {
        var seeded = await EnqueueAsync(300);
        var ids = seeded.Select(m => m.Id).ToList();

        var claiming = DrainConcurrentlyAsync(workers: 2, T0, T0 + 600_000, batch: 5, expected: null);
        var cancelling = Task.Run(async () =>
        {
            var cancelled = new List<string>();
            foreach (var id in Enumerable.Reverse(ids))
            {
                if ((await Messages.CancelAsync(WorkspaceA, id, T0)).Cancelled)
                {
                    cancelled.Add(id);
                }
            }
            return cancelled;
        });
        var claimed = (await claiming).Select(c => c.Claim.Message.Id).ToHashSet(StringComparer.Ordinal);
        var cancelled = (await cancelling).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(claimed.Intersect(cancelled));
        Assert.Equal(ids.Order(StringComparer.Ordinal), claimed.Union(cancelled).Order(StringComparer.Ordinal));
        foreach (var id in ids)
        {
            var status = (await MessageAsync(id)).Status;
            Assert.Equal(claimed.Contains(id) ? "sending" : "cancelled", status);
            Assert.Equal(claimed.Contains(id), await OutboxAsync(id) is not null);
        }
    }

    /// <summary>
    /// A broadcast's cancel takes its queue entries while workers claim them: on PostgreSQL the two once locked the same
    /// rows in opposite orders and the cancel died as a deadlock (HTTP 500). Every message ends claimed or cancelled.
    /// </summary>
    [Fact]
    public async Task A_broadcast_cancel_racing_claims_never_deadlocks_and_each_message_is_claimed_or_cancelled()
    {
        for (var round = 0; round < 5; round++)
        {
            var (id, messages) = await BroadcastWithQueueAsync(400);
            var now = T0 + 10;

            var claiming = DrainConcurrentlyAsync(workers: 3, now, now + 600_000, batch: 3, expected: null);
            var cancelling = Task.Run(async () => { await Task.Yield(); return await Broadcasts.CancelAsync(id, "cancelled", now); });
            var claimed = (await claiming).Select(c => c.Claim.Message.Id).Where(m => messages.Any(x => x.Id == m)).ToHashSet(StringComparer.Ordinal);
            var cancelled = await cancelling;

            Assert.Equal(400 - claimed.Count, cancelled);
            foreach (var m in messages)
            {
                Assert.Equal(claimed.Contains(m.Id) ? "sending" : "cancelled", (await MessageAsync(m.Id)).Status);
                Assert.Equal(claimed.Contains(m.Id), await OutboxAsync(m.Id) is not null);
            }
        }
    }

    /// <summary>
    /// A fast provider reports statuses while the worker is still recording its batch: both write the same messages,
    /// in different orders (the worker by batch, the callbacks by provider time), and neither may fail.
    /// </summary>
    [Fact]
    public async Task Send_results_and_provider_statuses_for_the_same_batch_recorded_at_once_never_deadlock()
    {
        for (var round = 0; round < 10; round++)
        {
            var now = T0 + (round * 1_000);
            await EnqueueAsync(40, dueAt: now);
            var batch = await Queue.ClaimAsync("worker-1", now, now + 30_000, 40, 0.8);
            var statuses = batch.Select((c, i) => new StatusUpdate(c.Message.Id, MessageStatus.Sent, At(round * 1_000 + 40 - i), "provider")).ToArray();

            await Task.WhenAll(
                Task.Run(() => Queue.FinishAsync(batch.Select(c => new DispatchOutcome(c.Message.Id, "sending", 1, "wamid." + c.Message.Id)).ToList(), now)),
                Task.Run(() => IngestAsync(statuses)));

            foreach (var c in batch)
            {
                Assert.Equal("sent", (await MessageAsync(c.Message.Id)).Status);
            }
        }
    }

    /// <summary>Parallel workers claim until <paramref name="expected"/> messages are out (null: until the queue stays empty); every claim is returned with its owner.</summary>
    private async Task<IReadOnlyList<(string Owner, ClaimedMessage Claim)>> DrainConcurrentlyAsync(
        int workers, long now, long leaseUntil, int batch, int? expected)
    {
        var claims = new ConcurrentQueue<(string Owner, ClaimedMessage Claim)>();
        var remaining = expected ?? int.MaxValue;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var owner = "worker-" + w.ToString(CultureInfo.InvariantCulture);
            for (var idle = 0; Volatile.Read(ref remaining) > 0 && idle < (expected is null ? 20 : 500);)
            {
                var got = await Queue.ClaimAsync(owner, now, leaseUntil, batch, 0.8);
                foreach (var c in got)
                {
                    claims.Enqueue((owner, c));
                }
                Interlocked.Add(ref remaining, -got.Count);
                idle = got.Count == 0 ? idle + 1 : 0;
                if (got.Count == 0)
                {
                    await Task.Delay(2);
                }
            }
        })));
        // Nothing is left for anyone: a final claim finds the queue empty (or fully leased).
        Assert.Empty(await Queue.ClaimAsync("late-worker", now, leaseUntil, batch, 0.8));
        return claims.ToList();
    }
}

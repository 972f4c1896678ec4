using Dapper;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    [Fact]
    public async Task A_finished_message_leaves_the_queue_with_its_outcome_written()
    {
        var accepted = await EnqueueOneAsync();
        var refused = await EnqueueOneAsync();
        await ClaimAsync(10);

        await Queue.FinishAsync(
        [
            new DispatchOutcome(accepted.Id, "sending", 1, ProviderMessageId: "wamid.accepted",
                Events: [new EventRow(accepted.Id, "provider_accepted", T0 + 10, null)]),
            new DispatchOutcome(refused.Id, "failed", 1, ErrorClass: "permanent", ErrorCode: "131026",
                ErrorMessage: "Message undeliverable", Events: [new EventRow(refused.Id, "failed", T0 + 10, null)]),
        ], T0 + 10);

        Assert.Null(await OutboxAsync(accepted.Id));
        Assert.Null(await OutboxAsync(refused.Id));
        var a = await MessageAsync(accepted.Id);
        Assert.Equal("sending", a.Status);
        Assert.Equal("wamid.accepted", a.ProviderMessageId);
        Assert.Equal(1, a.Attempts);
        Assert.Null(a.ErrorCode);
        Assert.Equal(T0 + 10, a.UpdatedAt);
        Assert.Equal("provider_accepted", (await TimelineAsync(accepted.Id))[^1]);
        var r = await MessageAsync(refused.Id);
        Assert.Equal("failed", r.Status);
        Assert.Equal(("permanent", "131026", "Message undeliverable"), (r.ErrorClass, r.ErrorCode, r.ErrorMessage));
        Assert.Equal("failed", (await TimelineAsync(refused.Id))[^1]);
        Assert.Equal(0, await Queue.PendingCountAsync());
    }

    [Fact]
    public async Task An_in_doubt_outcome_is_flagged()
    {
        var m = await EnqueueOneAsync();
        await ClaimAsync(10);

        await Queue.FinishAsync([new DispatchOutcome(m.Id, "failed", 1, ErrorClass: "in_doubt", ErrorCode: "in_doubt", InDoubt: true)], T0 + 10);

        var stored = await MessageAsync(m.Id);
        Assert.Equal("failed", stored.Status);
        Assert.Equal(1, stored.InDoubt);
    }

    [Fact]
    public async Task A_retried_message_goes_back_to_the_queue_with_its_new_due_time_and_no_lease()
    {
        var m = await EnqueueOneAsync();
        await ClaimAsync(10);

        await Queue.FinishAsync(
            [new DispatchOutcome(m.Id, "queued", 1, ErrorCode: "130429", ErrorMessage: "Throughput reached", RetryAt: T0 + 5_000,
                Events: [new EventRow(m.Id, "retry_scheduled", T0 + 10, null)])],
            T0 + 10);

        var entry = Assert.IsType<QueueEntry>(await OutboxAsync(m.Id));
        Assert.Equal(T0 + 5_000, entry.DueAt);
        Assert.Null(entry.LeaseOwner);
        Assert.Null(entry.LeaseUntil);
        var stored = await MessageAsync(m.Id);
        Assert.Equal("queued", stored.Status);
        Assert.Equal("130429", stored.ErrorCode);
        Assert.Equal("retry_scheduled", (await TimelineAsync(m.Id))[^1]);
        Assert.Empty(await ClaimAsync(10, now: T0 + 4_999));
        var again = Assert.Single(await ClaimAsync(10, now: T0 + 5_000));
        Assert.False(again.Recovered);
        Assert.Equal(2, (await OutboxAsync(m.Id))!.Attempts);
    }

    [Fact]
    public async Task A_status_a_faster_callback_already_moved_on_is_not_overwritten_by_the_send_result()
    {
        var m = await EnqueueOneAsync();
        await ClaimAsync(10);
        await CallbackMovedAsync(m.Id, "sent");

        await Queue.FinishAsync([new DispatchOutcome(m.Id, "sending", 1, ProviderMessageId: "wamid.fast")], T0 + 10);

        var stored = await MessageAsync(m.Id);
        Assert.Equal("sent", stored.Status);
        Assert.Equal("wamid.fast", stored.ProviderMessageId);
        Assert.Null(await OutboxAsync(m.Id));
    }

    [Fact]
    public async Task A_failure_a_faster_callback_reported_keeps_its_error_when_the_send_result_arrives()
    {
        var m = await EnqueueOneAsync();
        await ClaimAsync(10);
        await CallbackMovedAsync(m.Id, "failed", "permanent", "131026", "Message undeliverable");

        await Queue.FinishAsync([new DispatchOutcome(m.Id, "sending", 1, ProviderMessageId: "wamid.fast")], T0 + 10);

        var stored = await MessageAsync(m.Id);
        Assert.Equal("failed", stored.Status);
        Assert.Equal(("permanent", "131026", "Message undeliverable"), (stored.ErrorClass, stored.ErrorCode, stored.ErrorMessage));
        Assert.Equal("wamid.fast", stored.ProviderMessageId);
    }

    [Fact]
    public async Task A_delivery_a_faster_callback_reported_is_not_flagged_in_doubt_by_a_lost_send_result()
    {
        var m = await EnqueueOneAsync();
        await ClaimAsync(10);
        await CallbackMovedAsync(m.Id, "delivered");

        await Queue.FinishAsync([new DispatchOutcome(m.Id, "failed", 1, ErrorClass: "in_doubt", ErrorCode: "in_doubt", InDoubt: true)], T0 + 10);

        var stored = await MessageAsync(m.Id);
        Assert.Equal("delivered", stored.Status);
        Assert.Equal(0, stored.InDoubt);
        Assert.Null(stored.ErrorCode);
    }

    [Fact]
    public async Task Extending_a_lease_only_touches_the_owners_rows()
    {
        var mine = await EnqueueOneAsync();
        await ClaimAsync(1, owner: "worker-1");
        var theirs = await EnqueueOneAsync();
        await ClaimAsync(1, owner: "worker-2");
        var free = await EnqueueOneAsync(dueAt: T0 + 60_000);

        await Queue.ExtendLeaseAsync("worker-1", [mine.Id, theirs.Id, free.Id], T0 + 90_000);

        Assert.Equal(T0 + 90_000, (await OutboxAsync(mine.Id))!.LeaseUntil);
        Assert.Equal(T0 + 30_000, (await OutboxAsync(theirs.Id))!.LeaseUntil);
        Assert.Null((await OutboxAsync(free.Id))!.LeaseUntil);
        var later = Ids(await ClaimAsync(10, now: T0 + 60_000, owner: "worker-3"));
        Assert.DoesNotContain(mine.Id, later);
        Assert.Contains(theirs.Id, later);
    }

    /// <summary>A provider callback, applied while the worker was still sending, moved the message on (as the status ingestor writes it).</summary>
    private async Task CallbackMovedAsync(string id, string status, string? errorClass = null, string? code = null, string? message = null)
    {
        await using var c = await Db.OpenAsync();
        await c.ExecuteAsync(
            "UPDATE messages SET status = @status, error_class = @errorClass, error_code = @code, error_message = @message WHERE id = @id",
            new { id, status, errorClass, code, message });
    }
}

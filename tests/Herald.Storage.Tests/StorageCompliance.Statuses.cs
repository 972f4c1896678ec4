using Herald.Domain.Messages;
using Herald.Engine.Statuses;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    [Fact]
    public async Task Statuses_never_move_backwards()
    {
        var m = await SentAsync();

        var applied = await IngestAsync(
            new StatusUpdate(m.Id, MessageStatus.Delivered, At(20), "provider"),
            new StatusUpdate(m.Id, MessageStatus.Sent, At(30), "provider"));

        Assert.Equal(1, applied);
        Assert.Equal("delivered", (await MessageAsync(m.Id)).Status);
        Assert.Equal(["sent", "delivered"], (await TimelineAsync(m.Id)).Where(t => t is "sent" or "delivered"));
    }

    [Fact]
    public async Task Out_of_order_statuses_in_one_batch_are_applied_in_provider_time_order()
    {
        var m = await SendingAsync();

        var applied = await IngestAsync(
            new StatusUpdate(m.Id, MessageStatus.Read, At(30), "provider"),
            new StatusUpdate(m.Id, MessageStatus.Sent, At(10), "provider"),
            new StatusUpdate(m.Id, MessageStatus.Delivered, At(20), "provider"));

        Assert.Equal(3, applied);
        Assert.Equal("read", (await MessageAsync(m.Id)).Status);
        var events = (await Messages.GetEventsAsync(m.Id)).Where(e => e.Type is "sent" or "delivered" or "read").ToList();
        Assert.Equal(["sent", "delivered", "read"], events.Select(e => e.Type));
        Assert.Equal([At(10), At(20), At(30)], events.Select(e => DateTimeOffset.FromUnixTimeMilliseconds(e.At)));
    }

    [Fact]
    public async Task Duplicate_statuses_are_ignored()
    {
        var m = await SendingAsync();

        var first = await IngestAsync(new StatusUpdate(m.Id, MessageStatus.Sent, At(10), "provider"));
        var again = await IngestAsync(
            new StatusUpdate(m.Id, MessageStatus.Sent, At(10), "provider"),
            new StatusUpdate(m.Id, MessageStatus.Sent, At(11), "provider"));

        Assert.Equal((1, 0), (first, again));
        Assert.Equal("sent", (await MessageAsync(m.Id)).Status);
        Assert.Single(await TimelineAsync(m.Id), t => t == "sent");
    }

    [Fact]
    public async Task Read_after_sent_adds_an_implied_delivered_event()
    {
        var m = await SentAsync();

        await IngestAsync(new StatusUpdate(m.Id, MessageStatus.Read, At(40), "provider"));

        Assert.Equal("read", (await MessageAsync(m.Id)).Status);
        var events = await Messages.GetEventsAsync(m.Id);
        Assert.Equal(["delivered", "read"], events.TakeLast(2).Select(e => e.Type));
        Assert.All(events.TakeLast(2), e => Assert.Equal(At(40).ToUnixTimeMilliseconds(), e.At));
        Assert.Contains("implied_by", events[^2].Detail, StringComparison.Ordinal);

        await IngestAsync(new StatusUpdate(m.Id, MessageStatus.Delivered, At(35), "provider"));
        Assert.Single(await TimelineAsync(m.Id), t => t == "delivered");
    }

    [Fact]
    public async Task Failed_after_delivered_is_recorded_as_a_late_failure()
    {
        var m = await SentAsync();
        await IngestAsync(new StatusUpdate(m.Id, MessageStatus.Delivered, At(20), "provider"));

        var applied = await IngestAsync(
            new StatusUpdate(m.Id, MessageStatus.Failed, At(30), "provider", ErrorClass.Permanent, "131026", "Message undeliverable"));

        Assert.Equal(1, applied);
        var stored = await MessageAsync(m.Id);
        Assert.Equal("delivered", stored.Status);
        Assert.Equal(1, stored.LateFailure);
        Assert.Equal("131026", stored.ErrorCode);
        Assert.Equal("failed_after_delivery", (await TimelineAsync(m.Id))[^1]);
    }

    [Fact]
    public async Task A_duplicate_late_failure_is_recorded_once()
    {
        var m = await SentAsync();
        await IngestAsync(new StatusUpdate(m.Id, MessageStatus.Delivered, At(20), "provider"));
        var failure = new StatusUpdate(m.Id, MessageStatus.Failed, At(30), "provider", ErrorClass.Permanent, "131026", "Message undeliverable");
        await IngestAsync(failure);

        var again = await IngestAsync(failure);

        Assert.Equal(0, again);
        Assert.Single(await TimelineAsync(m.Id), t => t == "failed_after_delivery");
    }

    [Fact]
    public async Task A_failure_before_delivery_ends_the_message_with_its_error()
    {
        var m = await SentAsync();

        await IngestAsync(new StatusUpdate(m.Id, MessageStatus.Failed, At(20), "provider", ErrorClass.Permanent, "30003", "Unreachable"));
        await IngestAsync(new StatusUpdate(m.Id, MessageStatus.Delivered, At(30), "provider"));

        var stored = await MessageAsync(m.Id);
        Assert.Equal("failed", stored.Status);
        Assert.Equal(("permanent", "30003", "Unreachable"), (stored.ErrorClass, stored.ErrorCode, stored.ErrorMessage));
        Assert.Equal(0, stored.LateFailure);
    }

    [Fact]
    public async Task A_send_failed_in_doubt_moves_forward_when_the_provider_reports_delivery()
    {
        var m = await SendingAsync();
        await Queue.FinishAsync([new DispatchOutcome(m.Id, "failed", 1, ErrorClass: "in_doubt", ErrorCode: "in_doubt", InDoubt: true)], T0 + 10);

        var applied = await IngestAsync(new StatusUpdate(m.Id, MessageStatus.Delivered, At(20), "provider"));

        Assert.Equal(1, applied);
        var stored = await MessageAsync(m.Id);
        Assert.Equal("delivered", stored.Status);
        Assert.Equal(0, stored.InDoubt);
        Assert.Equal((null, null, null), (stored.ErrorClass, stored.ErrorCode, stored.ErrorMessage)); // the in-doubt note is gone
        Assert.Equal("delivered", (await TimelineAsync(m.Id))[^1]);
    }

    [Fact]
    public async Task A_plain_failure_is_final_even_when_delivery_is_reported_later()
    {
        var m = await SendingAsync();
        await Queue.FinishAsync([new DispatchOutcome(m.Id, "failed", 1, ErrorClass: "permanent", ErrorCode: "131026")], T0 + 10);

        var applied = await IngestAsync(new StatusUpdate(m.Id, MessageStatus.Delivered, At(20), "provider"));

        Assert.Equal(0, applied);
        Assert.Equal("failed", (await MessageAsync(m.Id)).Status);
    }

    [Fact]
    public async Task A_status_for_an_unknown_message_is_ignored()
    {
        var applied = await IngestAsync(new StatusUpdate("msg_01JD5X7Q8M4N2P3R5S6T7V8W9X", MessageStatus.Delivered, At(20), "provider"));

        Assert.Equal(0, applied);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM message_events"));
    }

    /// <summary>Applies provider statuses the way a webhook or the sandbox does: in one write transaction.</summary>
    protected async Task<int> IngestAsync(params StatusUpdate[] updates)
    {
        await using var c = await Db.OpenAsync();
        await using var tx = await Db.BeginWriteAsync(c);
        var applied = await StatusIngestor.ApplyAsync(c, tx, updates, T0 + 1_000);
        await tx.CommitAsync();
        return applied;
    }

    /// <summary>A provider timestamp <paramref name="ms"/> milliseconds after <see cref="T0"/>.</summary>
    protected static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(T0 + ms);

    /// <summary>A message a worker has claimed and handed to the provider (its outcome not yet recorded).</summary>
    private async Task<MessageRow> SendingAsync()
    {
        var m = await EnqueueOneAsync();
        await ClaimAsync(10);
        return m;
    }

    /// <summary>A message the provider has accepted and reported sent.</summary>
    private async Task<MessageRow> SentAsync()
    {
        var m = await SendingAsync();
        await Queue.FinishAsync([new DispatchOutcome(m.Id, "sending", 1, ProviderMessageId: "wamid." + m.Id)], T0 + 5);
        await IngestAsync(new StatusUpdate(m.Id, MessageStatus.Sent, At(10), "provider"));
        return m;
    }
}

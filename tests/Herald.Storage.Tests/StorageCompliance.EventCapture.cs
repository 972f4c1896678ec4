using Dapper;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

/// <summary>The triggers that capture changes for customer webhooks, and the leased delivery queue.</summary>
public abstract partial class StorageCompliance
{
    [Fact]
    public async Task Nothing_is_captured_while_no_endpoint_listens()
    {
        var m = await EnqueueOneAsync();
        await AppendEventAsync(m.Id, "delivered");
        await Templates.InsertAsync(Template("tpl_quiet", "quiet", "en"), [SenderStatus("tpl_quiet", "PENDING")]);

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM event_outbox"));
    }

    [Fact]
    public async Task Status_steps_template_statuses_and_finished_broadcasts_are_captured_in_the_same_transaction()
    {
        await AddEndpointAsync("ep_1");
        var m = await EnqueueOneAsync();
        await AppendEventAsync(m.Id, "sending");   // not a customer event
        await AppendEventAsync(m.Id, "delivered");
        await Templates.InsertAsync(Template("tpl_cap", "captured", "en"), [SenderStatus("tpl_cap", "PENDING")]);
        await Templates.SetStatusAsync(SenderStatus("tpl_cap", "APPROVED"));
        await Templates.SetStatusAsync(SenderStatus("tpl_cap", "APPROVED")); // unchanged: nothing new

        await using var c = await Db.OpenAsync();
        var rows = (await c.QueryAsync<EventOutboxRow>("SELECT id, kind, ref_id, type, detail, at FROM event_outbox ORDER BY id")).AsList();
        Assert.Equal(["message:delivered", "template:PENDING", "template:APPROVED"], rows.Select(r => r.Kind + ":" + (r.Detail ?? r.Type)));
        Assert.Equal("tpl_cap snd_wa", rows[1].RefId);

        await using (var tx = await Db.BeginWriteAsync(c))
        {
            await MessageStore.InsertEventsAsync(c, tx, [new EventRow(m.Id, "read", T0, null)]);
            await tx.RollbackAsync(); // the change is undone, and so is its capture
        }
        Assert.Equal(3, await CountAsync("SELECT COUNT(*) FROM event_outbox"));
    }

    [Fact]
    public async Task Due_deliveries_are_leased_once_and_recorded_attempts_reschedule_them()
    {
        var store = new WebhookStore(Db);
        await AddEndpointAsync("ep_2");
        await using (var c = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(c))
        {
            await WebhookStore.InsertDeliveriesAsync(c, tx, [Delivery("msg_a", T0), Delivery("msg_b", T0 + 60_000)]);
            await tx.CommitAsync();
        }

        var first = await store.ClaimDueAsync(T0, T0 + 30_000, 10);
        var again = await store.ClaimDueAsync(T0 + 1, T0 + 30_000, 10);
        await store.RecordAsync([new WebhookAttemptResult("msg_a", T0 + 5, 500, "HTTP 500", 12, "oops", "delivered", 1, null)], lease: T0 + 1);
        Assert.Equal("pending", (await store.GetDeliveryAsync(WorkspaceA, "ep_2", "msg_a"))!.Status); // not our lease: nothing recorded
        Assert.Empty(await store.AttemptsAsync("msg_a"));
        await store.RecordAsync([new WebhookAttemptResult("msg_a", T0 + 5, 500, "HTTP 500", 12, "oops", "pending", 1, T0 + 5_000)], lease: T0 + 30_000);
        var later = await store.ClaimDueAsync(T0 + 60_000, T0 + 90_000, 10);

        Assert.Equal(["msg_a"], first.Select(d => d.Id));
        Assert.Empty(again);
        Assert.Equal(["msg_a", "msg_b"], later.Select(d => d.Id).Order(StringComparer.Ordinal));
        var attempt = Assert.Single(await store.AttemptsAsync("msg_a"));
        Assert.Equal((1L, 500L), (attempt.Attempt, attempt.StatusCode!.Value));
        Assert.True(await store.ReplayAsync(WorkspaceA, "ep_2", "msg_a", T0 + 200_000));
        Assert.Null(await store.GetDeliveryAsync(WorkspaceB, "ep_2", "msg_a"));
    }

    [Fact]
    public async Task Finished_deliveries_are_forgotten_after_their_keep_time_pending_ones_never()
    {
        var store = new WebhookStore(Db);
        await using (var c = await Db.OpenAsync())
        await using (var tx = await Db.BeginWriteAsync(c))
        {
            await WebhookStore.InsertDeliveriesAsync(c, tx, [Delivery("msg_old", T0), Delivery("msg_waiting", T0)]);
            await tx.CommitAsync();
        }
        await store.RecordAsync([new WebhookAttemptResult("msg_old", T0 + 1, 200, null, 3, "ok", "delivered", 1, null)]);

        Assert.Equal(1, await store.PurgeFinishedAsync(T0 + 10));

        Assert.Null(await store.GetDeliveryAsync(WorkspaceA, "ep_2", "msg_old"));
        Assert.Empty(await store.AttemptsAsync("msg_old"));
        Assert.NotNull(await store.GetDeliveryAsync(WorkspaceA, "ep_2", "msg_waiting"));
    }

    private async Task AddEndpointAsync(string id) =>
        await new WebhookStore(Db).InsertEndpointAsync(new WebhookEndpointRow
        {
            Id = id, WorkspaceId = WorkspaceA, Url = "https://example.com/h", EventTypes = "*", Secret = "v1:x", CreatedAt = T0, UpdatedAt = T0,
        });

    private async Task AppendEventAsync(string messageId, string type)
    {
        await using var c = await Db.OpenAsync();
        await using var tx = await Db.BeginWriteAsync(c);
        await MessageStore.InsertEventsAsync(c, tx, [new EventRow(messageId, type, T0, null)]);
        await tx.CommitAsync();
    }

    private static WebhookDeliveryRow Delivery(string id, long due) => new()
    {
        Id = id, WorkspaceId = WorkspaceA, Target = "ep_2", EventType = "message.received", Payload = "{}", Status = "pending",
        NextAttemptAt = due, CreatedAt = T0, UpdatedAt = T0,
    };
}

using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    [Fact]
    public async Task The_sandbox_accepts_a_message_id_once_and_reports_a_resend_as_existing()
    {
        var first = await Sandbox.AcceptAsync([Delivery("msg_1"), Delivery("msg_2")]);
        await AdvanceSandboxAsync(Delivery("msg_1", stage: 1, nextAt: T0 + 700));

        var again = await Sandbox.AcceptAsync([Delivery("msg_1", nextAt: T0 + 999), Delivery("msg_3")]);

        Assert.Empty(first);
        Assert.Equal(["msg_1"], again);
        Assert.Equal(3, await CountAsync("SELECT COUNT(*) FROM sandbox_deliveries"));
        var resent = await Sandbox.GetAsync("msg_1");
        Assert.Equal((2L, 1L, (long?)(T0 + 700)), (resent?.SendAttempts, resent?.Stage, resent?.NextAt));
        Assert.Equal(1, (await Sandbox.GetAsync("msg_3"))?.SendAttempts);
    }

    [Fact]
    public async Task Concurrent_accepts_of_the_same_messages_never_fail_and_keep_one_row_each()
    {
        var ids = Enumerable.Range(0, 50).Select(i => $"msg_{i:D3}").ToList();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => Sandbox.AcceptAsync(ids.Select(id => Delivery(id)).ToList()))));

        Assert.Equal(50, await CountAsync("SELECT COUNT(*) FROM sandbox_deliveries"));
        Assert.Equal(200, await CountAsync("SELECT SUM(send_attempts) FROM sandbox_deliveries"));
        Assert.Equal(150, results.Sum(r => r.Count));
    }

    [Fact]
    public async Task The_sandbox_reports_what_is_due_earliest_first()
    {
        await Sandbox.AcceptAsync([Delivery("msg_late", nextAt: T0 + 500), Delivery("msg_early", nextAt: T0 + 100), Delivery("msg_later", nextAt: T0 + 900)]);
        await AdvanceSandboxAsync(Delivery("msg_later", stage: 3, nextAt: null));

        var due = await Sandbox.DueAsync(T0 + 500, 10);

        Assert.Equal(["msg_early", "msg_late"], due.Select(d => d.MessageId));
        Assert.Equal(T0 + 100, await Sandbox.NextDueAsync());
    }

    private async Task AdvanceSandboxAsync(params SandboxDeliveryRow[] rows)
    {
        await using var c = await Db.OpenAsync();
        await using var tx = await Db.BeginWriteAsync(c);
        await SandboxStore.AdvanceAsync(c, tx, rows);
        await tx.CommitAsync();
    }

    private static SandboxDeliveryRow Delivery(string messageId, long stage = 0, long? nextAt = T0 + 300) => new()
    {
        MessageId = messageId, SenderId = "snd_sandbox", Phone = "+14155550100", Behaviour = "Normal", Stage = stage,
        NextAt = nextAt, AcceptedAt = T0,
    };
}

using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    private const string Phone = "+14155550100";

    [Fact]
    public async Task Consent_is_one_row_per_workspace_phone_and_channel_and_the_latest_change_wins()
    {
        await WriteStateAsync((c, tx) => StateStore.SetConsentAsync(c, tx, Consent("sms", optedOut: 1, at: T0, "keyword:STOP")));
        await WriteStateAsync((c, tx) => StateStore.SetConsentAsync(c, tx, Consent("whatsapp", optedOut: 1, at: T0, "api")));

        await WriteStateAsync((c, tx) => StateStore.SetConsentAsync(c, tx, Consent("sms", optedOut: 0, at: T0 + 1_000, "keyword:START")));

        var rows = (await State.ConsentsAsync(WorkspaceA, Phone)).OrderBy(r => r.Channel, StringComparer.Ordinal).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(("sms", 0L, T0 + 1_000, "keyword:START"), (rows[0].Channel, rows[0].OptedOut, rows[0].ChangedAt, rows[0].Source));
        Assert.Equal(("whatsapp", 1L), (rows[1].Channel, rows[1].OptedOut));
        Assert.Empty(await State.ConsentsAsync(WorkspaceB, Phone));
    }

    [Fact]
    public async Task An_older_consent_change_arriving_late_does_not_undo_a_newer_one()
    {
        await WriteStateAsync((c, tx) => StateStore.SetConsentAsync(c, tx, Consent("sms", optedOut: 1, at: T0 + 2_000, "keyword:STOP")));

        await WriteStateAsync((c, tx) => StateStore.SetConsentAsync(c, tx, Consent("sms", optedOut: 0, at: T0 + 1_000, "keyword:START")));

        var row = Assert.Single(await State.ConsentsAsync(WorkspaceA, Phone));
        Assert.Equal((1L, T0 + 2_000, "keyword:STOP"), (row.OptedOut, row.ChangedAt, row.Source));
    }

    [Fact]
    public async Task An_inbound_without_overwrite_keeps_the_latest_time()
    {
        await WriteStateAsync((c, tx) => StateStore.RecordInboundAsync(c, tx, WorkspaceA, Sender, Phone, T0 + 5_000, overwrite: false));

        await WriteStateAsync((c, tx) => StateStore.RecordInboundAsync(c, tx, WorkspaceA, Sender, Phone, T0 + 1_000, overwrite: false));

        Assert.Equal(T0 + 5_000, (await ConversationAsync()).LastInboundAt);
        await WriteStateAsync((c, tx) => StateStore.RecordInboundAsync(c, tx, WorkspaceA, Sender, Phone, T0 + 9_000, overwrite: false));
        Assert.Equal(T0 + 9_000, (await ConversationAsync()).LastInboundAt);
    }

    [Fact]
    public async Task An_inbound_with_overwrite_sets_the_given_time_even_an_older_one()
    {
        await WriteStateAsync((c, tx) => StateStore.RecordInboundAsync(c, tx, WorkspaceA, Sender, Phone, T0 + 5_000, overwrite: false));

        await WriteStateAsync((c, tx) => StateStore.RecordInboundAsync(c, tx, WorkspaceA, Sender, Phone, T0 - Day, overwrite: true));

        Assert.Equal(T0 - Day, (await ConversationAsync()).LastInboundAt);
    }

    [Fact]
    public async Task Business_messages_are_counted_and_an_inbound_resets_the_counters()
    {
        (string, string, string)[] one = [(WorkspaceA, Sender, Phone)];
        await WriteStateAsync((c, tx) => StateStore.CountBusinessMessagesAsync(c, tx, one));
        await WriteStateAsync((c, tx) => StateStore.CountBusinessMessagesAsync(c, tx, [.. one, .. one]));

        var counted = await ConversationAsync();
        Assert.Equal((3L, 3L, (long?)null), (counted.SinceInbound, counted.InARow, counted.LastInboundAt));

        await WriteStateAsync((c, tx) => StateStore.RecordInboundAsync(c, tx, WorkspaceA, Sender, Phone, T0, overwrite: false));
        var reset = await ConversationAsync();
        Assert.Equal((0L, 0L, (long?)T0), (reset.SinceInbound, reset.InARow, reset.LastInboundAt));

        await WriteStateAsync((c, tx) => StateStore.CountBusinessMessagesAsync(c, tx, one));
        var after = await ConversationAsync();
        Assert.Equal((1L, 1L, (long?)T0), (after.SinceInbound, after.InARow, after.LastInboundAt));
    }

    [Fact]
    public async Task Conversations_are_kept_per_sender_and_read_per_workspace()
    {
        await WriteStateAsync((c, tx) => StateStore.RecordInboundAsync(c, tx, WorkspaceA, "snd_wa", Phone, T0, overwrite: false));
        await WriteStateAsync((c, tx) => StateStore.RecordInboundAsync(c, tx, WorkspaceA, "snd_viber", Phone, T0 + 1, overwrite: false));
        await WriteStateAsync((c, tx) => StateStore.RecordInboundAsync(c, tx, WorkspaceB, "snd_b", Phone, T0 + 2, overwrite: false));

        var mine = await State.ConversationsAsync(WorkspaceA, Phone);

        Assert.Equal(["snd_viber", "snd_wa"], mine.Select(r => r.SenderId).Order(StringComparer.Ordinal));
        Assert.Equal(["snd_b"], (await State.ConversationsAsync(WorkspaceB, Phone)).Select(r => r.SenderId));
    }

    [Fact]
    public async Task A_send_batch_reads_the_state_of_all_its_recipients_at_once()
    {
        await WriteStateAsync((c, tx) => StateStore.RecordInboundAsync(c, tx, WorkspaceA, "snd_wa", Phone, T0, overwrite: false));
        await WriteStateAsync((c, tx) => StateStore.RecordInboundAsync(c, tx, WorkspaceA, "snd_viber", "+14155550101", T0, overwrite: false));
        await WriteStateAsync((c, tx) => StateStore.RecordInboundAsync(c, tx, WorkspaceA, "snd_other", Phone, T0, overwrite: false));
        await WriteStateAsync((c, tx) => StateStore.SetConsentAsync(c, tx, Consent("sms", optedOut: 1, at: T0, "keyword:STOP")));

        await using var c = await Db.OpenAsync();
        var conversations = await StateStore.ConversationsAsync(c, null, ["snd_wa", "snd_viber"], [Phone, "+14155550101", "+14155550102"]);
        var consents = await StateStore.ConsentsAsync(c, null, WorkspaceA, [Phone, "+14155550101"]);

        Assert.Equal([("snd_viber", "+14155550101"), ("snd_wa", Phone)],
            conversations.Select(r => (r.SenderId, r.Phone)).OrderBy(r => r.SenderId, StringComparer.Ordinal));
        Assert.Equal([Phone], consents.Select(r => r.Phone));
        Assert.Empty(await StateStore.ConsentsAsync(c, null, WorkspaceA, []));
    }

    private async Task WriteStateAsync(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task> write)
    {
        await using var c = await Db.OpenAsync();
        await using var tx = await Db.BeginWriteAsync(c);
        await write(c, tx);
        await tx.CommitAsync();
    }

    private async Task<ConversationRow> ConversationAsync() =>
        Assert.Single(await State.ConversationsAsync(WorkspaceA, Phone));

    private static ConsentRow Consent(string channel, long optedOut, long at, string source) => new()
    {
        WorkspaceId = WorkspaceA, Phone = Phone, Channel = channel, OptedOut = optedOut, ChangedAt = at, Source = source,
    };
}

using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    [Fact]
    public async Task Messages_are_listed_newest_first()
    {
        var oldest = NewMessage(createdAt: T0);
        var middle = NewMessage(createdAt: T0 + 1_000);
        var newest = NewMessage(createdAt: T0 + 2_000);
        await WriteAsync([middle, newest, oldest]);

        var listed = await Messages.ListAsync(WorkspaceA, new MessageFilter(), 10);

        Assert.Equal([newest.Id, middle.Id, oldest.Id], listed.Select(m => m.Id));
    }

    [Fact]
    public async Task Each_filter_narrows_the_list_to_the_matching_messages()
    {
        var sms = NewMessage(createdAt: T0);
        var whatsapp = NewMessage(channel: "whatsapp", phone: "+14155550111", sender: "snd_wa", createdAt: T0 + 1_000);
        var marketing = NewMessage(purpose: "marketing", status: "delivered", createdAt: T0 + 2_000);
        var inbound = NewMessage(direction: "inbound", status: "received", createdAt: T0 + 3_000);
        var elsewhere = NewMessage(workspace: WorkspaceB, createdAt: T0 + 4_000);
        await WriteAsync([sms, whatsapp, marketing, inbound, elsewhere]);

        async Task<string[]> List(MessageFilter f) => Ids(await Messages.ListAsync(WorkspaceA, f, 100));

        Assert.Equal(Ids([sms, whatsapp, marketing, inbound]), await List(new MessageFilter()));
        Assert.Equal(Ids([marketing]), await List(new MessageFilter(Status: "delivered")));
        Assert.Equal(Ids([whatsapp]), await List(new MessageFilter(Channel: "whatsapp")));
        Assert.Equal(Ids([whatsapp]), await List(new MessageFilter(Phone: "+14155550111")));
        Assert.Equal(Ids([inbound]), await List(new MessageFilter(Direction: "inbound")));
        Assert.Equal(Ids([marketing]), await List(new MessageFilter(Purpose: "marketing")));
        Assert.Equal(Ids([whatsapp]), await List(new MessageFilter(SenderId: "snd_wa")));
        Assert.Equal(Ids([whatsapp, marketing]), await List(new MessageFilter(CreatedFrom: T0 + 1_000, CreatedTo: T0 + 3_000)));
        Assert.Equal(Ids([sms]), await List(new MessageFilter(Channel: "sms", Purpose: "transactional", Direction: "outbound")));
        Assert.Empty(await List(new MessageFilter(Status: "delivered", Channel: "whatsapp")));
    }

    [Fact]
    public async Task Another_workspaces_messages_are_invisible()
    {
        var theirs = NewMessage(workspace: WorkspaceB);
        await WriteAsync([theirs]);

        Assert.Null(await Messages.GetAsync(WorkspaceA, theirs.Id));
        Assert.Empty(await Messages.ListAsync(WorkspaceA, new MessageFilter(), 10));
        Assert.Empty(await Messages.ListAsync(WorkspaceA, new MessageFilter(Phone: theirs.Phone), 10));
        Assert.NotNull(await Messages.GetAsync(WorkspaceB, theirs.Id));
    }

    [Fact]
    public async Task Paging_by_the_id_cursor_returns_every_message_exactly_once()
    {
        // Several messages share a millisecond, so the order inside one millisecond is the random part of the id.
        var rows = Enumerable.Range(0, 53).Select(i => NewMessage(createdAt: T0 + (i / 3))).ToList();
        await WriteAsync(rows);
        var seen = new List<MessageRow>();

        string? before = null;
        for (var page = 0; page < 20; page++)
        {
            var got = await Messages.ListAsync(WorkspaceA, new MessageFilter(Before: before), 10);
            if (got.Count == 0)
            {
                break;
            }
            Assert.True(got.Count <= 10);
            seen.AddRange(got);
            before = got[^1].Id;
        }

        Assert.Equal(rows.Select(m => m.Id).Order(StringComparer.Ordinal).Reverse(), seen.Select(m => m.Id));
    }

    [Fact]
    public async Task Paging_keeps_working_with_a_filter()
    {
        var rows = Enumerable.Range(0, 25)
            .Select(i => NewMessage(status: i % 2 == 0 ? "delivered" : "failed", createdAt: T0 + i))
            .ToList();
        await WriteAsync(rows);

        var first = await Messages.ListAsync(WorkspaceA, new MessageFilter(Status: "delivered"), 5);
        var second = await Messages.ListAsync(WorkspaceA, new MessageFilter(Before: first[^1].Id, Status: "delivered"), 100);

        Assert.Equal(Ids(rows.Where(m => m.Status == "delivered")), Ids([.. first, .. second]));
        Assert.Equal(5, first.Count);
    }
}

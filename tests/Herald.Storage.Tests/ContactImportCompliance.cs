using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    [Fact]
    public async Task ContactImport_upsert_creates_new_phones_and_merges_into_existing_contacts()
    {
        await Contacts.InsertAsync(new ContactRow
        {
            Id = "ct_old", WorkspaceId = WorkspaceA, Phone = "+14155550100", Name = "Ann", TimeZone = "Europe/Paris",
            Attributes = """{"tier":"gold","city":"Paris"}""", CreatedAt = T0, UpdatedAt = T0,
        });
        var store = new ContactImportStore(Db);

        var created = await store.UpsertAsync(WorkspaceA,
        [
            new ContactUpsert("ct_new1", "+14155550100", null, """{"city":"Lyon","vip":"yes"}""", null),
            new ContactUpsert("ct_new2", "+14155550101", "Bob", """{"city":"Rome"}""", "Europe/Rome"),
            new ContactUpsert("ct_new3", "+14155550102", null, "{}", null),
        ], T0 + 5);

        Assert.Equal(["ct_new2", "ct_new3"], created.Order(StringComparer.Ordinal));
        var old = await Contacts.GetAsync(WorkspaceA, "ct_old");
        Assert.NotNull(old);
        Assert.Equal(("Ann", "Europe/Paris", T0, T0 + 5), (old.Name, old.TimeZone, old.CreatedAt, old.UpdatedAt)); // nulls keep the stored values
        Assert.Equal(new Dictionary<string, string> { ["tier"] = "gold", ["city"] = "Lyon", ["vip"] = "yes" }, Attributes(old));
        Assert.Null(await Contacts.GetAsync(WorkspaceA, "ct_new1"));
        var bob = await Contacts.ByPhoneAsync(WorkspaceA, "+14155550101");
        Assert.Equal(("ct_new2", "Bob", "Europe/Rome", T0 + 5, T0 + 5), (bob?.Id, bob?.Name, bob?.TimeZone, bob?.CreatedAt, bob?.UpdatedAt));
        Assert.Equal(new Dictionary<string, string> { ["city"] = "Rome" }, Attributes(bob!));
        Assert.Equal("{}", (await Contacts.ByPhoneAsync(WorkspaceA, "+14155550102"))?.Attributes.Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ContactImport_upsert_replaces_name_and_time_zone_when_given_and_stays_in_its_workspace()
    {
        var store = new ContactImportStore(Db);
        await store.UpsertAsync(WorkspaceB, [new ContactUpsert("ct_b", "+14155550100", "Other", """{"a":"1"}""", null)], T0);
        await store.UpsertAsync(WorkspaceA, [new ContactUpsert("ct_a", "+14155550100", "Ann", """{"a":"1"}""", "UTC")], T0);

        var created = await store.UpsertAsync(WorkspaceA, [new ContactUpsert("ct_x", "+14155550100", "Ann B", """{"b":"2"}""", "Asia/Tokyo")], T0 + 1);

        Assert.Empty(created);
        var a = await Contacts.ByPhoneAsync(WorkspaceA, "+14155550100");
        Assert.Equal(("ct_a", "Ann B", "Asia/Tokyo"), (a?.Id, a?.Name, a?.TimeZone));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, Attributes(a!));
        var b = await Contacts.ByPhoneAsync(WorkspaceB, "+14155550100");
        Assert.Equal(("ct_b", "Other", null), (b?.Id, b?.Name, b?.TimeZone));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1" }, Attributes(b!));
        Assert.Empty(await store.UpsertAsync(WorkspaceA, [], T0 + 2));
    }

    [Fact]
    public async Task ContactImport_upsert_writes_a_large_batch_in_one_call()
    {
        var store = new ContactImportStore(Db);
        var rows = Enumerable.Range(0, 3_000)
            .Select(i => new ContactUpsert($"ct_{i:D5}", $"+1415200{i:D4}", $"N{i}", $$"""{"i":"{{i}}","q":"a \"quoted\" value"}""", null))
            .ToList();

        var created = await store.UpsertAsync(WorkspaceA, rows, T0);
        var again = await store.UpsertAsync(WorkspaceA, rows.Select(r => r with { Id = "x" + r.Id }).ToList(), T0 + 1);

        Assert.Equal(3_000, created.Count);
        Assert.Empty(again);
        Assert.Equal(3_000, await CountAsync("SELECT COUNT(*) FROM contacts WHERE workspace_id = 'ws_a'"));
        var one = await Contacts.ByPhoneAsync(WorkspaceA, "+14152001234");
        Assert.Equal(("ct_01234", "N1234"), (one?.Id, one?.Name));
        Assert.Equal("a \"quoted\" value", Attributes(one!)["q"]);
    }

    private static Dictionary<string, string> Attributes(ContactRow row) =>
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(row.Attributes)!;
}

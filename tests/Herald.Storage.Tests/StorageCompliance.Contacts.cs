using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    [Fact]
    public async Task A_phone_is_one_contact_per_workspace()
    {
        Assert.True(await Contacts.InsertAsync(Contact("con_1", "+14155550100")));

        Assert.False(await Contacts.InsertAsync(Contact("con_2", "+14155550100")));
        Assert.True(await Contacts.InsertAsync(Contact("con_3", "+14155550100", WorkspaceB)));

        Assert.Null(await Contacts.GetAsync(WorkspaceA, "con_2"));
        Assert.Equal("con_1", (await Contacts.ByPhoneAsync(WorkspaceA, "+14155550100"))?.Id);
        Assert.Equal("con_3", (await Contacts.ByPhoneAsync(WorkspaceB, "+14155550100"))?.Id);
    }

    [Fact]
    public async Task Contact_reads_and_writes_are_scoped_by_workspace()
    {
        await Contacts.InsertAsync(Contact("con_b", "+14155550100", WorkspaceB));

        Assert.Null(await Contacts.GetAsync(WorkspaceA, "con_b"));
        Assert.Null(await Contacts.ByPhoneAsync(WorkspaceA, "+14155550100"));
        Assert.Empty(await Contacts.ListAsync(WorkspaceA, null, null, 10));
        Assert.False(await Contacts.UpdateAsync(Contact("con_b", "+14155550199", WorkspaceA)));
        Assert.False(await Contacts.DeleteAsync(WorkspaceA, "con_b"));
        Assert.Equal("+14155550100", (await Contacts.GetAsync(WorkspaceB, "con_b"))?.Phone);
    }

    [Fact]
    public async Task A_contact_is_updated_and_deleted_in_its_workspace()
    {
        await Contacts.InsertAsync(Contact("con_1", "+14155550100"));
        var changed = Contact("con_1", "+14155550101");
        changed.Name = "Ada";
        changed.TimeZone = "Europe/Paris";
        changed.Attributes = """{"tier":"gold"}""";
        changed.UpdatedAt = T0 + 1;

        Assert.True(await Contacts.UpdateAsync(changed));

        var stored = await Contacts.GetAsync(WorkspaceA, "con_1");
        Assert.Equal(("+14155550101", "Ada", "Europe/Paris", """{"tier":"gold"}""", T0, T0 + 1),
            (stored?.Phone, stored?.Name, stored?.TimeZone, stored?.Attributes, stored?.CreatedAt, stored?.UpdatedAt));
        Assert.True(await Contacts.DeleteAsync(WorkspaceA, "con_1"));
        Assert.Null(await Contacts.GetAsync(WorkspaceA, "con_1"));
    }

    [Fact]
    public async Task Contacts_are_listed_in_pages_by_id_and_filtered_by_phone()
    {
        foreach (var i in Enumerable.Range(1, 5))
        {
            await Contacts.InsertAsync(Contact($"con_{i}", $"+1415555010{i}"));
        }

        var first = await Contacts.ListAsync(WorkspaceA, null, null, 3);
        var rest = await Contacts.ListAsync(WorkspaceA, first[^1].Id, null, 3);
        var byPhone = await Contacts.ListAsync(WorkspaceA, null, "+14155550104", 3);

        Assert.Equal(["con_1", "con_2", "con_3", "con_4", "con_5"], first.Concat(rest).Select(c => c.Id));
        Assert.Equal(["con_4"], byPhone.Select(c => c.Id));
    }

    [Fact]
    public async Task Contacts_are_searched_by_a_part_of_the_name_in_any_case_or_of_the_number()
    {
        var names = new[] { ("con_1", "+14155550101", "Ann Lee"), ("con_2", "+14155550102", "Bob Annett"), ("con_3", "+447700900123", "Zed"),
            ("con_4", "+14155550104", "100%_sure") };
        foreach (var (id, phone, name) in names)
        {
            var row = Contact(id, phone);
            row.Name = name;
            await Contacts.InsertAsync(row);
        }
        var other = Contact("con_b", "+14155550199", WorkspaceB);
        other.Name = "Anna Other";
        await Contacts.InsertAsync(other);

        Assert.Equal(["con_1", "con_2"], (await Contacts.ListAsync(WorkspaceA, null, null, 10, search: "ANN")).Select(c => c.Id));
        Assert.Equal(["con_3"], (await Contacts.ListAsync(WorkspaceA, null, null, 10, search: "7700 900")).Select(c => c.Id));
        Assert.Equal(["con_4"], (await Contacts.ListAsync(WorkspaceA, null, null, 10, search: "0%_")).Select(c => c.Id)); // % and _ are literal
        Assert.Empty(await Contacts.ListAsync(WorkspaceA, null, null, 10, search: "nobody"));
    }

    [Fact]
    public async Task Time_zones_are_read_for_a_batch_of_phones_in_one_workspace()
    {
        var paris = Contact("con_1", "+33612345678");
        paris.TimeZone = "Europe/Paris";
        var other = Contact("con_2", "+33612345679", WorkspaceB);
        other.TimeZone = "Europe/Berlin";
        await Contacts.InsertAsync(paris);
        await Contacts.InsertAsync(other);
        await Contacts.InsertAsync(Contact("con_3", "+14155550100"));

        await using var c = await Db.OpenAsync();
        var zones = await ContactQueries.TimeZonesAsync(c, null, WorkspaceA, ["+33612345678", "+33612345679", "+14155550100"]);

        Assert.Equal(new Dictionary<string, string> { ["+33612345678"] = "Europe/Paris" }, zones);
    }

    private static ContactRow Contact(string id, string phone, string workspace = WorkspaceA) => new()
    {
        Id = id, WorkspaceId = workspace, Phone = phone, Attributes = "{}", CreatedAt = T0, UpdatedAt = T0,
    };
}

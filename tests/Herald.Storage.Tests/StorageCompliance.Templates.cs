using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Storage.Tests;

public abstract partial class StorageCompliance
{
    [Fact]
    public async Task A_template_name_and_language_is_unique_per_workspace()
    {
        Assert.True(await Templates.InsertAsync(Template("tpl_1", "order_shipped", "en_US"), [SenderStatus("tpl_1")]));

        Assert.False(await Templates.InsertAsync(Template("tpl_2", "order_shipped", "en_US"), [SenderStatus("tpl_2")]));
        Assert.True(await Templates.InsertAsync(Template("tpl_3", "order_shipped", "fr"), []));
        Assert.True(await Templates.InsertAsync(Template("tpl_4", "order_shipped", "en_US", WorkspaceB), []));

        Assert.Null(await Templates.GetAsync(WorkspaceA, "tpl_2"));
        Assert.Empty(await Templates.StatusesAsync(["tpl_2"]));
        Assert.Equal(["tpl_1", "tpl_3"], (await Templates.ListAsync(WorkspaceA, null, 10)).Select(t => t.Id));
    }

    [Fact]
    public async Task Template_reads_and_writes_are_scoped_by_workspace()
    {
        await Templates.InsertAsync(Template("tpl_b", "promo", "en", WorkspaceB), [SenderStatus("tpl_b")]);

        Assert.Null(await Templates.GetAsync(WorkspaceA, "tpl_b"));
        Assert.Empty(await Templates.ListAsync(WorkspaceA, null, 10));
        Assert.False(await Templates.UpdateAsync(Template("tpl_b", "promo", "en", WorkspaceA), [SenderStatus("tpl_b", "PAUSED")]));
        Assert.False(await Templates.DeleteAsync(WorkspaceA, "tpl_b"));

        var theirs = await Templates.GetAsync(WorkspaceB, "tpl_b");
        Assert.Equal("{\"body\":\"Hello {{1}}\"}", theirs?.Definition);
        Assert.Equal("APPROVED", Assert.Single(await Templates.StatusesAsync(["tpl_b"])).Status);
    }

    [Fact]
    public async Task A_template_status_per_sender_is_upserted()
    {
        await Templates.InsertAsync(Template("tpl_1", "order_shipped", "en_US"), [SenderStatus("tpl_1")]);

        await Templates.SetStatusAsync(new TemplateStatusRow
        {
            TemplateId = "tpl_1", SenderId = "snd_wa", Status = "PAUSED", Quality = "RED", Reason = "low quality", UpdatedAt = T0 + 1,
        });

        var status = Assert.Single(await Templates.StatusesAsync(["tpl_1"]));
        Assert.Equal(("PAUSED", "RED", "low quality", T0 + 1), (status.Status, status.Quality, status.Reason, status.UpdatedAt));
    }

    [Fact]
    public async Task Deleting_a_template_takes_its_statuses_with_it()
    {
        await Templates.InsertAsync(Template("tpl_1", "order_shipped", "en_US"), [SenderStatus("tpl_1")]);

        Assert.True(await Templates.DeleteAsync(WorkspaceA, "tpl_1"));

        Assert.Null(await Templates.GetAsync(WorkspaceA, "tpl_1"));
        Assert.Empty(await Templates.StatusesAsync(["tpl_1"]));
        Assert.True(await Templates.InsertAsync(Template("tpl_2", "order_shipped", "en_US"), []));
    }

    [Fact]
    public async Task Templates_are_listed_in_pages_by_id()
    {
        foreach (var i in Enumerable.Range(1, 5))
        {
            await Templates.InsertAsync(Template($"tpl_{i}", $"template_{i}", "en"), []);
        }

        var first = await Templates.ListAsync(WorkspaceA, null, 2);
        var second = await Templates.ListAsync(WorkspaceA, first[^1].Id, 2);
        var third = await Templates.ListAsync(WorkspaceA, second[^1].Id, 2);

        Assert.Equal(["tpl_1", "tpl_2", "tpl_3", "tpl_4", "tpl_5"], first.Concat(second).Concat(third).Select(t => t.Id));
    }

    [Fact]
    public async Task A_send_batch_finds_its_templates_by_name_in_its_own_workspace()
    {
        await Templates.InsertAsync(Template("tpl_1", "order_shipped", "en_US"), [SenderStatus("tpl_1")]);
        await Templates.InsertAsync(Template("tpl_2", "order_shipped", "fr"), []);
        await Templates.InsertAsync(Template("tpl_3", "promo", "en_US"), [SenderStatus("tpl_3", "PAUSED")]);
        await Templates.InsertAsync(Template("tpl_b", "order_shipped", "en_US", WorkspaceB), []);

        await using var c = await Db.OpenAsync();
        var found = await TemplateStore.ByNamesAsync(c, null, WorkspaceA, ["order_shipped", "promo", "missing"]);
        var statuses = await TemplateStore.StatusesAsync(c, null, ["tpl_1", "tpl_3"]);

        Assert.Equal(["tpl_1", "tpl_2", "tpl_3"], found.Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.Equal([("tpl_1", "APPROVED"), ("tpl_3", "PAUSED")], statuses.Select(s => (s.TemplateId, s.Status)).OrderBy(s => s.TemplateId, StringComparer.Ordinal));
    }

    private static TemplateRow Template(string id, string name, string language, string workspace = WorkspaceA) => new()
    {
        Id = id, WorkspaceId = workspace, Name = name, Language = language, Category = "UTILITY",
        Definition = "{\"body\":\"Hello {{1}}\"}", CreatedAt = T0, UpdatedAt = T0,
    };

    private static TemplateStatusRow SenderStatus(string templateId, string status = "APPROVED") => new()
    {
        TemplateId = templateId, SenderId = "snd_wa", Status = status, Quality = "GREEN", UpdatedAt = T0,
    };
}

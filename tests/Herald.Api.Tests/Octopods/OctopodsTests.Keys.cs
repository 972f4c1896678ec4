using Herald.Domain;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Api.Tests.Octopods;

public abstract partial class OctopodsTests
{
    [Fact]
    public async Task A_channel_key_sends_only_from_its_sender_on_both_apis()
    {
        var sms = (await SenderAsync("sms")).GetProperty("id").GetString()!;
        var whatsapp = (await SenderAsync("whatsapp")).GetProperty("id").GetString()!;
        var created = await NativePostAsync("/v1/api-keys", new { name = "sms channel key", scopes = new[] { "messages:write", "messages:read", "templates:read" }, sender_id = sms });
        Assert.Equal(201, created.Status);
        Assert.Equal(sms, created.Str("sender_id"));
        var key = created.Str("key");

        var phone = Herald.NewPhone();
        var message = await MessageAsync(AssertSent(await OctoPostAsync("/api/v1/sms/messages", new { destination_phone = phone, body = "Hi" }, key), phone));
        Assert.Equal(sms, message.GetProperty("sender").GetString());

        var id = await BodyOnlyTemplateAsync();
        Assert.Empty((await OctoGetAsync("/api/v1/whatsapp/templates", key)).Json.EnumerateArray());
        AssertOctopodsError(await OctoPostAsync($"/api/v1/whatsapp/templates/{id}/messages",
            new { destination_phone = Herald.NewPhone(), message_variables = new[] { "Alex", "1234" } }, key), 10, "sender_channel_mismatch");

        var other = await NativePostAsync("/v1/messages", new { to = Herald.NewPhone(), channel = "whatsapp", sender = whatsapp, text = "Hi" }, key);
        Assert.Equal(403, other.Status);
        Assert.Equal("sender_not_allowed", other.Code);
        var own = await NativePostAsync("/v1/messages", new { to = Herald.NewPhone(), text = "Hi" }, key);
        Assert.Equal(202, own.Status);
        Assert.Equal(sms, own.Str("sender"));
        var listed = await NativeGetAsync("/v1/api-keys");
        Assert.Contains(listed.Json.EnumerateArray(), k => k.TryGetProperty("sender_id", out var s) && s.GetString() == sms);
    }

    [Fact]
    public async Task A_channel_key_cannot_mint_or_rotate_a_key_that_escapes_its_sender()
    {
        var sms = (await SenderAsync("sms")).GetProperty("id").GetString()!;
        var whatsapp = (await SenderAsync("whatsapp")).GetProperty("id").GetString()!;
        var manager = (await NativePostAsync("/v1/api-keys", new { name = UniqueName("sms manager"), scopes = new[] { "keys:manage", "messages:write" }, sender_id = sms })).Str("key");
        var workspaceKey = await NativePostAsync("/v1/api-keys", new { name = UniqueName("workspace"), scopes = new[] { "messages:write" } });

        var unbound = await NativePostAsync("/v1/api-keys", new { name = "escape", scopes = new[] { "messages:write" } }, manager);
        var elsewhere = await NativePostAsync("/v1/api-keys", new { name = "escape", scopes = new[] { "messages:write" }, sender_id = whatsapp }, manager);
        var rotated = await NativePostAsync($"/v1/api-keys/{workspaceKey.Str("id")}/rotate", new { }, manager);
        var own = await NativePostAsync("/v1/api-keys", new { name = "same sender", scopes = new[] { "messages:write" }, sender_id = sms }, manager);

        Assert.Equal((403, "sender_not_allowed"), (unbound.Status, unbound.Code));
        Assert.Equal((403, "sender_not_allowed"), (elsewhere.Status, elsewhere.Code));
        Assert.Equal((403, "sender_not_allowed"), (rotated.Status, rotated.Code));
        Assert.Equal(201, own.Status);
        Assert.Equal(sms, own.Str("sender_id"));
    }

    [Fact]
    public async Task A_key_for_a_sender_of_another_workspace_is_refused()
    {
        var (_, otherKey) = await Herald.CreateWorkspaceAsync(UniqueName("octo_other"));
        var foreign = (await SenderAsync("sms", otherKey)).GetProperty("id").GetString()!;
        var reply = await NativePostAsync("/v1/api-keys", new { name = "foreign", scopes = new[] { "messages:write" }, sender_id = foreign });
        Assert.Equal(400, reply.Status);
        Assert.Equal("sender_not_found", reply.Code);
    }

    [Fact]
    public async Task Open_intercom_conversation_records_the_intercom_origin_and_sends_without_an_integration_too()
    {
        var (workspace, key) = await Herald.CreateWorkspaceAsync(UniqueName("octo_intercom"));
        var phone = Herald.NewPhone();
        var plain = AssertSent(await OctoPostAsync("/api/v1/sms/messages",
            new { destination_phone = phone, body = "Hi", open_intercom_conversation = true }, key), phone);
        var store = Herald.Host.Services.GetRequiredService<MessageStore>();
        Assert.Null((await store.GetAsync(workspace, plain))!.Origin);

        var now = Herald.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var integration = HeraldId.New("int", Herald.Clock.GetUtcNow());
        await Herald.Host.Services.GetRequiredService<IntegrationStore>().InsertAsync(new IntegrationRow
        {
            Id = integration, WorkspaceId = workspace, Kind = "intercom", Name = "Intercom", ClientSecret = "s", CreatedAt = now, UpdatedAt = now,
        });
        phone = Herald.NewPhone();
        var sent = AssertSent(await OctoPostAsync("/api/v1/sms/messages", $$"""
            {"destination_phone": "{{phone}}", "body": "Hi Jane", "open_intercom_conversation": "yes", "destination_user_name": "Jane Doe", "intercom_teammate_id": 814}
            """, key), phone);

        var origin = System.Text.Json.JsonDocument.Parse((await store.GetAsync(workspace, sent))!.Origin!).RootElement;
        Assert.Equal("intercom", origin.GetProperty("kind").GetString());
        Assert.Equal(integration, origin.GetProperty("integration_id").GetString());
        Assert.True(origin.GetProperty("open_conversation").GetBoolean());
        Assert.Equal(814, origin.GetProperty("admin_id").GetInt32());
        Assert.Equal("Jane Doe", origin.GetProperty("user_name").GetString());
        Assert.Equal("octopods_api", origin.GetProperty("source").GetString());
    }
}

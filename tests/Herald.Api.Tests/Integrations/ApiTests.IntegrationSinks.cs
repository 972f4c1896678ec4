using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Engine.Notifications;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    private IIntegrationSink Sink(string kind) =>
        Herald.Host.Services.GetServices<IIntegrationSink>().Single(s => s.Kind == kind);

    private async Task<(IntegrationRow Row, VendorStandIn Vendor)> SinkSetupAsync(string kind, object settings)
    {
        var vendor = await VendorStandIn.StartAsync();
        Herald.Host.Services.GetRequiredService<IConfiguration>()[
            kind == "intercom" ? "Integrations:Intercom:ApiBaseUrl" : "Integrations:HubSpot:ApiBaseUrl"] = vendor.Url;
        var id = await CreateIntegrationAsync(kind, "sink-secret", settings, token: "vendor-token-9");
        var row = await Herald.Host.Services.GetRequiredService<IntegrationStore>().GetAsync(id);
        return (row!, vendor);
    }

    private static MessageRow SinkMessage(string status = "queued") => new()
    {
        Id = "msg_01SINKTEST", WorkspaceId = "ws", Channel = "whatsapp", Phone = "+447700900123", Kind = "template",
        Body = "Hi Ann, your order A-1 has shipped.", TemplateName = "order_shipped", TemplateLanguage = "en", Status = status,
        ErrorCode = status == "failed" ? "131026" : null, ErrorMessage = status == "failed" ? "Message undeliverable" : null,
    };

    private static JsonObject Origin(string json) => (JsonObject)JsonNode.Parse(json)!;

    [Fact]
    public async Task Integration_intercom_sink_adds_a_note_to_the_conversation_or_opens_one_for_the_contact()
    {
        var (row, vendor) = await SinkSetupAsync("intercom", new { default_admin_id = "999" });
        await using var _v = vendor;
        var sink = Sink("intercom");
        var inbox = Origin($$"""{"kind":"intercom","integration_id":"{{row.Id}}","conversation_id":"1295","contact_id":"6657ad","admin_id":"814860","open_conversation":true,"source":"inbox_app"}""");

        Assert.Null(sink.Prepare(new IntegrationEvent("sent", 1, SinkMessage("sent"), inbox, null)));
        Assert.Null(sink.Prepare(new IntegrationEvent("accepted", 1, SinkMessage(), Origin("""{"kind":"intercom","open_conversation":false}"""), null)));
        var payload = sink.Prepare(new IntegrationEvent("accepted", 1, SinkMessage(), inbox, null));
        Assert.NotNull(payload);

        var result = await sink.DeliverAsync(row, payload, CancellationToken.None);
        Assert.True(result.Delivered, result.Error);
        var note = Assert.Single(vendor.Requests);
        Assert.Equal("/conversations/1295/reply", note.Path);
        Assert.Equal("Bearer vendor-token-9", note.Authorization);
        Assert.False(string.IsNullOrEmpty(note.IntercomVersion));
        using (var doc = JsonDocument.Parse(note.Body))
        {
            Assert.Equal("note", doc.RootElement.GetProperty("message_type").GetString());
            Assert.Equal("admin", doc.RootElement.GetProperty("type").GetString());
            Assert.Equal("814860", doc.RootElement.GetProperty("admin_id").GetString());
            Assert.Contains("Hi Ann, your order A-1 has shipped.", doc.RootElement.GetProperty("body").GetString(), StringComparison.Ordinal);
        }

        // A contact known from the inbox app but no conversation: an admin-initiated conversation with that contact.
        vendor.Requests.Clear();
        var contactOnly = Origin($$"""{"kind":"intercom","integration_id":"{{row.Id}}","conversation_id":null,"contact_id":"6657ad","admin_id":null,"open_conversation":true,"source":"inbox_app"}""");
        var direct = await sink.DeliverAsync(row, sink.Prepare(new IntegrationEvent("accepted", 1, SinkMessage(), contactOnly, null))!, CancellationToken.None);
        Assert.True(direct.Delivered, direct.Error);
        var only = Assert.Single(vendor.Requests);
        Assert.Equal("/messages", only.Path);
        using (var m = JsonDocument.Parse(only.Body))
        {
            Assert.Equal("6657ad", m.RootElement.GetProperty("to").GetProperty("id").GetString());
            Assert.Equal("999", m.RootElement.GetProperty("from").GetProperty("id").GetString());
        }

        // The Octopods-compatible API's shape: no ids; the contact is searched by phone, created with user_name, then messaged.
        vendor.Requests.Clear();
        vendor.Answer = path => path == "/contacts/search" ? (200, """{"type":"list","data":[],"total_count":0}""") : (200, """{"id":"c-new"}""");
        var octopods = Origin($$"""{"kind":"intercom","integration_id":"{{row.Id}}","open_conversation":true,"admin_id":null,"user_name":"Ann Smith","source":"octopods_api"}""");
        var opened = await sink.DeliverAsync(row, sink.Prepare(new IntegrationEvent("accepted", 1, SinkMessage(), octopods, null))!, CancellationToken.None);
        Assert.True(opened.Delivered, opened.Error);
        var calls = vendor.Requests.ToArray();
        Assert.Equal(["/contacts/search", "/contacts", "/messages"], calls.Select(c => c.Path));
        using (var search = JsonDocument.Parse(calls[0].Body))
        {
            var query = search.RootElement.GetProperty("query");
            Assert.Equal("phone", query.GetProperty("field").GetString());
            Assert.Equal("+447700900123", query.GetProperty("value").GetString());
        }
        using (var created = JsonDocument.Parse(calls[1].Body))
        {
            Assert.Equal("Ann Smith", created.RootElement.GetProperty("name").GetString());
            Assert.Equal("+447700900123", created.RootElement.GetProperty("phone").GetString());
        }
        using (var message = JsonDocument.Parse(calls[2].Body))
        {
            Assert.Equal("999", message.RootElement.GetProperty("from").GetProperty("id").GetString());
            Assert.Equal("c-new", message.RootElement.GetProperty("to").GetProperty("id").GetString());
            Assert.True(message.RootElement.GetProperty("create_conversation_without_contact_reply").GetBoolean());
        }
    }

    [Fact]
    public async Task Integration_sinks_classify_vendor_answers_4xx_permanent_429_5xx_and_network_transient()
    {
        var (intercom, vendor) = await SinkSetupAsync("intercom", new { default_admin_id = "999" });
        await using var _v = vendor;
        var (hubspot, hubVendor) = await SinkSetupAsync("hubspot", new { event_template_id = "1001" });
        await using var _h = hubVendor;
        var inbox = Origin("""{"kind":"intercom","conversation_id":"1295","open_conversation":true}""");
        var intercomPayload = Sink("intercom").Prepare(new IntegrationEvent("accepted", 1, SinkMessage(), inbox, null))!;
        var hubPayload = Sink("hubspot").Prepare(new IntegrationEvent("delivered", 1, SinkMessage("delivered"), Origin("""{"kind":"hubspot","object_id":"901"}"""), null))!;

        foreach (var (status, delivered, retry) in new[] { (404, false, false), (401, false, false), (429, false, true), (500, false, true), (503, false, true), (201, true, false) })
        {
            vendor.Answer = _ => (status, "{}");
            hubVendor.Answer = _ => (status, "{}");
            var a = await Sink("intercom").DeliverAsync(intercom, intercomPayload, CancellationToken.None);
            var b = await Sink("hubspot").DeliverAsync(hubspot, hubPayload, CancellationToken.None);
            foreach (var r in new[] { a, b })
            {
                Assert.True(r.Delivered == delivered && r.Retry == retry, $"HTTP {status}: {r}");
                Assert.Equal(status, r.StatusCode);
            }
        }

        // Nothing listens: a network error is worth retrying.
        Herald.Host.Services.GetRequiredService<IConfiguration>()["Integrations:HubSpot:ApiBaseUrl"] = "http://127.0.0.1:9";
        var down = await Sink("hubspot").DeliverAsync(hubspot, hubPayload, CancellationToken.None);
        Assert.True(!down.Delivered && down.Retry, down.ToString());
    }

    [Fact]
    public async Task Integration_hubspot_sink_writes_a_timeline_event_with_the_status_tokens()
    {
        var (row, vendor) = await SinkSetupAsync("hubspot", new { event_template_id = "1001", portal_id = 4420 });
        await using var _v = vendor;
        var sink = Sink("hubspot");
        var origin = Origin($$"""{"kind":"hubspot","integration_id":"{{row.Id}}","object_id":"901","object_type":"CONTACT","portal_id":4420,"callback_id":"cb"}""");

        Assert.Null(sink.Prepare(new IntegrationEvent("provider_accepted", 1, SinkMessage(), origin, null)));
        Assert.Contains("\"queued\"", sink.Prepare(new IntegrationEvent("accepted", 1, SinkMessage(), origin, null)), StringComparison.Ordinal);
        var payload = sink.Prepare(new IntegrationEvent("failed", 1_700_000_000_000, SinkMessage("failed"), origin, null))!;

        var result = await sink.DeliverAsync(row, payload, CancellationToken.None);
        Assert.True(result.Delivered, result.Error);
        var call = Assert.Single(vendor.Requests);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/crm/v3/timeline/events", call.Path);
        Assert.Equal("Bearer vendor-token-9", call.Authorization);
        using var doc = JsonDocument.Parse(call.Body);
        Assert.Equal("1001", doc.RootElement.GetProperty("eventTemplateId").GetString());
        Assert.Equal("901", doc.RootElement.GetProperty("objectId").GetString());
        var tokens = doc.RootElement.GetProperty("tokens");
        Assert.Equal("msg_01SINKTEST", tokens.GetProperty("message_id").GetString());
        Assert.Equal("failed", tokens.GetProperty("status").GetString());
        Assert.Equal("whatsapp", tokens.GetProperty("channel").GetString());
        Assert.Equal("order_shipped", tokens.GetProperty("template").GetString());
        Assert.Contains("131026", tokens.GetProperty("error").GetString(), StringComparison.Ordinal);

        // Without an event template id there is nothing to write: permanent, no call.
        vendor.Requests.Clear();
        row.Settings = "{}";
        var missing = await sink.DeliverAsync(row, payload, CancellationToken.None);
        Assert.False(missing.Delivered || missing.Retry);
        Assert.Empty(vendor.Requests);
    }
}

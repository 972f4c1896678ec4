using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Api.Tests;

/// <summary>
/// The whole path: a vendor request sends, the message's timeline is captured by the database triggers, the fan-out
/// hands the steps to the integration's sink, and the delivery worker writes them to the vendor's API (a stand-in).
/// </summary>
public abstract partial class ApiTests
{
    [Fact]
    public async Task Integration_hubspot_statuses_of_a_sent_message_reach_the_contacts_timeline()
    {
        await using var vendor = await VendorStandIn.StartAsync();
        Herald.Host.Services.GetRequiredService<IConfiguration>()["Integrations:HubSpot:ApiBaseUrl"] = vendor.Url;
        var (_, key) = await Herald.CreateWorkspaceAsync(UniqueName("hubspot_fanout"));
        using var client = ClientWith(key);
        var integration = await CreateIntegrationAsync("hubspot", HubSpotSecret, new { event_template_id = "1001" }, client, token: "hs-token");

        var reply = await PostHubSpotAsync(integration, HubSpotBody(NewPhone(), new { channel = "sms", text = "Your visit is tomorrow" }), HubSpotSecret);
        var id = reply.Json.GetProperty("outputFields").GetProperty("message_id").GetString()!;

        await WaitUntilAsync(() => TimelineStatuses(vendor).Contains("read"), "the read status on the HubSpot timeline");
        var statuses = TimelineStatuses(vendor);
        Assert.Contains("sent", statuses);
        Assert.Contains("delivered", statuses);
        var read = vendor.Requests.Single(r => r.Body.Contains("\"read\"", StringComparison.Ordinal));
        Assert.Equal("/crm/v3/timeline/events", read.Path);
        Assert.Equal("Bearer hs-token", read.Authorization);
        using var doc = JsonDocument.Parse(read.Body);
        Assert.Equal("1001", doc.RootElement.GetProperty("eventTemplateId").GetString());
        Assert.Equal("901", doc.RootElement.GetProperty("objectId").GetString());
        Assert.Contains(id, read.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Integration_intercom_sent_message_is_added_to_the_conversation_it_came_from()
    {
        await using var vendor = await VendorStandIn.StartAsync();
        Herald.Host.Services.GetRequiredService<IConfiguration>()["Integrations:Intercom:ApiBaseUrl"] = vendor.Url;
        var (client, integration, _, positional) = await IntercomSetupAsync();
        using var _c = client;
        var phone = NewPhone();
        var form = await PostIntercomAsync(integration, "submit",
            IntercomBody(phone, "preview", new { channel = "whatsapp", template = positional, phone }), IntercomSecret);
        var stored = form.Json.GetProperty("canvas").GetProperty("stored_data");

        AssertStatus(await PostIntercomAsync(integration, "submit",
            IntercomBody(phone, "send", new { channel = "whatsapp", template = positional, phone, var_1 = "Ann", var_2 = "4711" }, stored), IntercomSecret), 200);

        await WaitUntilAsync(() => vendor.Requests.Any(r => r.Path == "/conversations/1295/reply"), "the note in the Intercom conversation");
        var note = vendor.Requests.Single(r => r.Path == "/conversations/1295/reply");
        Assert.Contains("Hi Ann, your code is 4711.", note.Body, StringComparison.Ordinal);
        Assert.Equal("Bearer token-123", note.Authorization);
    }

    private static List<string> TimelineStatuses(VendorStandIn vendor) =>
        [.. vendor.Requests.Where(r => r.Path == "/crm/v3/timeline/events")
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("tokens").GetProperty("status").GetString()!)];
}

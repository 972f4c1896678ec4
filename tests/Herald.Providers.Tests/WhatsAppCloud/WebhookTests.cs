using System.Text;
using Herald.Domain.Messages;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;
using Herald.Providers.WhatsAppCloud;

namespace Herald.Providers.Tests.WhatsAppCloud;

/// <summary>Webhook payloads (§1.5–1.7), verbatim from the documentation, parsed into neutral events.</summary>
public class WebhookTests
{
    private static ProviderWebhookEvents Parse(string json)
    {
        Assert.True(WhatsAppCloudProvider.TryParseWebhook(Encoding.UTF8.GetBytes(json), out ProviderWebhookEvents events));
        return events;
    }

    private static string Statuses(string status) =>
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":{" +
        "\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"}," +
        "\"statuses\":[" + status + "]},\"field\":\"messages\"}]}]}";

    [Fact]
    public void The_documented_inbound_text_message_becomes_an_inbound_message()
    {
        ProviderWebhookEvents e = Parse("""
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
              "messaging_product":"whatsapp",
              "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
              "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],
              "messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
                "timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},
              "field":"messages"}]}]}
            """);

        var expected = new ProviderInboundMessage("meta", Channel.WhatsApp, "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
            "+16505551234", "106540352242922", "Does it come in another color?", DateTimeOffset.FromUnixTimeSeconds(1749416383), "Sheena Nelson");
        Assert.Equal(expected, Assert.Single(e.Inbound));
        Assert.Empty(e.Statuses);
    }

    [Fact]
    public void The_documented_sent_status_keeps_the_provider_timestamp()
    {
        ProviderWebhookEvents e = Parse(Statuses("""
            {
              "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=",
              "status": "sent",
              "timestamp": "1750030073",
              "recipient_id": "16505551234",
              "conversation": {"id": "72b14d6bd5407799e66f64d1b338e567","expiration_timestamp": "1750116480","origin": {"type": "marketing"}},
              "pricing": {"billable": true,"pricing_model": "PMP","type": "regular","category": "marketing"}
            }
            """));

        Assert.Equal(new ProviderStatusEvent("meta", "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=", MessageStatus.Sent,
            DateTimeOffset.FromUnixTimeSeconds(1750030073), "+16505551234"), Assert.Single(e.Statuses));
    }

    [Fact]
    public void The_documented_failed_status_carries_its_error_and_class()
    {
        ProviderWebhookEvents e = Parse(Statuses("""
            {
              "id": "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA",
              "status": "failed",
              "timestamp": "1751142888",
              "recipient_id": "16505551234",
              "errors": [
                {
                  "code": 131049,
                  "title": "This message was not delivered to maintain healthy ecosystem engagement.",
                  "message": "This message was not delivered to maintain healthy ecosystem engagement.",
                  "error_data": {"details": "In order to maintain a healthy ecosystem engagement, the message failed to be delivered."},
                  "href": "/documentation/business-messaging/whatsapp/support/error-codes"
                }
              ]
            }
            """));

        ProviderStatusEvent s = Assert.Single(e.Statuses);
        Assert.Equal(MessageStatus.Failed, s.Status);
        Assert.Equal("131049", s.ErrorCode);
        Assert.Equal(ErrorClass.Policy, s.ErrorClass);
        Assert.Equal("In order to maintain a healthy ecosystem engagement, the message failed to be delivered.", s.ErrorMessage);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1751142888), s.ProviderTimestamp);
    }

    [Theory]
    [InlineData("delivered", MessageStatus.Delivered)]
    [InlineData("read", MessageStatus.Read)]
    [InlineData("failed", MessageStatus.Failed)]
    public void Each_tracked_status_maps(string word, MessageStatus status)
    {
        ProviderWebhookEvents e = Parse(Statuses($$"""{"id":"wamid.X","status":"{{word}}","timestamp":"1","recipient_id":"1"}"""));

        Assert.Equal(status, Assert.Single(e.Statuses).Status);
        Assert.Equal($"meta:wamid.X:{Wire.Name(status)}", e.Statuses[0].DedupeKey);
    }

    [Fact]
    public void Unknown_statuses_are_ignored_and_the_rest_kept()
    {
        ProviderWebhookEvents e = Parse(Statuses("""
            {"id":"wamid.A","status":"played","timestamp":"1"},{"id":"wamid.B","status":"deleted","timestamp":"1"},
            {"id":"wamid.C","status":"read","timestamp":"2"}
            """));

        Assert.Equal("wamid.C", Assert.Single(e.Statuses).ProviderMessageId);
    }

    [Fact]
    public void The_documented_template_approval_becomes_a_template_event()
    {
        ProviderWebhookEvents e = Parse("""
            {"entry":[{"id":"102290129340398","time":1751247548,"changes":[{"value":{
              "event":"APPROVED","message_template_id":1689556908129832,"message_template_name":"order_confirmation",
              "message_template_language":"en-US","reason":"NONE","message_template_category":"UTILITY"},
              "field":"message_template_status_update"}]}],"object":"whatsapp_business_account"}
            """);

        Assert.Equal(new ProviderTemplateEvent("meta", "102290129340398", "1689556908129832", "order_confirmation", "en_US",
            TemplateStatus.Approved, null, "APPROVED", "NONE", DateTimeOffset.FromUnixTimeSeconds(1751247548)), Assert.Single(e.Templates));
    }

    [Theory]
    [InlineData("PENDING", TemplateStatus.Pending)]
    [InlineData("REJECTED", TemplateStatus.Rejected)]
    [InlineData("PAUSED", TemplateStatus.Paused)]
    [InlineData("DISABLED", TemplateStatus.Disabled)]
    [InlineData("REINSTATED", TemplateStatus.Approved)]
    [InlineData("FLAGGED", null)]
    [InlineData("ARCHIVED", null)]
    public void Template_events_map_to_statuses_and_untracked_events_keep_none(string ev, TemplateStatus? status)
    {
        ProviderWebhookEvents e = Parse($$$"""
            {"entry":[{"id":"1","time":1,"changes":[{"value":{"event":"{{{ev}}}","message_template_id":5,
              "message_template_name":"abandoned_cart","message_template_language":"en","reason":"INVALID_FORMAT",
              "other_info":{"title":"FIRST_PAUSE","description":"d"}},"field":"message_template_status_update"}]}],"object":"whatsapp_business_account"}
            """);

        ProviderTemplateEvent t = Assert.Single(e.Templates);
        Assert.Equal(status, t.Status);
        Assert.Equal(ev, t.ProviderEvent);
        Assert.Equal("FIRST_PAUSE", t.Reason);
    }

    [Fact]
    public void The_documented_rejection_keeps_its_reason()
    {
        ProviderWebhookEvents e = Parse("""
            {"entry":[{"id":"1","time":1,"changes":[{"value":{
              "event": "REJECTED","message_template_id": 1689556908129835,"message_template_name": "abandoned_cart",
              "message_template_language": "en","reason": "INVALID_FORMAT","message_template_category": "MARKETING",
              "rejection_info": {"reason": "Your template has parameters placed next to each other (like {{1}}{{2}}) without text or punctuation between them.",
                "recommendation": "Separate parameters with descriptive text and ensure each parameter is clearly contextualized."}},
              "field":"message_template_status_update"}]}],"object":"whatsapp_business_account"}
            """);

        Assert.StartsWith("Your template has parameters placed next to each other", Assert.Single(e.Templates).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_documented_quality_update_becomes_a_quality_event()
    {
        ProviderWebhookEvents e = Parse("""
            {"entry":[{"id":"102290129340398","time":1674864290,"changes":[{"value":{
              "previous_quality_score":"GREEN","new_quality_score":"YELLOW","message_template_id":806312974732579,
              "message_template_name":"welcome_template","message_template_language":"en-US"},
              "field":"message_template_quality_update"}]}],"object":"whatsapp_business_account"}
            """);

        Assert.Equal(new ProviderTemplateEvent("meta", "102290129340398", "806312974732579", "welcome_template", "en_US",
            null, TemplateQuality.Yellow, "YELLOW", "GREEN", DateTimeOffset.FromUnixTimeSeconds(1674864290)), Assert.Single(e.Templates));
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_non_json_is_refused()
    {
        Assert.True(Parse("""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{},"field":"account_update"}]}]}""").IsEmpty);
        Assert.False(WhatsAppCloudProvider.TryParseWebhook(Encoding.UTF8.GetBytes("hub.mode=subscribe"), out _));
        Assert.False(WhatsAppCloudProvider.TryParseWebhook(Encoding.UTF8.GetBytes("[]"), out _));
    }
}

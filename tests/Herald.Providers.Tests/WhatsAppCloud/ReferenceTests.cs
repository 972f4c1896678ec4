using System.Text;
using System.Text.Json;
using Herald.Domain.Messages;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;
using Herald.Providers.WhatsAppCloud;

namespace Herald.Providers.Tests.WhatsAppCloud;

/// <summary>
/// Herald's message id travels as the documented top-level <c>biz_opaque_callback_data</c> of a send (§1.1) and comes
/// back in every status webhook of the message (§1.5.2) as <see cref="ProviderStatusEvent.Reference"/>.
/// </summary>
public class ReferenceTests
{
    private readonly WhatsAppCloudProvider meta = new(new WhatsAppCloudSettings("106540352242922"));

    private static string? CallbackData(ReadOnlyMemory<byte> body)
    {
        using JsonDocument doc = JsonDocument.Parse(body);
        return doc.RootElement.TryGetProperty("biz_opaque_callback_data", out JsonElement v) ? v.GetString() : null;
    }

    [Fact]
    public void Text_and_template_sends_carry_the_message_id()
    {
        OutboundMessage text = Outbound.Text(Channel.WhatsApp, "+16505551234", "Hi") with { MessageId = "msg_01JD7Z" };
        OutboundMessage template = Outbound.Template(Channel.WhatsApp, "+16505551234", "hello_world", "en_US", TemplateParameters.None)
            with { MessageId = "msg_01JD80" };

        Assert.Equal("msg_01JD7Z", CallbackData(meta.BuildSend(text, Outbound.Now).Body));
        Assert.Equal("msg_01JD80", CallbackData(meta.BuildSend(template, Outbound.Now).Body));
        Assert.Equal("msg_01JD7Z", CallbackData(WhatsAppCloudProvider.TextBody(text)));
        Assert.Equal("msg_01JD80", CallbackData(WhatsAppCloudProvider.TemplateBody(template, TemplateSendShape.Unknown)));
    }

    [Fact]
    public void An_id_longer_than_Meta_accepts_is_left_out_rather_than_refused()
    {
        OutboundMessage m = Outbound.Text(Channel.WhatsApp, "+16505551234", "Hi") with { MessageId = new string('x', 513) };

        Assert.Null(CallbackData(meta.BuildSend(m, Outbound.Now).Body));
    }

    [Fact]
    public void A_status_echoing_the_callback_data_names_Heralds_message()
    {
        const string body = """
            {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp",
             "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
             "statuses":[{"id":"wamid.A","status":"delivered","timestamp":"1750030073","recipient_id":"16505551234","biz_opaque_callback_data":"msg_01JD7Z"},
                         {"id":"wamid.B","status":"read","timestamp":"1750030074","recipient_id":"16505551234"}]},"field":"messages"}]}]}
            """;

        Assert.True(WhatsAppCloudProvider.TryParseWebhook(Encoding.UTF8.GetBytes(body), out ProviderWebhookEvents e));

        Assert.Equal(["msg_01JD7Z", null], e.Statuses.Select(s => s.Reference));
        Assert.Equal("meta:wamid.A:delivered", e.Statuses[0].DedupeKey);
    }
}

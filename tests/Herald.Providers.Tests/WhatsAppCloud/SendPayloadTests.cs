using System.Text.Json.Nodes;
using Herald.Domain.Messages;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;
using Herald.Providers.WhatsAppCloud;

namespace Herald.Providers.Tests.WhatsAppCloud;

/// <summary>Send bodies pinned against docs/providers/wire-formats.md §1.1, field by field.</summary>
public class SendPayloadTests
{
    private readonly WhatsAppCloudProvider meta = new(new WhatsAppCloudSettings("106540352242922", "v24.0"));

    /// <summary>
    /// The documented example field by field, plus the documented top-level <c>biz_opaque_callback_data</c> that carries
    /// Herald's message id (<c>msg_1</c> in <see cref="Outbound"/>).
    /// </summary>
    private static void Pinned(string documented, ReadOnlyMemory<byte> body)
    {
        JsonObject expected = JsonNode.Parse(documented)!.AsObject();
        expected["biz_opaque_callback_data"] = "msg_1";
        JsonShape.Equal(expected.ToJsonString(), body);
    }

    [Fact]
    public void Text_send_matches_the_documented_example()
    {
        var m = Outbound.Text(Channel.WhatsApp, "+16505551234",
            "As requested, here's the link to our latest product: https://www.meta.com/quest/quest-3/");

        ProviderHttpRequest request = meta.BuildSend(m, Outbound.Now);

        Assert.Equal("POST", request.Method);
        Assert.Equal("/v24.0/106540352242922/messages", request.Path);
        Assert.Equal("application/json", request.ContentType);
        Pinned("""
            {
              "messaging_product": "whatsapp",
              "recipient_type": "individual",
              "to": "+16505551234",
              "type": "text",
              "text": {
                "preview_url": true,
                "body": "As requested, here's the link to our latest product: https://www.meta.com/quest/quest-3/"
              }
            }
            """, request.Body);
    }

    [Fact]
    public void Text_without_a_link_asks_for_no_preview_and_the_number_gets_its_plus()
    {
        var m = Outbound.Text(Channel.WhatsApp, "16505551234", "Grüße, 日本");

        Pinned("""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"text",
             "text":{"body":"Grüße, 日本"}}
            """, meta.BuildSend(m, Outbound.Now).Body);
    }

    [Fact]
    public void Named_template_matches_the_documented_example()
    {
        var named = new Dictionary<string, string> { ["first_name"] = "Jessica", ["order_number"] = "SKBUP2-4CPIG9" };
        var m = Outbound.Template(Channel.WhatsApp, "+16505551234", "order_confirmation", "en_US",
            TemplateParameters.ForBody(ParameterSet.OfNamed(named)));

        Pinned("""
            {
              "messaging_product": "whatsapp",
              "recipient_type": "individual",
              "to": "+16505551234",
              "type": "template",
              "template": {
                "name": "order_confirmation",
                "language": {
                  "code": "en_US"
                },
                "components": [
                  {
                    "type": "body",
                    "parameters": [
                      {
                        "type": "text",
                        "parameter_name": "first_name",
                        "text": "Jessica"
                      },
                      {
                        "type": "text",
                        "parameter_name": "order_number",
                        "text": "SKBUP2-4CPIG9"
                      }
                    ]
                  }
                ]
              }
            }
            """, meta.BuildSend(m, Outbound.Now).Body);
    }

    [Fact]
    public void Positional_template_is_the_same_body_without_parameter_names()
    {
        var m = Outbound.Template(Channel.WhatsApp, "+16505551234", "order_confirmation", "en-US",
            TemplateParameters.ForBody(ParameterSet.Of("Jessica", "SKBUP2-4CPIG9")));

        Pinned("""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template",
             "template":{"name":"order_confirmation","language":{"code":"en_US"},"components":[
               {"type":"body","parameters":[{"type":"text","text":"Jessica"},{"type":"text","text":"SKBUP2-4CPIG9"}]}]}}
            """, meta.BuildSend(m, Outbound.Now).Body);
    }

    [Fact]
    public void Media_header_body_and_buttons_follow_the_documented_component_shapes()
    {
        var p = new TemplateParameters(
            ParameterSet.Of("Jessica"),
            ParameterSet.Empty,
            new Dictionary<int, ParameterSet> { [1] = ParameterSet.Of("PAYLOAD"), [0] = ParameterSet.Of("order/123") },
            "https://cdn.example.com/banner.jpg");
        var shape = new TemplateSendShape(null, new Dictionary<int, ButtonType> { [0] = ButtonType.Url, [1] = ButtonType.QuickReply });
        var m = Outbound.Template(Channel.WhatsApp, "+16505551234", "order_shipped", "en", p);

        Pinned("""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template",
             "template":{"name":"order_shipped","language":{"code":"en"},"components":[
               { "type": "header", "parameters": [ { "type": "image", "image": { "link": "https://cdn.example.com/banner.jpg" } } ] },
               {"type":"body","parameters":[{"type":"text","text":"Jessica"}]},
               {"type":"button","sub_type":"url","index":"0","parameters":[{ "type": "text", "text": "order/123" }]},
               {"type":"button","sub_type":"quick_reply","index":"1","parameters":[ { "type": "payload", "payload": "PAYLOAD" } ]}
             ]}}
            """, meta.BuildSend(m, shape).Body);
    }

    [Theory]
    [InlineData("https://www.example.com/DOCUMENT.PDF", null, "document")]
    [InlineData("https://www.example.com/clip.mp4?sig=1", null, "video")]
    [InlineData("https://www.example.com/photo", null, "image")]
    [InlineData("https://www.example.com/file", HeaderFormat.Document, "document")]
    public void Media_header_key_matches_its_type(string url, HeaderFormat? declared, string type)
    {
        var p = TemplateParameters.None with { HeaderMediaUrl = url };
        var m = Outbound.Template(Channel.WhatsApp, "+16505551234", "doc", "en", p);

        var body = meta.BuildSend(m, new TemplateSendShape(declared, new Dictionary<int, ButtonType>())).Body;

        Pinned($$$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template",
             "template":{"name":"doc","language":{"code":"en"},"components":[
               {"type":"header","parameters":[{"type":"{{{type}}}","{{{type}}}":{"link":"{{{url}}}"}}]}]}}
            """, body);
    }

    [Fact]
    public void Named_text_header_carries_its_parameter_name()
    {
        var p = TemplateParameters.None with { Header = ParameterSet.OfNamed(new Dictionary<string, string> { ["sale_start_date"] = "December 1st" }) };
        var m = Outbound.Template(Channel.WhatsApp, "+16505551234", "sale", "en", p);

        Pinned("""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template",
             "template":{"name":"sale","language":{"code":"en"},"components":[
               {"type":"header","parameters":[{"type":"text","parameter_name":"sale_start_date","text":"December 1st"}]}]}}
            """, meta.BuildSend(m, Outbound.Now).Body);
    }

    [Fact]
    public void A_template_without_variables_has_no_components()
    {
        var m = Outbound.Template(Channel.WhatsApp, "+16505551234", "hello_world", "en_US", TemplateParameters.None);

        Pinned("""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template",
             "template":{"name":"hello_world","language":{"code":"en_US"}}}
            """, meta.BuildSend(m, Outbound.Now).Body);
    }

    [Fact]
    public void A_copy_code_button_carries_its_coupon_code()
    {
        var p = TemplateParameters.None with { Buttons = new Dictionary<int, ParameterSet> { [0] = ParameterSet.Of("25OFF") } };
        var shape = new TemplateSendShape(null, new Dictionary<int, ButtonType> { [0] = ButtonType.CopyCode });
        var m = Outbound.Template(Channel.WhatsApp, "+16505551234", "coupon", "en", p);

        Pinned("""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234","type":"template",
             "template":{"name":"coupon","language":{"code":"en"},"components":[
               {"type":"button","sub_type":"copy_code","index":"0","parameters":[{"type":"coupon_code","coupon_code":"25OFF"}]}]}}
            """, meta.BuildSend(m, shape).Body);
    }
}

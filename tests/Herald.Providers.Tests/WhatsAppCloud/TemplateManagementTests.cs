using System.Text;
using System.Text.Json.Nodes;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;
using Herald.Providers.WhatsAppCloud;

namespace Herald.Providers.Tests.WhatsAppCloud;

/// <summary>Template creation and listing (docs/providers/wire-formats.md §1.8), pinned against Meta's documented examples.</summary>
public class TemplateManagementTests
{
    private const string Waba = "102290129340398";

    /// <summary>
    /// Meta's examples write <c>category</c> and component <c>type</c> in lower case and document both as
    /// case-insensitive in requests; Herald writes them upper case as the components page does. Everything else is
    /// compared as documented.
    /// </summary>
    private static void PinnedCaseInsensitive(string documented, ReadOnlyMemory<byte> body)
    {
        JsonObject expected = JsonNode.Parse(documented)!.AsObject();
        expected["category"] = expected["category"]!.GetValue<string>().ToUpperInvariant();
        foreach (JsonNode? c in expected["components"]!.AsArray())
        {
            c!["type"] = c["type"]!.GetValue<string>().ToUpperInvariant();
        }

        JsonShape.Equal(expected.ToJsonString(), body);
    }

    private static TemplateDefinition Body(string text, ParameterFormat format) =>
        new("order_confirmation", "en_US", TemplateCategory.Utility, format, null, text, null, []);

    [Fact]
    public void Named_create_matches_the_documented_example()
    {
        TemplateDefinition d = Body("Thank you, {{first_name}}! Your order number is {{order_number}}.", ParameterFormat.Named) with
        {
            NamedExamples = new Dictionary<string, string> { ["first_name"] = "Pablo", ["order_number"] = "860198-230332" },
        };

        ProviderHttpRequest r = WhatsAppCloudTemplates.BuildCreate("v23.0", Waba, d);

        Assert.Equal(("POST", "/v23.0/102290129340398/message_templates", "application/json"), (r.Method, r.Path, r.ContentType));
        PinnedCaseInsensitive("""
            {
              "name": "order_confirmation",
              "language": "en_US",
              "category": "utility",
              "parameter_format": "named",
              "components": [
                {
                  "type": "body",
                  "text": "Thank you, {{first_name}}! Your order number is {{order_number}}.",
                  "example": {
                    "body_text_named_params": [
                      {
                        "param_name": "first_name",
                        "example": "Pablo"
                      },
                      {
                        "param_name": "order_number",
                        "example": "860198-230332"
                      }
                    ]
                  }
                }
              ]
            }
            """, r.Body);
    }

    [Fact]
    public void Positional_create_matches_the_documented_example()
    {
        TemplateDefinition d = Body("Hi {{1}}! Your order number is {{2}}. Thank you.", ParameterFormat.Positional) with
        {
            BodyExamples = ["Pablo", "860198-230332"],
        };

        PinnedCaseInsensitive("""
            {
              "name": "order_confirmation",
              "language": "en_US",
              "category": "utility",
              "parameter_format": "positional",
              "components": [
                {
                  "type": "body",
                  "text": "Hi {{1}}! Your order number is {{2}}. Thank you.",
                  "example": {
                    "body_text": [
                      [
                        "Pablo",
                        "860198-230332"
                      ]
                    ]
                  }
                }
              ]
            }
            """, WhatsAppCloudTemplates.BuildCreate("v23.0", Waba, d).Body);
    }

    [Fact]
    public void Headers_match_the_documented_component_shapes()
    {
        TemplateDefinition text = new("sale", "en", TemplateCategory.Marketing, ParameterFormat.Named,
            new TemplateHeader(HeaderFormat.Text, "Our new sale starts {{sale_start_date}}!"), "Shop now.", null, [],
            NamedExamples: new Dictionary<string, string> { ["sale_start_date"] = "December 1st" });
        TemplateDefinition image = text with { Header = new TemplateHeader(HeaderFormat.Image, null, ["4::aW..."]) };

        JsonNode textHeader = JsonNode.Parse(WhatsAppCloudTemplates.BuildCreate("v23.0", Waba, text).Body.Span)!["components"]![0]!;
        JsonNode imageHeader = JsonNode.Parse(WhatsAppCloudTemplates.BuildCreate("v23.0", Waba, image).Body.Span)!["components"]![0]!;

        JsonShape.Equal("""
            {"type":"HEADER","format":"TEXT","text":"Our new sale starts {{sale_start_date}}!","example":{"header_text_named_params":[{"param_name":"sale_start_date","example":"December 1st"}]}}
            """, textHeader.ToJsonString());
        JsonShape.Equal("""{"type":"HEADER","format":"IMAGE","example":{"header_handle":["4::aW..."]}}""", imageHeader.ToJsonString());
    }

    [Fact]
    public void Footer_buttons_and_missing_examples_are_written_in_Metas_component_format()
    {
        TemplateDefinition d = new("promo", "en-US", TemplateCategory.Marketing, ParameterFormat.Positional,
            new TemplateHeader(HeaderFormat.Text, "Hi {{1}}"), "Use {{1}} before {{2}}, {{1}}.", "Reply STOP to opt out",
            [
                new TemplateButton(ButtonType.QuickReply, "Unsubscribe"),
                new TemplateButton(ButtonType.Url, "Shop", "https://www.luckyshrub.com/shop?promo={{1}}", Examples: ["https://www.luckyshrub.com/shop?promo=summer"]),
                new TemplateButton(ButtonType.Url, "Home", "https://www.luckyshrub.com"),
                new TemplateButton(ButtonType.PhoneNumber, "Call us", PhoneNumber: "+15550783881"),
                new TemplateButton(ButtonType.CopyCode, "Copy", Examples: ["250FF"]),
            ],
            BodyExamples: ["CODE1"]);

        JsonShape.Equal("""
            {"name":"promo","language":"en_US","category":"MARKETING","parameter_format":"positional","components":[
              {"type":"HEADER","format":"TEXT","text":"Hi {{1}}","example":{"header_text":["example"]}},
              {"type":"BODY","text":"Use {{1}} before {{2}}, {{1}}.","example":{"body_text":[["CODE1","example"]]}},
              {"type":"FOOTER","text":"Reply STOP to opt out"},
              {"type":"BUTTONS","buttons":[
                {"type":"QUICK_REPLY","text":"Unsubscribe"},
                {"type":"URL","text":"Shop","url":"https://www.luckyshrub.com/shop?promo={{1}}","example":["https://www.luckyshrub.com/shop?promo=summer"]},
                {"type":"URL","text":"Home","url":"https://www.luckyshrub.com"},
                {"type":"PHONE_NUMBER","text":"Call us","phone_number":"+15550783881"},
                {"type":"COPY_CODE","example":"250FF"}]}]}
            """, WhatsAppCloudTemplates.BuildCreate("v23.0", Waba, d).Body);
    }

    [Fact]
    public void A_body_without_variables_has_no_example()
    {
        JsonShape.Equal("""
            {"name":"order_confirmation","language":"en_US","category":"UTILITY","parameter_format":"positional",
             "components":[{"type":"BODY","text":"Thanks!"}]}
            """, WhatsAppCloudTemplates.BuildCreate("v23.0", Waba, Body("Thanks!", ParameterFormat.Positional)).Body);
    }

    [Fact]
    public void The_documented_create_answer_is_read()
    {
        TemplateCreateResult r = WhatsAppCloudTemplates.ReadCreate(200, """
            {
              "id": "{hsm-id}",
              "status": "APPROVED",
              "category": "UTILITY"
            }
            """u8);

        Assert.Equal(new TemplateCreateResult(true, "{hsm-id}", TemplateStatus.Approved, "UTILITY", null, null), r);
        Assert.Equal(new TemplateCreateResult(true, "1627019861106475", TemplateStatus.Pending, "UTILITY", null, null),
            WhatsAppCloudTemplates.ReadCreate(200, """{"id":"1627019861106475","status":"PENDING","category":"UTILITY"}"""u8));
    }

    [Fact]
    public void A_refused_create_gives_Metas_code_and_text()
    {
        TemplateCreateResult r = WhatsAppCloudTemplates.ReadCreate(400, """
            {"error":{"message":"Invalid parameter","type":"OAuthException","code":100,"error_subcode":2388024,
              "error_user_title":"Content in this language already exists","error_user_msg":"Content for English (US) already exists.","fbtrace_id":"x"}}
            """u8);

        Assert.Equal(new TemplateCreateResult(false, null, null, null, "100", "Content for English (US) already exists."), r);
        Assert.Equal(new TemplateCreateResult(false, null, null, null, "http_502", "HTTP 502."), WhatsAppCloudTemplates.ReadCreate(502, "oops"u8));
        Assert.False(WhatsAppCloudTemplates.ReadCreate(200, "{}"u8).Ok);
    }

    [Fact]
    public void The_list_asks_for_the_fields_Herald_reads()
    {
        ProviderHttpRequest all = WhatsAppCloudTemplates.BuildList("v23.0", Waba);
        ProviderHttpRequest one = WhatsAppCloudTemplates.BuildList("v23.0", Waba, "order confirmation&x");

        Assert.Equal("GET", all.Method);
        Assert.True(all.Body.IsEmpty);
        Assert.Equal("/v23.0/102290129340398/message_templates?fields=id,name,language,status,category,quality_score,rejected_reason&limit=100", all.Path);
        Assert.Equal(all.Path + "&name=order%20confirmation%26x", one.Path);
    }

    [Fact]
    public void Each_listed_template_becomes_an_event()
    {
        IReadOnlyList<ProviderTemplateEvent> events = WhatsAppCloudTemplates.ReadList("""
            {"data":[
              {"id":"1259544702043867","name":"order_confirmation","language":"en_US","status":"APPROVED","category":"UTILITY",
               "quality_score":{"score":"GREEN","date":1700000000},"rejected_reason":"NONE"},
              {"id":"1259544702043868","name":"promo","language":"en-US","status":"REJECTED","category":"MARKETING",
               "quality_score":{"score":"UNKNOWN"},"rejected_reason":"INVALID_FORMAT"},
              {"id":"1259544702043869","name":"old","language":"es","status":"ARCHIVED","category":"MARKETING"},
              {"name":"no_id","language":"en","status":"APPROVED"}],
             "paging":{"cursors":{"before":"MAZDZD","after":"MjQZD"}}}
            """u8, Waba);

        Assert.Equal(
        [
            new ProviderTemplateEvent("meta", Waba, "1259544702043867", "order_confirmation", "en_US", TemplateStatus.Approved, TemplateQuality.Green, "APPROVED", null, null),
            new ProviderTemplateEvent("meta", Waba, "1259544702043868", "promo", "en_US", TemplateStatus.Rejected, TemplateQuality.Unknown, "REJECTED", "INVALID_FORMAT", null),
            new ProviderTemplateEvent("meta", Waba, "1259544702043869", "old", "es", null, null, "ARCHIVED", null, null),
        ], events);
        Assert.Empty(WhatsAppCloudTemplates.ReadList("not json"u8, Waba));
    }

    [Fact]
    public void The_list_body_Herald_reads_is_the_bytes_given()
    {
        byte[] body = Encoding.UTF8.GetBytes("""{"data":[{"id":1,"name":"n","language":"en","status":"PAUSED"}]}""");

        Assert.Equal(TemplateStatus.Paused, Assert.Single(WhatsAppCloudTemplates.ReadList(body, null)).Status);
    }
}

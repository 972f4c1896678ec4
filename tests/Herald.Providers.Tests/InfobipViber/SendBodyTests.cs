using Herald.Domain.Messages;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;
using Herald.Providers.InfobipViber;

namespace Herald.Providers.Tests.InfobipViber;

/// <summary>The <c>ViberRequest</c> body (docs/providers/wire-formats.md §3.1), pinned against the documented examples.</summary>
public class SendBodyTests
{
    private readonly InfobipViberProvider infobip = new(new InfobipViberSettings("441134960000"));

    [Fact]
    public void Text_send_is_the_documented_example_plus_herald_message_id()
    {
        // The documented example with the documented optional destinations[].messageId, which Herald always sets.
        ProviderHttpRequest r = infobip.BuildSend(Outbound.Text(Channel.Viber, "+441134960001", "Some text"), Outbound.Now);

        Assert.Equal(("POST", "/viber/2/messages", "application/json"), (r.Method, r.Path, r.ContentType));
        JsonShape.Equal("""
            {
              "messages": [
                {
                  "sender": "441134960000",
                  "destinations": [
                    {
                      "to": "441134960001",
                      "messageId": "msg_1"
                    }
                  ],
                  "content": {
                    "text": "Some text",
                    "type": "TEXT"
                  }
                }
              ]
            }
            """, r.Body);
    }

    [Fact]
    public void Template_content_matches_the_documented_example()
    {
        var p = TemplateParameters.ForBody(ParameterSet.OfNamed(new Dictionary<string, string> { ["pin"] = "123" }));
        ProviderHttpRequest r = infobip.BuildSend(Outbound.Template(Channel.Viber, "+441134960001", "some template id", "en", p), Outbound.Now);

        JsonShape.Equal("""
            {"messages":[{"sender":"441134960000","destinations":[{"to":"441134960001","messageId":"msg_1"}],
              "content": {
                "templateId": "some template id",
                "parameters": {
                  "pin": "123"
                },
                "language": "en",
                "type": "TEMPLATE"
              }}]}
            """, r.Body);
    }

    [Fact]
    public void Validity_and_report_urls_travel_with_the_message()
    {
        var withHooks = new InfobipViberProvider(new InfobipViberSettings("441134960000", "https://h/hooks/infobip/dlr", "https://h/hooks/infobip/seen"));
        var m = Outbound.Text(Channel.Viber, "441134960001", "Привет", Outbound.Now.AddHours(1));

        JsonShape.Equal("""
            {"messages":[{"sender":"441134960000","destinations":[{"to":"441134960001","messageId":"msg_1"}],
              "content":{"text":"Привет","type":"TEXT"},
              "options":{"validityPeriod":{"amount":3600,"timeUnit":"SECONDS"}},
              "webhooks":{"delivery":{"url":"https://h/hooks/infobip/dlr"},"seen":{"url":"https://h/hooks/infobip/seen"}}}]}
            """, withHooks.BuildSend(m, Outbound.Now).Body);
    }

    [Fact]
    public void Validity_is_capped_at_48_hours_and_positional_template_values_are_numbered()
    {
        var p = TemplateParameters.ForBody(ParameterSet.Of("a", "b"));
        var m = Outbound.Template(Channel.Viber, "441134960001", "t1", "en", p) with { ExpiresAt = Outbound.Now.AddDays(5) };

        JsonShape.Equal("""
            {"messages":[{"sender":"441134960000","destinations":[{"to":"441134960001","messageId":"msg_1"}],
              "content":{"templateId":"t1","parameters":{"1":"a","2":"b"},"language":"en","type":"TEMPLATE"},
              "options":{"validityPeriod":{"amount":172800,"timeUnit":"SECONDS"}}}]}
            """, infobip.BuildSend(m, Outbound.Now).Body);
    }

    [Fact]
    public void The_authorization_header_uses_the_App_scheme()
    {
        Assert.Equal("App 003026bbc133714df1834b8638bb496e-8f4b3d9a-e931-478d-a994-28a725159ab9",
            InfobipViberProvider.AuthorizationValue("003026bbc133714df1834b8638bb496e-8f4b3d9a-e931-478d-a994-28a725159ab9"));
    }
}

using System.Text;
using Herald.Domain.Messages;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;
using Herald.Providers.Twilio;

namespace Herald.Providers.Tests.Twilio;

/// <summary>Form parameters of <c>Messages.json</c> (docs/providers/wire-formats.md §2.1), pinned name by name.</summary>
public class SendParametersTests
{
    private static readonly TwilioSettings Sms = new("ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "+15557122661", null, "https://herald.example.com/hooks/twilio/snd_1");

    private static KeyValuePair<string, string> P(string name, string value) => new(name, value);

    [Fact]
    public void Sms_text_with_callback_and_validity()
    {
        var twilio = new TwilioProvider(Sms);
        var m = Outbound.Text(Channel.Sms, "+15558675310", "Hi there", Outbound.Now.AddHours(2));

        Assert.Equal(
        [
            P("To", "+15558675310"), P("From", "+15557122661"), P("Body", "Hi there"),
            P("StatusCallback", "https://herald.example.com/hooks/twilio/snd_1?herald_message_id=msg_1"), P("ValidityPeriod", "7200"),
        ], twilio.SendParameters(m, Outbound.Now));
    }

    [Fact]
    public void The_request_is_a_form_post_to_the_accounts_messages()
    {
        var twilio = new TwilioProvider(Sms with { StatusCallbackUrl = null });
        ProviderHttpRequest r = twilio.BuildSend(Outbound.Text(Channel.Sms, "+15558675310", "Grüße & 1+1"), Outbound.Now);

        Assert.Equal("POST", r.Method);
        Assert.Equal("/2010-04-01/Accounts/ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX/Messages.json", r.Path);
        Assert.Equal("application/x-www-form-urlencoded", r.ContentType);
        Assert.Equal("To=%2B15558675310&From=%2B15557122661&Body=Gr%C3%BC%C3%9Fe+%26+1%2B1", Encoding.UTF8.GetString(r.Body.Span));
        Assert.Equal([P("To", "+15558675310"), P("From", "+15557122661"), P("Body", "Grüße & 1+1")], FormBody.Decode(r.Body.Span));
    }

    [Fact]
    public void A_messaging_service_replaces_From()
    {
        var twilio = new TwilioProvider(new TwilioSettings("AC1", null, "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));

        Assert.Equal([P("To", "+15558675310"), P("MessagingServiceSid", "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), P("Body", "Hi")],
            twilio.SendParameters(Outbound.Text(Channel.Sms, "15558675310", "Hi"), Outbound.Now));
    }

    [Theory]
    [InlineData(0.2, "1")]
    [InlineData(3600, "3600")]
    [InlineData(36000, "36000")]
    [InlineData(90000, "36000")]
    public void Validity_is_the_time_left_clamped_to_twilios_range(double seconds, string expected)
    {
        var twilio = new TwilioProvider(Sms with { StatusCallbackUrl = null });
        var m = Outbound.Text(Channel.Sms, "+15558675310", "x", Outbound.Now.AddSeconds(seconds));

        Assert.Equal(P("ValidityPeriod", expected), twilio.SendParameters(m, Outbound.Now)[^1]);
    }

    [Fact]
    public void WhatsApp_text_uses_whatsapp_addresses()
    {
        var twilio = new TwilioProvider(new TwilioSettings("AC1", "+15555238886"));

        Assert.Equal([P("To", "whatsapp:+15557770006"), P("From", "whatsapp:+15555238886"), P("Body", "Hello")],
            twilio.SendParameters(Outbound.Text(Channel.WhatsApp, "+15557770006", "Hello"), Outbound.Now));
    }

    [Fact]
    public void WhatsApp_template_goes_as_ContentSid_and_the_documented_ContentVariables_json()
    {
        var twilio = new TwilioProvider(new TwilioSettings("AC1", "+15555238886"));
        var m = Outbound.Template(Channel.WhatsApp, "+15557770006", "HXb5b62575e6e4ff6129ad7c8efe1f983e", "en",
            TemplateParameters.ForBody(ParameterSet.Of("Jessica", "SKBUP2")));

        IReadOnlyList<KeyValuePair<string, string>> p = twilio.SendParameters(m, Outbound.Now);

        Assert.Equal([P("To", "whatsapp:+15557770006"), P("From", "whatsapp:+15555238886"),
            P("ContentSid", "HXb5b62575e6e4ff6129ad7c8efe1f983e"), P("ContentVariables", """{"1":"Jessica","2":"SKBUP2"}""")], p);
    }

    [Fact]
    public void Named_content_variables_keep_their_names_and_non_ascii_text()
    {
        var named = new Dictionary<string, string> { ["first_name"] = "Zoë", ["order"] = "\"42\"" };

        JsonShape.Equal("""{"first_name":"Zoë","order":"\"42\""}""",
            TwilioProvider.ContentVariables(TemplateParameters.ForBody(ParameterSet.OfNamed(named))));
    }
}

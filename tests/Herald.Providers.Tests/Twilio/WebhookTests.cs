using System.Text;
using Herald.Domain.Consent;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.Twilio;

namespace Herald.Providers.Tests.Twilio;

/// <summary>Status callbacks (§2.3) and inbound messages (§2.4) parsed from their form fields.</summary>
public class WebhookTests
{
    private static readonly TwilioProvider Twilio = new(new TwilioSettings("AC1", "+14155550199"));

    private static ProviderWebhookEvents Parse(string form, string? token = null)
    {
        var headers = token is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["I-Twilio-Idempotency-Token"] = token };
        Assert.True(Twilio.TryParse(new ProviderWebhookRequest("https://h/x", headers, Encoding.UTF8.GetBytes(form)), out ProviderWebhookEvents e));
        return e;
    }

    private static string Callback(string status, string? error = null) =>
        "SmsSid=SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&SmsStatus=" + status + "&MessageStatus=" + status +
        "&To=%2B15558675310&MessagingServiceSid=MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&MessageSid=SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" +
        "&AccountSid=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&From=%2B15557122661&ApiVersion=2010-04-01" + (error is null ? "" : "&ErrorCode=" + error);

    [Theory]
    [InlineData("sent", MessageStatus.Sent)]
    [InlineData("delivered", MessageStatus.Delivered)]
    [InlineData("read", MessageStatus.Read)]
    public void Tracked_statuses_map(string word, MessageStatus status)
    {
        ProviderWebhookEvents e = Parse(Callback(word), "tok-1");

        Assert.Equal(new ProviderStatusEvent("twilio", "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", status, null, "+15558675310"), Assert.Single(e.Statuses));
        Assert.Equal("tok-1", e.IdempotencyToken);
    }

    [Theory]
    [InlineData("undelivered", "30003", MessageStatus.Failed, ErrorClass.Permanent)]
    [InlineData("failed", "30007", MessageStatus.Failed, ErrorClass.Policy)]
    [InlineData("failed", "63016", MessageStatus.Failed, ErrorClass.Policy)]
    [InlineData("failed", "21610", MessageStatus.Failed, ErrorClass.Consent)]
    [InlineData("failed", "30001", MessageStatus.Failed, ErrorClass.TransientExhausted)]
    [InlineData("undelivered", "30036", MessageStatus.Expired, ErrorClass.Permanent)]
    public void Failures_carry_their_code_and_class_and_an_expired_validity_ends_expired(string word, string code, MessageStatus status, ErrorClass cls)
    {
        ProviderStatusEvent s = Assert.Single(Parse(Callback(word, code)).Statuses);

        Assert.Equal((status, code, cls), (s.Status, s.ErrorCode, s.ErrorClass));
    }

    [Theory]
    [InlineData("queued")]
    [InlineData("accepted")]
    [InlineData("sending")]
    [InlineData("scheduled")]
    [InlineData("canceled")]
    [InlineData("partially_delivered")]
    [InlineData("something_new")]
    public void Untracked_statuses_are_ignored(string word)
    {
        Assert.True(Parse(Callback(word)).IsEmpty);
    }

    [Fact]
    public void An_inbound_stop_carries_twilios_opt_out_type()
    {
        ProviderWebhookEvents e = Parse("ToCountry=US&SmsMessageSid=SM11&NumMedia=0&SmsSid=SM11&SmsStatus=received&Body=Stop.&To=%2B14155550199" +
            "&OptOutType=STOP&NumSegments=1&MessageSid=SM11&AccountSid=AC1&From=%2B14155550100&ApiVersion=2010-04-01");

        Assert.Equal(new ProviderInboundMessage("twilio", Channel.Sms, "SM11", "+14155550100", "+14155550199", "Stop.", null, null, KeywordKind.OptOut),
            Assert.Single(e.Inbound));
    }

    [Theory]
    [InlineData("START", KeywordKind.OptIn)]
    [InlineData("HELP", KeywordKind.Help)]
    [InlineData("", KeywordKind.None)]
    public void Other_opt_out_types_map(string type, KeywordKind kind)
    {
        ProviderWebhookEvents e = Parse($"MessageSid=SM2&SmsStatus=received&Body=x&From=%2B1&To=%2B2&OptOutType={type}");

        Assert.Equal(kind, Assert.Single(e.Inbound).ProviderKeyword);
    }

    [Fact]
    public void A_whatsapp_inbound_message_strips_the_prefix_and_keeps_the_profile_name()
    {
        ProviderWebhookEvents e = Parse("MessageSid=SM3&SmsStatus=received&Body=Hola+%F0%9F%91%8B&From=whatsapp%3A%2B5215550001&To=whatsapp%3A%2B14155238886&ProfileName=Ana");

        Assert.Equal(new ProviderInboundMessage("twilio", Channel.WhatsApp, "SM3", "+5215550001", "+14155238886", "Hola 👋", null, "Ana"),
            Assert.Single(e.Inbound));
    }

    [Fact]
    public void A_form_without_a_message_sid_is_refused()
    {
        Assert.False(Twilio.TryParse(new ProviderWebhookRequest("https://h/x", new Dictionary<string, string>(), Encoding.UTF8.GetBytes("Body=hi")), out _));
    }
}

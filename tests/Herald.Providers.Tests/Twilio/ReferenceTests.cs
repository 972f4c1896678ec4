using System.Text;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;
using Herald.Providers.Twilio;

namespace Herald.Providers.Tests.Twilio;

/// <summary>
/// Herald's message id rides on the <c>StatusCallback</c> URL as <c>herald_message_id</c>; Twilio calls that URL as given,
/// so the callback's URL names the message (<see cref="ProviderStatusEvent.Reference"/>). No idempotency header is sent:
/// Twilio documents none for creating messages (§2.6).
/// </summary>
public class ReferenceTests
{
    private static readonly TwilioSettings Sms = new("AC1", "+15557122661", null, "https://herald.example.com/hooks/twilio/snd_1");

    [Theory]
    [InlineData("https://h.example/hooks/twilio", "msg_1", "https://h.example/hooks/twilio?herald_message_id=msg_1")]
    [InlineData("https://h.example/hooks/twilio?sender=snd_1", "msg_1", "https://h.example/hooks/twilio?sender=snd_1&herald_message_id=msg_1")]
    [InlineData("https://h.example/hooks/twilio?", "msg_1", "https://h.example/hooks/twilio?herald_message_id=msg_1")]
    [InlineData("https://h.example/hooks/twilio?a=1&", "msg_1", "https://h.example/hooks/twilio?a=1&herald_message_id=msg_1")]
    [InlineData("https://h.example/hooks/twilio#rc=3", "msg_1", "https://h.example/hooks/twilio?herald_message_id=msg_1#rc=3")]
    [InlineData("https://h.example/t", "a b&c=d/é", "https://h.example/t?herald_message_id=a%20b%26c%3Dd%2F%C3%A9")]
    public void The_message_id_is_added_to_the_callback_query(string url, string id, string expected)
    {
        Assert.Equal(expected, TwilioProvider.WithReference(url, id));
        Assert.Equal(id, TwilioProvider.ReferenceOf(expected));
    }

    [Fact]
    public void The_send_carries_the_callback_with_the_message_id_and_no_extra_headers()
    {
        var twilio = new TwilioProvider(Sms);
        ProviderHttpRequest r = twilio.BuildSend(Outbound.Text(Channel.Sms, "+15558675310", "Hi") with { MessageId = "msg_01JD7Z" }, Outbound.Now);

        Assert.Equal("https://herald.example.com/hooks/twilio/snd_1?herald_message_id=msg_01JD7Z", FormBody.Decode(r.Body.Span).First("StatusCallback"));
        Assert.Null(r.Headers);
    }

    [Fact]
    public void Without_a_callback_url_nothing_is_added()
    {
        var twilio = new TwilioProvider(Sms with { StatusCallbackUrl = null });

        Assert.Null(twilio.SendParameters(Outbound.Text(Channel.Sms, "+15558675310", "Hi"), Outbound.Now).First("StatusCallback"));
    }

    [Fact]
    public void A_status_callback_to_that_url_names_Heralds_message()
    {
        const string form = "MessageSid=SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&MessageStatus=delivered&To=%2B15558675310&From=%2B15557122661";
        var twilio = new TwilioProvider(Sms);
        var request = new ProviderWebhookRequest("https://herald.example.com/hooks/twilio/snd_1?herald_message_id=msg_01JD7Z",
            new Dictionary<string, string>(), Encoding.UTF8.GetBytes(form));

        Assert.True(twilio.TryParse(request, out ProviderWebhookEvents e));

        Assert.Equal(new ProviderStatusEvent("twilio", "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", MessageStatus.Delivered, null, "+15558675310",
            Reference: "msg_01JD7Z"), Assert.Single(e.Statuses));
    }

    [Theory]
    [InlineData("https://herald.example.com/hooks/twilio")]
    [InlineData("https://herald.example.com/hooks/twilio?other=1")]
    [InlineData("https://herald.example.com/hooks/twilio?herald_message_id=")]
    [InlineData("")]
    public void Without_the_parameter_there_is_no_reference(string url)
    {
        Assert.Null(TwilioProvider.ReferenceOf(url));
    }
}

using System.Text;
using Herald.Providers.Contracts;
using Herald.Providers.Shared;
using Herald.Providers.Twilio;

namespace Herald.Providers.Tests.Twilio;

/// <summary><c>X-Twilio-Signature</c> (§2.5): the documented test vector, and a non-ASCII inbound SMS signed with Python's hmac.</summary>
public class SignatureTests
{
    private const string DocUrl = "https://example.com/myapp.php?foo=1&bar=2";

    private static readonly KeyValuePair<string, string>[] DocParams =
    [
        new("Digits", "1234"), new("To", "+18005551212"), new("From", "+14158675310"),
        new("Caller", "+14158675310"), new("CallSid", "CA1234567890ABCDE"),
    ];

    // Inbound SMS with a non-ASCII body, form-encoded by Python's urlencode and signed with hmac/sha1, token "tw_token".
    private const string InboundUrl = "https://herald.example.com/hooks/twilio/snd_1";
    private const string InboundForm = "MessageSid=SM1234567890abcdef1234567890abcdef&AccountSid=AC00000000000000000000000000000000&From=%2B14155550100&To=%2B14155550199&Body=Gr%C3%BC%C3%9Fe+%E2%80%93+%E6%97%A5%E6%9C%AC+STOP%3F&NumMedia=0&SmsStatus=received&ApiVersion=2010-04-01";
    private const string InboundSignature = "zcTXFkWIiGPpe/NyrmLYQHj9oNw=";

    private static readonly TwilioProvider Twilio = new(new TwilioSettings("AC1", "+14155550199"));

    private static ProviderWebhookRequest Request(string url, byte[] body, string? signature) =>
        new(url, signature is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["x-twilio-signature"] = signature }, body);

    [Fact]
    public void The_documented_string_to_sign_is_rebuilt()
    {
        Assert.Equal("https://example.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+14158675310Digits1234From+14158675310To+18005551212",
            TwilioProvider.StringToSign(DocUrl, DocParams));
    }

    [Fact]
    public void The_documented_example_signs_to_the_documented_value()
    {
        Assert.Equal("L/OH5YylLD5NRKLltdqwSvS0BnU=", TwilioProvider.Sign(DocUrl, DocParams, "12345"));
        Assert.True(TwilioProvider.VerifySignature(DocUrl, DocParams, "L/OH5YylLD5NRKLltdqwSvS0BnU=", "12345"));
    }

    [Fact]
    public void A_non_ascii_inbound_form_verifies_over_its_raw_body()
    {
        Assert.True(Twilio.IsAuthentic(Request(InboundUrl, Encoding.UTF8.GetBytes(InboundForm), InboundSignature), "tw_token"));
    }

    [Fact]
    public void One_changed_byte_is_refused()
    {
        byte[] body = Encoding.UTF8.GetBytes(InboundForm);
        body[Array.IndexOf(body, (byte)'G')] = (byte)'g';

        Assert.False(Twilio.IsAuthentic(Request(InboundUrl, body, InboundSignature), "tw_token"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("L/OH5YylLD5NRKLltdqwSvS0BnU=")]
    public void A_missing_malformed_or_foreign_signature_is_refused(string? header)
    {
        Assert.False(Twilio.IsAuthentic(Request(InboundUrl, Encoding.UTF8.GetBytes(InboundForm), header), "tw_token"));
    }

    [Fact]
    public void Another_url_or_token_is_refused()
    {
        Assert.False(Twilio.IsAuthentic(Request(InboundUrl + "/", Encoding.UTF8.GetBytes(InboundForm), InboundSignature), "tw_token"));
        Assert.False(Twilio.IsAuthentic(Request(InboundUrl, Encoding.UTF8.GetBytes(InboundForm), InboundSignature), "other"));
        Assert.False(TwilioProvider.VerifySignature(DocUrl + "&baz=3", DocParams, "L/OH5YylLD5NRKLltdqwSvS0BnU=", "12345"));
    }

    [Fact]
    public void A_url_is_accepted_with_or_without_its_default_port()
    {
        string withPort = "https://example.com:443/myapp.php?foo=1&bar=2";

        Assert.True(TwilioProvider.VerifySignature(withPort, DocParams, "L/OH5YylLD5NRKLltdqwSvS0BnU=", "12345"));
        Assert.True(TwilioProvider.VerifySignature(DocUrl, DocParams, TwilioProvider.Sign(withPort, DocParams, "12345"), "12345"));
    }

    [Fact]
    public void Parameters_are_sorted_by_name_in_byte_order_and_repeated_names_by_value()
    {
        KeyValuePair<string, string>[] p = [new("b", "1"), new("B", "2"), new("a", "z"), new("a", "y")];

        Assert.Equal("u" + "B2" + "ay" + "az" + "b1", TwilioProvider.StringToSign("u", p));
    }

    [Fact]
    public void The_form_decoder_round_trips_plus_and_percent_escapes()
    {
        Assert.Equal([new("Body", "a b+c"), new("Empty", ""), new("Flag", "")], FormBody.Decode(Encoding.UTF8.GetBytes("Body=a+b%2Bc&Empty=&Flag")));
    }
}

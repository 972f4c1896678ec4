using System.Text;
using Herald.Providers.Contracts;
using Herald.Providers.WhatsAppCloud;

namespace Herald.Providers.Tests.WhatsAppCloud;

/// <summary><c>X-Hub-Signature-256</c> over the raw bytes (§1.4); expected values computed with <c>openssl dgst -sha256 -hmac</c>.</summary>
public class SignatureTests
{
    private const string Secret = "test_app_secret";

    // The documented inbound text message (§1.5.1), minified, exactly as the bytes signed with openssl.
    private const string Inbound = """{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"16505551234"}],"messages":[{"from":"16505551234","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=","timestamp":"1749416383","type":"text","text":{"body":"Does it come in another color?"}}]},"field":"messages"}]}]}""";
    private const string InboundSignature = "sha256=ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d42";

    private static readonly WhatsAppCloudProvider Meta = new(new WhatsAppCloudSettings("106540352242922"));

    private static ProviderWebhookRequest Request(byte[] body, string? signature) =>
        new("https://herald.example.com/hooks/meta", signature is null
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { ["x-hub-signature-256"] = signature }, body);

    [Fact]
    public void The_signature_computed_independently_verifies()
    {
        Assert.True(Meta.IsAuthentic(Request(Encoding.UTF8.GetBytes(Inbound), InboundSignature), Secret));
        Assert.Equal(InboundSignature, WhatsAppCloudProvider.Sign(Encoding.UTF8.GetBytes(Inbound), Secret));
    }

    [Fact]
    public void Upper_case_hex_is_accepted()
    {
        Assert.True(WhatsAppCloudProvider.VerifySignature(Encoding.UTF8.GetBytes(Inbound), "sha256=" + InboundSignature[7..].ToUpperInvariant(), Secret));
    }

    [Fact]
    public void One_changed_byte_is_refused()
    {
        byte[] body = Encoding.UTF8.GetBytes(Inbound);
        body[^10] ^= 0x01;

        Assert.False(Meta.IsAuthentic(Request(body, InboundSignature), Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d42")]
    [InlineData("sha1=ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d42")]
    [InlineData("sha256=zzz1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d42")]
    [InlineData("sha256=ded1d1d9621cffa39832ccf2b330fa476b4dc8ec2a5d102e1e554312b3f21d4")]
    public void A_missing_or_malformed_signature_is_refused(string? header)
    {
        Assert.False(Meta.IsAuthentic(Request(Encoding.UTF8.GetBytes(Inbound), header), Secret));
    }

    [Fact]
    public void A_wrong_secret_is_refused()
    {
        Assert.False(Meta.IsAuthentic(Request(Encoding.UTF8.GetBytes(Inbound), InboundSignature), "other_secret"));
        Assert.False(Meta.IsAuthentic(Request(Encoding.UTF8.GetBytes(Inbound), InboundSignature), ""));
    }

    [Fact]
    public void Non_ascii_bodies_verify_over_their_raw_utf8_bytes()
    {
        byte[] body = Encoding.UTF8.GetBytes("""{"text":"Grüße aus Köln – 日本"}""");

        Assert.True(WhatsAppCloudProvider.VerifySignature(body, "sha256=7b7384133761e70efb4f226f5a0710428e5c3cace5bb880c38f8a9d792a5b9e9", Secret));
    }

    [Fact]
    public void Escaped_unicode_is_hashed_as_sent_not_as_decoded()
    {
        // Meta signs the escaped form (\u00e4\u00f6\u00e5); the same text decoded to UTF-8 must not pass.
        const string Signature = "sha256=02331cadf5416e9e5dc4ecf73b5c9b7aa6577a90b90fbb6bad6e9a35d8a8f6a9";

        Assert.True(WhatsAppCloudProvider.VerifySignature(Encoding.UTF8.GetBytes("""{"text":"\u00e4\u00f6\u00e5"}"""), Signature, Secret));
        Assert.False(WhatsAppCloudProvider.VerifySignature(Encoding.UTF8.GetBytes("{\"text\":\"äöå\"}"), Signature, Secret));
    }

    [Theory]
    [InlineData("subscribe", "meatyhamhock", "1158201444", 200, "1158201444")]
    [InlineData("subscribe", "wrong", "1158201444", 403, null)]
    [InlineData("unsubscribe", "meatyhamhock", "1158201444", 403, null)]
    [InlineData(null, "meatyhamhock", "1158201444", 403, null)]
    [InlineData("subscribe", null, "1158201444", 403, null)]
    [InlineData("subscribe", "meatyhamhock", null, 403, null)]
    public void The_documented_handshake_echoes_the_challenge_only_with_the_right_token(
        string? mode, string? token, string? challenge, int status, string? body)
    {
        Assert.Equal(new HandshakeDecision(status, body), WhatsAppCloudProvider.Handshake(mode, token, challenge, "meatyhamhock"));
    }

    [Fact]
    public void An_empty_configured_token_accepts_nothing()
    {
        Assert.False(WhatsAppCloudProvider.Handshake("subscribe", "", "1", "").Accepted);
    }
}

using System.Text;
using Herald.Providers.Contracts;
using Herald.Providers.InfobipViber;
using Herald.Providers.Shared;
using Herald.Providers.Twilio;
using Herald.Providers.WhatsAppCloud;

namespace Herald.Providers.Tests.Contracts;

/// <summary>What every <see cref="IWebhookAuthenticator"/> must do; one small subclass per vendor.</summary>
public abstract class WebhookAuthenticatorContract
{
    protected const string Secret = "s3cr3t-ключ";

    protected abstract IWebhookAuthenticator Authenticator { get; }

    /// <summary>A body in the vendor's format carrying <paramref name="text"/>.</summary>
    protected abstract byte[] Body(string text);

    /// <summary>The request as the vendor would send it, signed with <paramref name="secret"/> (or unsigned when null).</summary>
    protected abstract ProviderWebhookRequest Signed(byte[] body, string? secret);

    [Theory]
    [InlineData("Does it come in another color?")]
    [InlineData("Grüße aus Köln – 日本 🙂")]
    public void A_correctly_signed_request_is_authentic(string text)
    {
        Assert.True(Authenticator.IsAuthentic(Signed(Body(text), Secret), Secret));
    }

    [Fact]
    public void An_unsigned_request_is_refused()
    {
        Assert.False(Authenticator.IsAuthentic(Signed(Body("STOP"), null), Secret));
    }

    [Fact]
    public void A_request_signed_with_another_secret_is_refused()
    {
        Assert.False(Authenticator.IsAuthentic(Signed(Body("STOP"), "another"), Secret));
    }

    [Fact]
    public void Every_single_byte_change_is_refused()
    {
        byte[] body = Body("STOP");
        ProviderWebhookRequest signed = Signed(body, Secret);
        for (int i = 0; i < body.Length; i++)
        {
            byte[] changed = (byte[])body.Clone();
            changed[i] ^= 0x01;
            Assert.False(Authenticator.IsAuthentic(signed with { Body = changed }, Secret), $"byte {i} changed but accepted");
        }
    }
}

public class MetaSignatureContract : WebhookAuthenticatorContract
{
    protected override IWebhookAuthenticator Authenticator { get; } = new WhatsAppCloudProvider(new WhatsAppCloudSettings("1"));

    protected override byte[] Body(string text) => Encoding.UTF8.GetBytes(
        $$$"""{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"value":{"messages":[{"from":"16505551234","id":"wamid.1","timestamp":"1","type":"text","text":{"body":"{{{text}}}"}}]},"field":"messages"}]}]}""");

    protected override ProviderWebhookRequest Signed(byte[] body, string? secret) =>
        new("https://h/hooks/meta", Header(WhatsAppCloudProvider.SignatureHeader, secret is null ? null : WhatsAppCloudProvider.Sign(body, secret)), body);

    internal static Dictionary<string, string> Header(string name, string? value) =>
        value is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [name] = value };
}

public class TwilioSignatureContract : WebhookAuthenticatorContract
{
    private const string Url = "https://herald.example.com/hooks/twilio/snd_1?x=1";

    protected override IWebhookAuthenticator Authenticator { get; } = new TwilioProvider(new TwilioSettings("AC1", "+1"));

    protected override byte[] Body(string text) => FormBody.Encode(
        [new("MessageSid", "SM1"), new("From", "+14155550100"), new("To", "+14155550199"), new("Body", text), new("SmsStatus", "received")]);

    protected override ProviderWebhookRequest Signed(byte[] body, string? secret) =>
        new(Url, MetaSignatureContract.Header(TwilioProvider.SignatureHeader,
            secret is null ? null : TwilioProvider.Sign(Url, FormBody.Decode(body), secret)), body);
}

public class InfobipSignatureContract : WebhookAuthenticatorContract
{
    protected override IWebhookAuthenticator Authenticator { get; } = new InfobipViberProvider(new InfobipViberSettings("s"));

    protected override byte[] Body(string text) => Encoding.UTF8.GetBytes(
        $$$"""{"results":[{"sender":"385912345678","to":"c","messageId":"1","message":{"text":"{{{text}}}","type":"TEXT"}}]}""");

    protected override ProviderWebhookRequest Signed(byte[] body, string? secret) =>
        new("https://h/hooks/infobip", MetaSignatureContract.Header(InfobipViberProvider.SignatureHeader,
            secret is null ? null : InfobipViberProvider.Sign(body, secret)), body);
}

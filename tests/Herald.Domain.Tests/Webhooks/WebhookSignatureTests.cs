using System.Text;
using Herald.Domain.Webhooks;

namespace Herald.Domain.Tests.Webhooks;

public class WebhookSignatureTests
{
    // The example of the Standard Webhooks specification and its reference libraries.
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecBody = "{\"test\": 2432232314}";

    [Fact]
    public void The_signature_of_the_specification_example_is_reproduced()
    {
        var signature = WebhookSignature.Sign(SpecSecret, SpecId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody));

        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Fact]
    public void Each_secret_adds_one_signature_newest_first()
    {
        var newer = WebhookSignature.NewSecret();
        var header = WebhookSignature.Header([newer, SpecSecret], SpecId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody));

        var parts = header.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal(WebhookSignature.Sign(newer, SpecId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecBody)), parts[0]);
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", parts[1]);
    }

    [Fact]
    public void A_changed_byte_id_or_timestamp_changes_the_signature()
    {
        var body = Encoding.UTF8.GetBytes(SpecBody);
        var original = WebhookSignature.Sign(SpecSecret, SpecId, SpecTimestamp, body);

        Assert.NotEqual(original, WebhookSignature.Sign(SpecSecret, SpecId, SpecTimestamp, Encoding.UTF8.GetBytes("{\"test\": 2432232315}")));
        Assert.NotEqual(original, WebhookSignature.Sign(SpecSecret, "msg_other", SpecTimestamp, body));
        Assert.NotEqual(original, WebhookSignature.Sign(SpecSecret, SpecId, SpecTimestamp + 1, body));
    }

    [Fact]
    public void New_secrets_are_whsec_prefixed_32_random_bytes()
    {
        var a = WebhookSignature.NewSecret();
        var b = WebhookSignature.NewSecret();

        Assert.StartsWith("whsec_", a, StringComparison.Ordinal);
        Assert.Equal(32, WebhookSignature.KeyOf(a)!.Length);
        Assert.NotEqual(a, b);
        Assert.Null(WebhookSignature.KeyOf("sk_live_nothing"));
        Assert.Null(WebhookSignature.KeyOf("whsec_not base64!"));
    }
}

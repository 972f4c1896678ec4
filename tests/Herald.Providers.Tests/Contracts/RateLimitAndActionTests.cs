using System.Text;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.InfobipViber;
using Herald.Providers.Twilio;
using Herald.Providers.WhatsAppCloud;

namespace Herald.Providers.Tests.Contracts;

/// <summary>
/// <see cref="SendResult.Action"/>: filled from the error table's rule, and on every vendor's HTTP 429 (whatever its body
/// code) a retry that slows the whole sender down after the <c>Retry-After</c> given.
/// </summary>
public class RateLimitAndActionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(17);

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static string MetaError(int code) =>
        $$$"""{"error":{"message":"(#{{{code}}}) Title","type":"OAuthException","code":{{{code}}},"error_data":{"messaging_product":"whatsapp","details":"d"},"fbtrace_id":"x"}}""";

    private static void SlowsTheSender(SendResult r, TimeSpan? retryAfter)
    {
        Assert.Equal(SendDisposition.RetryLater, r.Disposition);
        Assert.True(r.Action.HasFlag(ProviderErrorAction.SlowSender), $"Action {r.Action} lacks SlowSender");
        Assert.Equal(retryAfter, r.RetryAfter);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"error\":{\"code\":80007,\"message\":\"m\"}}")]
    [InlineData("{\"error\":{\"code\":130429,\"message\":\"m\"}}")]
    [InlineData("{\"error\":{\"code\":4,\"message\":\"m\"}}")]
    [InlineData("{\"error\":{\"code\":131047,\"message\":\"m\"}}")]
    [InlineData("{\"error\":{\"code\":190,\"message\":\"m\"}}")]
    [InlineData("{\"error\":{\"code\":999999,\"message\":\"m\"}}")]
    public void Every_Meta_429_retries_after_Retry_After_and_slows_the_sender(string body)
    {
        SlowsTheSender(WhatsAppCloudProvider.ReadResponse(429, B(body), Wait), Wait);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}")]
    [InlineData("{\"code\":21611,\"message\":\"queue full\",\"status\":429}")]
    [InlineData("{\"code\":21211,\"message\":\"odd\",\"status\":429}")]
    [InlineData("{\"code\":12345,\"message\":\"odd\",\"status\":429}")]
    public void Every_Twilio_429_retries_after_Retry_After_and_slows_the_sender(string body)
    {
        SlowsTheSender(TwilioProvider.ReadResponse(429, B(body), Wait), Wait);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"errorCode\":\"E429\",\"description\":\"d\"}")]
    [InlineData("{\"errorCode\":\"E400\",\"description\":\"d\"}")]
    [InlineData("{\"errorCode\":\"E401\",\"description\":\"d\"}")]
    [InlineData("{\"requestError\":{\"serviceException\":{\"messageId\":\"TOO_MANY_REQUESTS\",\"text\":\"t\"}}}")]
    [InlineData("{\"errorCode\":\"SOMETHING_NEW\",\"description\":\"d\"}")]
    public void Every_Infobip_429_retries_after_Retry_After_and_slows_the_sender(string body)
    {
        SlowsTheSender(InfobipViberProvider.ReadResponse(429, B(body), Wait), Wait);
    }

    [Fact]
    public void Without_Retry_After_a_429_waits_the_rules_minimum_delay()
    {
        SlowsTheSender(WhatsAppCloudProvider.ReadResponse(429, B(MetaError(80007)), null), TimeSpan.FromSeconds(1));
        SlowsTheSender(TwilioProvider.ReadResponse(429, B(""), null), TimeSpan.FromSeconds(1));
        SlowsTheSender(InfobipViberProvider.ReadResponse(429, B(""), null), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_429_keeps_the_body_codes_own_action_beside_slowing_the_sender()
    {
        SendResult r = WhatsAppCloudProvider.ReadResponse(429, B(MetaError(131056)), TimeSpan.FromSeconds(30));

        Assert.Equal(ProviderErrorAction.SlowSender | ProviderErrorAction.BackOffRecipient, r.Action);
        Assert.Equal(("131056", TimeSpan.FromSeconds(30)), (r.ErrorCode, r.RetryAfter));
    }

    [Fact]
    public void Meta_codes_beside_the_throughput_limit()
    {
        SendResult throughput = WhatsAppCloudProvider.ReadResponse(400, B(MetaError(130429)), null);
        Assert.Equal((SendDisposition.RetryLater, ProviderErrorAction.SlowSender), (throughput.Disposition, throughput.Action));

        SendResult window = WhatsAppCloudProvider.ReadResponse(400, B(MetaError(131047)), null);
        Assert.Equal((SendDisposition.Failed, ErrorClass.Policy, ProviderErrorAction.None), (window.Disposition, window.ErrorClass, window.Action));

        SendResult undeliverable = WhatsAppCloudProvider.ReadResponse(400, B(MetaError(131026)), null);
        Assert.Equal((SendDisposition.Failed, ErrorClass.Permanent), (undeliverable.Disposition, undeliverable.ErrorClass));

        SendResult pair = WhatsAppCloudProvider.ReadResponse(400, B(MetaError(131056)), null);
        Assert.Equal((SendDisposition.RetryLater, ProviderErrorAction.BackOffRecipient, TimeSpan.FromSeconds(6)), (pair.Disposition, pair.Action, pair.RetryAfter));

        Assert.Equal(ProviderErrorAction.SyncTemplate, WhatsAppCloudProvider.ReadResponse(404, B(MetaError(132001)), null).Action);
        Assert.Equal(ProviderErrorAction.AlertOperator, WhatsAppCloudProvider.ReadResponse(401, B(MetaError(190)), null).Action);
    }

    [Fact]
    public void Twilio_opt_out_error_asks_to_record_the_opt_out()
    {
        SendResult r = TwilioProvider.ReadResponse(400, B("""{"code":21610,"message":"Attempt to send to unsubscribed recipient","status":400}"""), null);

        Assert.Equal(new SendResult(SendDisposition.Failed, null, ErrorClass.Consent, "21610", "Attempt to send to unsubscribed recipient", null,
            ProviderErrorAction.RecordOptOut), r);
    }

    [Fact]
    public void ToResult_carries_the_rules_action_on_retries_and_failures()
    {
        var retry = new ProviderErrorRule("x", SendDisposition.RetryLater, null, TimeSpan.FromSeconds(2), ProviderErrorAction.SlowSender, "m");
        var fail = new ProviderErrorRule("y", SendDisposition.Failed, ErrorClass.Policy, null, ProviderErrorAction.AlertOperator, "m");

        Assert.Equal(ProviderErrorAction.SlowSender, retry.ToResult(null, null).Action);
        Assert.Equal(ProviderErrorAction.AlertOperator, fail.ToResult(null, null).Action);
        Assert.Equal(ProviderErrorAction.None, SendResult.Accepted("id").Action);
    }
}

using System.Text;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.WhatsAppCloud;

namespace Herald.Providers.Tests.WhatsAppCloud;

/// <summary>Send answers (§1.1 success, §1.2 error envelope) read into values, and every row of the error table (§1.3).</summary>
public class ResponseTests
{
    private static SendResult Read(int status, string body, TimeSpan? retryAfter = null) =>
        WhatsAppCloudProvider.ReadResponse(status, Encoding.UTF8.GetBytes(body), retryAfter);

    private static string Error(int code, string details = "details") =>
        $$$"""{"error":{"message":"(#{{{code}}}) Title","type":"OAuthException","code":{{{code}}},"error_data":{"messaging_product":"whatsapp","details":"{{{details}}}"},"fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}""";

    [Fact]
    public void Success_gives_the_wamid()
    {
        SendResult r = Read(200, """
            {"messaging_product":"whatsapp","contacts":[{"input":"+16505551234","wa_id":"16505551234"}],
             "messages":[{"id":"wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI4MjZGRDA0OUE2OTQ3RkEyMzcA","message_status":"accepted"}]}
            """);

        Assert.Equal(SendResult.Accepted("wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI4MjZGRDA0OUE2OTQ3RkEyMzcA"), r);
    }

    [Fact]
    public void A_2xx_without_an_id_is_unknown_never_retried()
    {
        Assert.Equal(SendDisposition.Unknown, Read(200, "{}").Disposition);
        Assert.Equal(SendDisposition.Unknown, Read(200, "not json").Disposition);
    }

    [Fact]
    public void The_documented_throughput_error_retries_after_Retry_After_and_slows_the_sender()
    {
        SendResult r = Read(400, """
            {
              "error": {
                "message": "(#130429) Rate limit hit",
                "type": "OAuthException",
                "code": 130429,
                "error_data": {
                  "messaging_product": "whatsapp",
                  "details": "Cloud API message throughput has been reached."
                },
                "error_subcode": 2494055,
                "fbtrace_id": "Az8or2yhqkZfEZ-_4Qn_Bam"
              }
            }
            """, TimeSpan.FromSeconds(30));

        Assert.Equal(new SendResult(SendDisposition.RetryLater, null, null, "130429", "Cloud API message throughput has been reached.", TimeSpan.FromSeconds(30),
            ProviderErrorAction.SlowSender), r);
        Assert.True(WhatsAppCloudProvider.Errors.For("130429").Action.HasFlag(ProviderErrorAction.SlowSender));
    }

    [Theory]
    [InlineData(131047, SendDisposition.Failed, ErrorClass.Policy, null)]
    [InlineData(130429, SendDisposition.RetryLater, null, 1d)]
    [InlineData(131056, SendDisposition.RetryLater, ErrorClass.Policy, 6d)]
    [InlineData(131049, SendDisposition.RetryLater, ErrorClass.Policy, 86400d)]
    [InlineData(131026, SendDisposition.Failed, ErrorClass.Permanent, null)]
    [InlineData(131000, SendDisposition.RetryLater, null, null)]
    [InlineData(131016, SendDisposition.RetryLater, null, null)]
    [InlineData(131057, SendDisposition.RetryLater, null, null)]
    [InlineData(2, SendDisposition.RetryLater, null, null)]
    [InlineData(4, SendDisposition.RetryLater, null, 1d)]
    [InlineData(80007, SendDisposition.RetryLater, null, 1d)]
    [InlineData(131008, SendDisposition.Failed, ErrorClass.Permanent, null)]
    [InlineData(131009, SendDisposition.Failed, ErrorClass.Permanent, null)]
    [InlineData(100, SendDisposition.Failed, ErrorClass.Permanent, null)]
    [InlineData(132000, SendDisposition.Failed, ErrorClass.Permanent, null)]
    [InlineData(132001, SendDisposition.Failed, ErrorClass.Permanent, null)]
    [InlineData(132015, SendDisposition.Failed, ErrorClass.Policy, null)]
    [InlineData(132016, SendDisposition.Failed, ErrorClass.Policy, null)]
    [InlineData(131050, SendDisposition.Failed, ErrorClass.Policy, null)]
    [InlineData(368, SendDisposition.Failed, ErrorClass.Policy, null)]
    [InlineData(190, SendDisposition.Failed, ErrorClass.Permanent, null)]
    [InlineData(0, SendDisposition.Failed, ErrorClass.Permanent, null)]
    [InlineData(10, SendDisposition.Failed, ErrorClass.Permanent, null)]
    [InlineData(132005, SendDisposition.Failed, ErrorClass.Permanent, null)]
    public void Every_code_in_the_table_maps_to_its_disposition(int code, SendDisposition disposition, ErrorClass? cls, double? delaySeconds)
    {
        SendResult r = Read(400, Error(code, "the details"));

        Assert.Equal(disposition, r.Disposition);
        Assert.Equal(disposition == SendDisposition.Failed ? cls ?? ErrorClass.Permanent : cls, r.ErrorClass);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), r.ErrorCode);
        Assert.Equal("the details", r.ErrorMessage);
        Assert.Equal(delaySeconds is { } s ? TimeSpan.FromSeconds(s) : null, r.RetryAfter);
    }

    [Fact]
    public void Every_documented_row_is_covered_by_the_theory_above()
    {
        string[] tested = ["131047", "130429", "131056", "131049", "131026", "131000", "131016", "131057", "2", "4", "80007",
            "131008", "131009", "100", "132000", "132001", "132015", "132016", "131050", "368", "190", "0", "10"];
        Assert.Equal(tested.Order(), WhatsAppCloudProvider.Errors.Rows.Select(r => r.Code).Order());
    }

    [Fact]
    public void Actions_beside_the_disposition()
    {
        Assert.Equal(ProviderErrorAction.BackOffRecipient, WhatsAppCloudProvider.Errors.For("131056").Action);
        Assert.Equal(ProviderErrorAction.SyncTemplate, WhatsAppCloudProvider.Errors.For("132015").Action);
        Assert.Equal(ProviderErrorAction.AlertOperator, WhatsAppCloudProvider.Errors.For("190").Action);
        Assert.Equal(ProviderErrorAction.AlertOperator, WhatsAppCloudProvider.Errors.For("368").Action);
    }

    [Fact]
    public void A_longer_Retry_After_wins_over_the_rules_own_delay_and_a_shorter_one_does_not()
    {
        Assert.Equal(TimeSpan.FromSeconds(20), Read(400, Error(131056), TimeSpan.FromSeconds(20)).RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(6), Read(400, Error(131056), TimeSpan.FromSeconds(2)).RetryAfter);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public void Http_5xx_before_acceptance_is_retried(int status)
    {
        SendResult r = Read(status, "<html>bad gateway</html>", TimeSpan.FromSeconds(5));

        Assert.Equal(SendDisposition.RetryLater, r.Disposition);
        Assert.Equal(TimeSpan.FromSeconds(5), r.RetryAfter);
    }

    [Fact]
    public void Http_429_without_a_body_is_retried_after_Retry_After()
    {
        SendResult r = Read(429, "", TimeSpan.FromSeconds(12));

        Assert.Equal(new SendResult(SendDisposition.RetryLater, null, null, "http_429", "Too many requests.", TimeSpan.FromSeconds(12),
            ProviderErrorAction.SlowSender), r);
    }

    [Fact]
    public void An_undocumented_code_or_a_bare_4xx_fails_permanently()
    {
        Assert.Equal(SendResult.Fail(ErrorClass.Permanent, "999999", "d"), Read(400, Error(999999, "d")));
        Assert.Equal(SendResult.Fail(ErrorClass.Permanent, "http_404", "HTTP 404."), Read(404, ""));
    }
}

using System.Text;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.Twilio;

namespace Herald.Providers.Tests.Twilio;

/// <summary>Send answers (§2.1 resource, §2.2 error body) and every row of the error table (§2.7).</summary>
public class ResponseTests
{
    private static SendResult Read(int status, string body, TimeSpan? retryAfter = null) =>
        TwilioProvider.ReadResponse(status, Encoding.UTF8.GetBytes(body), retryAfter);

    [Fact]
    public void The_documented_201_gives_the_message_sid()
    {
        SendResult r = Read(201, """
            {
              "account_sid": "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
              "api_version": "2010-04-01",
              "body": "Hi there",
              "date_created": "Thu, 24 Aug 2023 05:01:45 +0000",
              "date_sent": "Thu, 24 Aug 2023 05:01:45 +0000",
              "date_updated": "Thu, 24 Aug 2023 05:01:45 +0000",
              "direction": "outbound-api",
              "error_code": null,
              "error_message": null,
              "from": "+15557122661",
              "num_media": "0",
              "num_segments": "1",
              "price": null,
              "price_unit": null,
              "messaging_service_sid": "MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
              "sid": "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
              "status": "queued",
              "subresource_uris": {
                "media": "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages/SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Media.json"
              },
              "to": "+15558675310",
              "uri": "/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages/SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json"
            }
            """);

        Assert.Equal(SendResult.Accepted("SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), r);
    }

    [Fact]
    public void The_documented_error_body_maps_through_the_table()
    {
        SendResult r = Read(400, """
            {
              "code": 21211,
              "message": "The 'To' number 5551234567 is not a valid phone number.",
              "more_info": "https://www.twilio.com/docs/errors/21211",
              "status": 400
            }
            """);

        Assert.Equal(SendResult.Fail(ErrorClass.Permanent, "21211", "The 'To' number 5551234567 is not a valid phone number."), r);
    }

    [Theory]
    [InlineData(21211, SendDisposition.Failed, ErrorClass.Permanent)]
    [InlineData(21610, SendDisposition.Failed, ErrorClass.Consent)]
    [InlineData(21611, SendDisposition.RetryLater, null)]
    [InlineData(30001, SendDisposition.RetryLater, null)]
    [InlineData(30003, SendDisposition.Failed, ErrorClass.Permanent)]
    [InlineData(30005, SendDisposition.Failed, ErrorClass.Permanent)]
    [InlineData(30006, SendDisposition.Failed, ErrorClass.Permanent)]
    [InlineData(30007, SendDisposition.Failed, ErrorClass.Policy)]
    [InlineData(30036, SendDisposition.Failed, ErrorClass.Permanent)]
    [InlineData(30045, SendDisposition.Failed, ErrorClass.Permanent)]
    [InlineData(63016, SendDisposition.Failed, ErrorClass.Policy)]
    [InlineData(63014, SendDisposition.Failed, ErrorClass.Permanent)]
    [InlineData(20003, SendDisposition.Failed, ErrorClass.Permanent)]
    [InlineData(20429, SendDisposition.RetryLater, null)]
    [InlineData(12345, SendDisposition.Failed, ErrorClass.Permanent)]
    public void Every_code_in_the_table_maps_to_its_disposition(int code, SendDisposition disposition, ErrorClass? cls)
    {
        SendResult r = Read(400, $$"""{"code":{{code}},"message":"m","more_info":"x","status":400}""");

        Assert.Equal(disposition, r.Disposition);
        Assert.Equal(cls, r.ErrorClass);
        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), r.ErrorCode);
    }

    [Fact]
    public void The_table_rows_are_the_ones_tested()
    {
        Assert.Equal(["20003", "20429", "21211", "21610", "21611", "30001", "30003", "30005", "30006", "30007", "30036", "30045", "63014", "63016"],
            TwilioProvider.Errors.Rows.Select(r => r.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Opt_out_error_records_the_opt_out_and_expiry_is_flagged()
    {
        Assert.Equal(ProviderErrorAction.RecordOptOut, TwilioProvider.Errors.For("21610").Action);
        Assert.Equal(ProviderErrorAction.Expired, TwilioProvider.Errors.For("30036").Action);
        Assert.Equal(ProviderErrorAction.SlowSender, TwilioProvider.Errors.For("21611").Action);
    }

    [Fact]
    public void Http_429_retries_after_Retry_After_and_slows_the_sender()
    {
        SendResult r = Read(429, """{"code":20429,"message":"Too Many Requests","more_info":"https://www.twilio.com/docs/errors/20429","status":429}""",
            TimeSpan.FromSeconds(7));

        Assert.Equal(new SendResult(SendDisposition.RetryLater, null, null, "20429", "Too Many Requests", TimeSpan.FromSeconds(7),
            ProviderErrorAction.SlowSender), r);
        Assert.Equal(SendDisposition.RetryLater, Read(429, "").Disposition);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public void Http_5xx_before_acceptance_is_retried(int status)
    {
        Assert.Equal(SendDisposition.RetryLater, Read(status, "oops").Disposition);
    }

    [Fact]
    public void A_message_failed_at_creation_keeps_its_sid_and_its_error()
    {
        SendResult r = Read(201, """{"sid":"SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","status":"failed","error_code":30007,"error_message":"filtered"}""");

        Assert.Equal(new SendResult(SendDisposition.Failed, "SMbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", ErrorClass.Policy, "30007", "filtered"), r);
    }

    [Fact]
    public void A_2xx_without_a_sid_is_unknown()
    {
        Assert.Equal(SendDisposition.Unknown, Read(201, "{}").Disposition);
    }
}

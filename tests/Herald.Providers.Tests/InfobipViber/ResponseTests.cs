using System.Text;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.InfobipViber;

namespace Herald.Providers.Tests.InfobipViber;

/// <summary>Send answers and error bodies (§3.1), and every row of the error table.</summary>
public class ResponseTests
{
    private static SendResult Read(int status, string body, TimeSpan? retryAfter = null) =>
        InfobipViberProvider.ReadResponse(status, Encoding.UTF8.GetBytes(body), retryAfter);

    [Fact]
    public void The_documented_200_gives_the_message_id()
    {
        SendResult r = Read(200, """
            {
              "bulkId": "a28dd97c-2222-4fcf-99f1-0b557ed381da",
              "messages": [
                {
                  "messageId": "a28dd97c-1ffb-4fcf-99f1-0b557ed381da",
                  "status": {"groupId": 1,"groupName": "PENDING","id": 26,"name": "PENDING_ACCEPTED","description": "Message sent to next instance"},
                  "destination": "441134960001"
                }
              ]
            }
            """);

        Assert.Equal(SendResult.Accepted("a28dd97c-1ffb-4fcf-99f1-0b557ed381da"), r);
    }

    [Fact]
    public void A_rejected_status_group_fails_with_the_id_kept()
    {
        SendResult r = Read(200, """{"messages":[{"messageId":"m1","status":{"groupId":5,"groupName":"REJECTED","id":6,"name":"REJECTED_NETWORK","description":"Network is forbidden"}}]}""");

        Assert.Equal(new SendResult(SendDisposition.Failed, "m1", ErrorClass.Permanent, "REJECTED_NETWORK", "Network is forbidden"), r);
    }

    [Fact]
    public void The_documented_E400_fails_permanently()
    {
        SendResult r = Read(400, """
            {
              "errorCode": "E400",
              "description": "Request cannot be processed.",
              "action": "Check the syntax, violations and adjust the request.",
              "violations": [{"property": "property.path","violation": "Violation message."}],
              "resources": []
            }
            """);

        Assert.Equal(SendResult.Fail(ErrorClass.Permanent, "E400", "Request cannot be processed."), r);
    }

    [Theory]
    [InlineData(400, "E400", SendDisposition.Failed)]
    [InlineData(401, "E401", SendDisposition.Failed)]
    [InlineData(403, "E403", SendDisposition.Failed)]
    [InlineData(404, "E404", SendDisposition.Failed)]
    [InlineData(429, "E429", SendDisposition.RetryLater)]
    [InlineData(500, "E500", SendDisposition.RetryLater)]
    public void Every_current_code_maps(int status, string code, SendDisposition disposition)
    {
        SendResult r = Read(status, $$"""{"errorCode":"{{code}}","description":"d"}""", TimeSpan.FromSeconds(3));

        Assert.Equal((disposition, code), (r.Disposition, r.ErrorCode));
        Assert.Equal(disposition == SendDisposition.Failed ? ErrorClass.Permanent : null, r.ErrorClass);
    }

    [Theory]
    [InlineData(401, "UNAUTHORIZED", SendDisposition.Failed)]
    [InlineData(429, "TOO_MANY_REQUESTS", SendDisposition.RetryLater)]
    [InlineData(500, "GENERAL_ERROR", SendDisposition.RetryLater)]
    public void Every_legacy_code_maps(int status, string code, SendDisposition disposition)
    {
        SendResult r = Read(status, $$"""{ "requestError": { "serviceException": { "messageId": "{{code}}", "text": "t" } } }""");

        Assert.Equal((disposition, code, "t"), (r.Disposition, r.ErrorCode, r.ErrorMessage));
    }

    [Fact]
    public void The_table_rows_are_the_ones_tested()
    {
        Assert.Equal(["E400", "E401", "E403", "E404", "E429", "E500", "GENERAL_ERROR", "TOO_MANY_REQUESTS", "UNAUTHORIZED"],
            InfobipViberProvider.Errors.Rows.Select(r => r.Code).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bare_429_and_5xx_retry_and_a_bare_4xx_fails()
    {
        Assert.Equal(new SendResult(SendDisposition.RetryLater, null, null, "E429", "Too many requests sent.", TimeSpan.FromSeconds(9),
            ProviderErrorAction.SlowSender), Read(429, "", TimeSpan.FromSeconds(9)));
        Assert.Equal(SendDisposition.RetryLater, Read(502, "bad gateway").Disposition);
        Assert.Equal(SendResult.Fail(ErrorClass.Permanent, "http_409", "HTTP 409."), Read(409, ""));
        Assert.Equal(SendDisposition.Unknown, Read(200, "{}").Disposition);
    }
}

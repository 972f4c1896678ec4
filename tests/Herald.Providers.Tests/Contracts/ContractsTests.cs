using Herald.Domain.Messages;
using Herald.Providers.Contracts;

namespace Herald.Providers.Tests.Contracts;

public class ContractsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("30", 30d)]
    [InlineData(" 0 ", 0d)]
    [InlineData("Tue, 24 Nov 2026 12:01:00 GMT", 60d)]
    [InlineData("Tue, 24 Nov 2026 11:00:00 GMT", 0d)]
    public void Retry_After_reads_seconds_and_dates(string value, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryAfterHeader.Parse(value, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("soon")]
    public void Unreadable_Retry_After_is_null(string? value)
    {
        Assert.Null(RetryAfterHeader.Parse(value, Now));
    }

    [Fact]
    public void Headers_are_found_whatever_their_case()
    {
        var r = new ProviderWebhookRequest("u", new Dictionary<string, string> { ["x-hub-signature-256"] = "v" }, Array.Empty<byte>());

        Assert.Equal("v", r.Header("X-Hub-Signature-256"));
        Assert.Null(r.Header("X-Twilio-Signature"));
    }

    [Fact]
    public void A_status_dedupe_key_is_provider_id_and_status()
    {
        Assert.Equal("meta:wamid.1:delivered", new ProviderStatusEvent("meta", "wamid.1", MessageStatus.Delivered, null).DedupeKey);
    }

    [Fact]
    public void The_json_comparison_used_to_pin_payloads_does_catch_differences()
    {
        Assert.ThrowsAny<Exception>(() => JsonShape.Equal("""{"a":1}""", """{"a":2}"""));
        Assert.ThrowsAny<Exception>(() => JsonShape.Equal("""{"a":"1"}""", """{"a":1}"""));
        Assert.ThrowsAny<Exception>(() => JsonShape.Equal("""{"a":[1,2]}""", """{"a":[2,1]}"""));
        Assert.ThrowsAny<Exception>(() => JsonShape.Equal("""{"a":1}""", """{"a":1,"b":2}"""));
        JsonShape.Equal("""{"a":1,"b":{"c":true}}""", """{"b":{"c":true},"a":1}""");
    }
}

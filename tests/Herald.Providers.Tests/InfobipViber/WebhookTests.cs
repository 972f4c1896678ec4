using System.Text;
using Herald.Domain.Messages;
using Herald.Providers.Contracts;
using Herald.Providers.InfobipViber;

namespace Herald.Providers.Tests.InfobipViber;

/// <summary>Delivery, seen and inbound reports (§3.2, §3.3) verbatim, and Herald's per-sender signature.</summary>
public class WebhookTests
{
    private const string Secret = "viber_secret";

    // Signed with: printf '%s' "$Seen" | openssl dgst -sha256 -hmac viber_secret
    private const string Seen = """{"results":[{"messageId":"m1","seenAt":"2023-04-05T11:22:10.251+0000","to":"41793026731"}]}""";
    private const string SeenSignature = "aead253d982f2bf1fa1bddb91a7fb469b4664b4f9c43a1228bfbef1b65fb59a9";

    private static readonly InfobipViberProvider Infobip = new(new InfobipViberSettings("441134960000"));

    private static ProviderWebhookEvents Parse(string json)
    {
        Assert.True(InfobipViberProvider.TryParseWebhook(Encoding.UTF8.GetBytes(json), out ProviderWebhookEvents e));
        return e;
    }

    private static ProviderWebhookRequest Request(byte[] body, string? signature) =>
        new("https://h/hooks/infobip", signature is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["X-Herald-Signature"] = signature }, body);

    [Fact]
    public void The_documented_delivery_report_becomes_delivered_at_doneAt()
    {
        ProviderWebhookEvents e = Parse("""
            {"results":[{"bulkId":"a28dd97c-2222-4fcf-99f1-0b557ed381da","price":{"pricePerMessage":0.15,"currency":"EUR"},
              "status":{"groupId":3,"groupName":"DELIVERED","id":5,"name":"DELIVERED_TO_HANDSET","description":"Message delivered to handset"},
              "error":{"groupId":0,"groupName":"OK","id":0,"name":"NO_ERROR","description":"No Error","permanent":false},
              "messageId":"2250be2d4219-3af1-78856-aabe-1362af1edfd2","to":"441134960001","sender":"441134960000",
              "sentAt":"2023-02-01T23:00:00.000+0000","doneAt":"2023-02-03T00:01:01.000+0000","messageCount":1,"mccMnc":"22801",
              "callbackData":"Callback data","platform":{"entityId":"promotional-traffic-entity","applicationId":"marketing-automation-application"}}]}
            """);

        Assert.Equal(new ProviderStatusEvent("infobip", "2250be2d4219-3af1-78856-aabe-1362af1edfd2", MessageStatus.Delivered,
            new DateTimeOffset(2023, 2, 3, 0, 1, 1, TimeSpan.Zero), "+441134960001", Reference: "2250be2d4219-3af1-78856-aabe-1362af1edfd2"),
            Assert.Single(e.Statuses));
    }

    [Theory]
    [InlineData(3, "DELIVERED", "DELIVERED_TO_OPERATOR", MessageStatus.Sent)]
    [InlineData(2, "UNDELIVERABLE", "UNDELIVERABLE_NOT_DELIVERED", MessageStatus.Failed)]
    [InlineData(4, "EXPIRED", "EXPIRED_EXPIRED", MessageStatus.Expired)]
    [InlineData(5, "REJECTED", "REJECTED_NETWORK", MessageStatus.Failed)]
    public void Status_groups_map(int group, string groupName, string name, MessageStatus status)
    {
        ProviderWebhookEvents e = Parse($$$"""
            {"results":[{"messageId":"m1","to":"1","doneAt":"2023-02-03T00:01:01.000+0000",
              "status":{"groupId":{{{group}}},"groupName":"{{{groupName}}}","id":1,"name":"{{{name}}}"},
              "error":{"groupId":1,"groupName":"HANDSET_ERRORS","id":27,"name":"EC_ABSENT_SUBSCRIBER","description":"Absent","permanent":true}}]}
            """);

        ProviderStatusEvent s = Assert.Single(e.Statuses);
        Assert.Equal(status, s.Status);
        Assert.Equal(status == MessageStatus.Failed ? "EC_ABSENT_SUBSCRIBER" : null, s.ErrorCode);
        Assert.Equal(status == MessageStatus.Failed ? ErrorClass.Permanent : null, s.ErrorClass);
    }

    [Fact]
    public void A_non_permanent_failure_is_classed_transient_and_pending_is_ignored()
    {
        ProviderWebhookEvents e = Parse("""
            {"results":[
              {"messageId":"m1","status":{"groupId":2,"groupName":"UNDELIVERABLE","id":9,"name":"UNDELIVERABLE_NOT_DELIVERED"},
               "error":{"id":5000,"name":"EC_TEMPORARY","description":"Temporary","permanent":false}},
              {"messageId":"m2","status":{"groupId":1,"groupName":"PENDING","id":26,"name":"PENDING_ACCEPTED"}},
              {"messageId":"m3","status":{"groupId":9,"groupName":"NEW_GROUP","id":99,"name":"WHATEVER"}}]}
            """);

        ProviderStatusEvent s = Assert.Single(e.Statuses);
        Assert.Equal(("m1", ErrorClass.TransientExhausted), (s.ProviderMessageId, s.ErrorClass));
    }

    [Fact]
    public void The_documented_seen_report_is_read()
    {
        ProviderWebhookEvents e = Parse("""
            {"results":[{"messageId":"1215f543ab19-345f-adbd-12ad31451ed25f35","from":"385919998888","to":"41793026731",
              "sentAt":"2023-04-05T11:21:57.793+0000","seenAt":"2023-04-05T11:22:10.251+0000","applicationId":"example-application-id",
              "entityId":"example-entity-id","campaignReferenceId":"campaignRefId"}]}
            """);

        Assert.Equal(new ProviderStatusEvent("infobip", "1215f543ab19-345f-adbd-12ad31451ed25f35", MessageStatus.Read,
            new DateTimeOffset(2023, 4, 5, 11, 22, 10, 251, TimeSpan.Zero), "+41793026731", Reference: "1215f543ab19-345f-adbd-12ad31451ed25f35"),
            Assert.Single(e.Statuses));
    }

    [Fact]
    public void The_documented_inbound_message_comes_from_the_user()
    {
        ProviderWebhookEvents e = Parse("""
            {"results":[{"sender":"385912345678","to":"givenClient","integrationType":"VIBER","receivedAt":"2020-04-01T11:02:43.594+0000",
              "messageId":"1234567890123456789","message":{"text":"givenText","trackingData":"givenTrackingData","type":"TEXT"},
              "price":{"pricePerMessage":0.15,"currency":"EUR"}}],"messageCount":1,"pendingMessageCount":1}
            """);

        Assert.Equal(new ProviderInboundMessage("infobip", Channel.Viber, "1234567890123456789", "+385912345678", "givenClient", "givenText",
            new DateTimeOffset(2020, 4, 1, 11, 2, 43, 594, TimeSpan.Zero)), Assert.Single(e.Inbound));
    }

    [Fact]
    public void Non_json_or_a_body_without_results_is_refused()
    {
        Assert.False(InfobipViberProvider.TryParseWebhook(Encoding.UTF8.GetBytes("<xml/>"), out _));
        Assert.False(InfobipViberProvider.TryParseWebhook(Encoding.UTF8.GetBytes("{}"), out _));
    }

    [Theory]
    [InlineData(SeenSignature)]
    [InlineData("sha256=" + SeenSignature)]
    [InlineData("SHA256=AEAD253D982F2BF1FA1BDDB91A7FB469B4664B4F9C43A1228BFBEF1B65FB59A9")]
    public void The_per_sender_signature_verifies(string header)
    {
        Assert.True(Infobip.IsAuthentic(Request(Encoding.UTF8.GetBytes(Seen), header), Secret));
        Assert.Equal("sha256=" + SeenSignature, InfobipViberProvider.Sign(Encoding.UTF8.GetBytes(Seen), Secret));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("not-hex")]
    public void A_missing_or_malformed_signature_is_refused(string? header)
    {
        Assert.False(Infobip.IsAuthentic(Request(Encoding.UTF8.GetBytes(Seen), header), Secret));
    }

    [Fact]
    public void One_changed_byte_or_another_secret_is_refused()
    {
        byte[] body = Encoding.UTF8.GetBytes(Seen);
        body[20] ^= 0x20;

        Assert.False(Infobip.IsAuthentic(Request(body, SeenSignature), Secret));
        Assert.False(Infobip.IsAuthentic(Request(Encoding.UTF8.GetBytes(Seen), SeenSignature), "other"));
        Assert.False(Infobip.IsAuthentic(Request(Encoding.UTF8.GetBytes(Seen), SeenSignature), ""));
    }

    [Fact]
    public void Non_ascii_bodies_verify_over_their_raw_bytes()
    {
        byte[] body = Encoding.UTF8.GetBytes("""{"results":[{"messageId":"1","sender":"385912345678","to":"c","message":{"text":"Дякую! ✓","type":"TEXT"}}]}""");

        Assert.True(Infobip.IsAuthentic(Request(body, InfobipViberProvider.Sign(body, Secret)), Secret));
        Assert.True(Infobip.TryParse(Request(body, null), out ProviderWebhookEvents e));
        Assert.Equal("Дякую! ✓", Assert.Single(e.Inbound).Text);
    }
}

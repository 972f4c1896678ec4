using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Herald.Providers.Integration.Tests;

/// <summary>
/// Vendor-documented webhooks signed by the test itself with the sender's secret and posted to the sender's
/// webhook_url, on both engines: inbound messages open the window or record STOP; a changed byte or no signature is
/// refused and changes nothing; non-ASCII bodies verify over the raw bytes; statuses out of order and twice end right,
/// each raw event kept once.
/// </summary>
public abstract class WebhookIngestTests(ProvidersFixture fx) : IntegrationTest(fx)
{
    /// <summary>docs/providers/wire-formats.md §1.5.1, verbatim but for the sender, the customer and the message id.</summary>
    private static string MetaInbound(string from, string wamid, string bodyJson) => $$"""
        {
          "object": "whatsapp_business_account",
          "entry": [
            {
              "id": "{{ProvidersFixture.WabaId}}",
              "changes": [
                {
                  "value": {
                    "messaging_product": "whatsapp",
                    "metadata": {
                      "display_phone_number": "{{ProvidersFixture.DisplayNumber}}",
                      "phone_number_id": "{{ProvidersFixture.PhoneNumberId}}"
                    },
                    "contacts": [
                      {
                        "profile": {
                          "name": "Sheena Nelson"
                        },
                        "wa_id": "{{from}}"
                      }
                    ],
                    "messages": [
                      {
                        "from": "{{from}}",
                        "id": "{{wamid}}",
                        "timestamp": "{{Unix()}}",
                        "type": "text",
                        "text": {
                          "body": {{bodyJson}}
                        }
                      }
                    ]
                  },
                  "field": "messages"
                }
              ]
            }
          ]
        }
        """;

    /// <summary>§1.5.3's status envelope for one status of one message.</summary>
    private static string MetaStatus(string wamid, string status, string recipient, long timestamp) => $$"""
        {"object":"whatsapp_business_account","entry":[{"id":"{{ProvidersFixture.WabaId}}","changes":[{"value":{
          "messaging_product":"whatsapp",
          "metadata":{"display_phone_number":"{{ProvidersFixture.DisplayNumber}}","phone_number_id":"{{ProvidersFixture.PhoneNumberId}}"},
          "statuses":[{"id":"{{wamid}}","status":"{{status}}","timestamp":"{{timestamp}}","recipient_id":"{{recipient}}",
            "pricing":{"billable":true,"pricing_model":"PMP","type":"regular","category":"utility"} } ]},
          "field":"messages"}]}]}
        """;

    private static string Unix() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string NewWamid() => "wamid.HBgL" + Guid.NewGuid().ToString("N").ToUpperInvariant() + "AA==";

    private Task<Reply> PostMetaAsync(byte[] body, string? signature) => signature is null
        ? PostHookAsync(Fx.Meta.WebhookUrl, body, "application/json")
        : PostHookAsync(Fx.Meta.WebhookUrl, body, "application/json", ("X-Hub-Signature-256", signature));

    private async Task<bool> WindowOpenAsync(string to)
    {
        var check = await PostAsync("/v1/messages/check", new { to, channel = "whatsapp", sender = Fx.Meta.Id, text = "probe" });
        AssertStatus(check, 200);
        return check.Json.TryGetProperty("window", out var w) && w.ValueKind == JsonValueKind.Object && w.GetProperty("open").GetBoolean();
    }

    private static void AssertRefused(Reply reply) =>
        Assert.True(reply.Status is 401 or 403, $"a bad or missing signature must be refused with 401 or 403, got {reply}");

    private static byte[] OneByteChanged(byte[] body, string marker)
    {
        var copy = (byte[])body.Clone();
        var at = Encoding.UTF8.GetString(copy).IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0);
        copy[Encoding.UTF8.GetByteCount(Encoding.UTF8.GetString(copy)[..at])] ^= 0x01;
        return copy;
    }

    [Fact]
    public async Task A_signed_whatsapp_inbound_opens_the_window_and_tampered_or_unsigned_copies_change_nothing()
    {
        var to = NewPhone();
        var body = Encoding.UTF8.GetBytes(MetaInbound(to.TrimStart('+'), NewWamid(), "\"Does it come in another color?\""));
        var signature = MetaSignature(body);
        Assert.False(await WindowOpenAsync(to));
        var before = await Fx.CountRowsAsync();

        AssertRefused(await PostMetaAsync(OneByteChanged(body, "another color"), signature));
        AssertRefused(await PostMetaAsync(body, null));
        AssertRefused(await PostMetaAsync(body, "sha256=" + new string('0', 64)));

        Assert.Equal(before, await Fx.CountRowsAsync());
        Assert.False(await WindowOpenAsync(to));

        AssertStatus(await PostMetaAsync(body, signature), 200);
        Assert.True(await WindowOpenAsync(to));
    }

    [Fact]
    public async Task One_app_webhook_serving_two_numbers_records_each_inbound_on_the_number_it_names()
    {
        // Meta posts every number of an app to the app's one callback URL: here the first sender's. The message names
        // the second number's phone_number_id, so it must open the window on the second sender, not the first.
        const string secondId = "200000000000002";
        var created = await PostAsync("/v1/senders", new
        {
            name = "Second WhatsApp number", provider = "meta", address = "+15550783999",
            settings = new { phone_number_id = secondId, waba_id = ProvidersFixture.WabaId },
            credentials = new { access_token = "second-token", app_secret = ProvidersFixture.AppSecret, verify_token = "second-verify" },
        });
        AssertStatus(created, 201);
        var second = created.Json.GetProperty("id").GetString()!;
        var to = NewPhone();
        var body = Encoding.UTF8.GetBytes(MetaInbound(to.TrimStart('+'), NewWamid(), "\"Hello second number\"")
            .Replace($"\"phone_number_id\": \"{ProvidersFixture.PhoneNumberId}\"", $"\"phone_number_id\": \"{secondId}\"", StringComparison.Ordinal));
        Assert.Contains(secondId, Encoding.UTF8.GetString(body), StringComparison.Ordinal);

        AssertStatus(await PostMetaAsync(body, MetaSignature(body)), 200);

        var onSecond = await PostAsync("/v1/messages/check", new { to, channel = "whatsapp", sender = second, text = "probe" });
        AssertStatus(onSecond, 200);
        Assert.True(onSecond.Json.GetProperty("allowed").GetBoolean(), onSecond.ToString());
        Assert.False(await WindowOpenAsync(to)); // the first number's window stays closed
    }

    [Theory]
    [InlineData("escaped")]
    [InlineData("raw")]
    public async Task A_non_ascii_inbound_verifies_over_the_raw_bytes_escaped_as_meta_does_or_raw_utf8(string form)
    {
        var to = NewPhone();
        var wamid = NewWamid();
        // Meta escapes non-ASCII as \uXXXX (lowercase hex, surrogate pairs); a raw UTF-8 body must verify just the same.
        var text = form == "escaped" ? "\"Gr\\u00fc\\u00dfe \\ud83d\\ude00\"" : "\"Grüße 😀\"";
        var body = Encoding.UTF8.GetBytes(MetaInbound(to.TrimStart('+'), wamid, text));

        AssertStatus(await PostMetaAsync(body, MetaSignature(body)), 200);

        Assert.True(await WindowOpenAsync(to));
        var stored = await Fx.StringsAsync("SELECT body FROM messages WHERE provider_message_id = @id", ("@id", wamid));
        Assert.Equal(["Grüße 😀"], stored);
        Assert.Equal(1, await Fx.ScalarAsync("SELECT COUNT(*) FROM provider_events WHERE provider_message_id = @id", ("@id", wamid)));
    }

    [Fact]
    public async Task A_signed_twilio_STOP_records_the_opt_out_and_tampered_or_unsigned_copies_change_nothing()
    {
        var from = NewPhone();
        var sid = "SM" + Guid.NewGuid().ToString("N");
        // docs/providers/wire-formats.md §2.4: the incoming-message parameters Twilio posts.
        List<KeyValuePair<string, string>> form =
        [
            new("ToCountry", "US"), new("ToState", "CA"), new("SmsMessageSid", sid), new("NumMedia", "0"), new("ToCity", "SAN FRANCISCO"),
            new("FromZip", ""), new("SmsSid", sid), new("FromState", ""), new("SmsStatus", "received"), new("FromCity", ""), new("Body", "STOP"),
            new("FromCountry", "GB"), new("To", ProvidersFixture.SmsNumber), new("ToZip", "94105"), new("NumSegments", "1"), new("MessageSid", sid),
            new("AccountSid", ProvidersFixture.AccountSid), new("From", from), new("ApiVersion", "2010-04-01"), new("OptOutType", "STOP"),
        ];
        var body = FormBytes(form);
        var signature = TwilioSignature(Fx.Sms.WebhookUrl, form);
        AssertStatus(await PostAsync("/v1/messages/check", new { to = from, channel = "sms", sender = Fx.Sms.Id, text = "probe" }), 200);
        var before = await Fx.CountRowsAsync();

        var tampered = OneByteChanged(body, "STOP");
        AssertRefused(await PostHookAsync(Fx.Sms.WebhookUrl, tampered, "application/x-www-form-urlencoded", ("X-Twilio-Signature", signature)));
        AssertRefused(await PostHookAsync(Fx.Sms.WebhookUrl, body, "application/x-www-form-urlencoded"));
        AssertRefused(await PostHookAsync(Fx.Sms.WebhookUrl, body, "application/x-www-form-urlencoded",
            ("X-Twilio-Signature", TwilioSignature(Fx.Sms.WebhookUrl, form, "not-the-token"))));

        Assert.Equal(before, await Fx.CountRowsAsync());
        var stillAllowed = await PostAsync("/v1/messages/check", new { to = from, channel = "sms", sender = Fx.Sms.Id, text = "Your order shipped" });
        Assert.True(stillAllowed.Json.GetProperty("allowed").GetBoolean(), stillAllowed.ToString());

        var ok = await PostHookAsync(Fx.Sms.WebhookUrl, body, "application/x-www-form-urlencoded", ("X-Twilio-Signature", signature));
        AssertStatus(ok, 200);

        AssertProblem(await PostAsync("/v1/messages", new { to = from, channel = "sms", sender = Fx.Sms.Id, text = "Your order shipped" }), 422, "opted_out");
    }

    [Fact]
    public async Task Meta_verification_handshake_echoes_the_challenge_only_for_the_right_token()
    {
        var right = await GetAsync($"{Fx.Meta.WebhookUrl}?hub.mode=subscribe&hub.verify_token={ProvidersFixture.VerifyToken}&hub.challenge=1158201444");
        AssertStatus(right, 200);
        Assert.Equal("1158201444", right.Text);

        var wrong = await GetAsync($"{Fx.Meta.WebhookUrl}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1158201444");
        AssertStatus(wrong, 403);
        Assert.DoesNotContain("1158201444", wrong.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meta_statuses_out_of_order_and_twice_end_read_with_each_raw_event_kept_once()
    {
        // The simulator's own status webhooks are held back (10 min), so only the statuses posted here arrive.
        await Fx.Sim.ConfigureAsync("\"sentDelayMs\":600000");
        try
        {
            var to = NewPhone();
            var opened = Encoding.UTF8.GetBytes(MetaInbound(to.TrimStart('+'), NewWamid(), "\"hi\""));
            AssertStatus(await PostMetaAsync(opened, MetaSignature(opened)), 200);
            var id = await AcceptedAsync(new { to, channel = "whatsapp", sender = Fx.Meta.Id, text = "Your table is ready" });
            var accepted = await WaitForAsync(id, m => m.TryGetProperty("provider_message_id", out var p) && p.ValueKind == JsonValueKind.String, "no provider id yet");
            var wamid = accepted.GetProperty("provider_message_id").GetString()!;
            var t = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
            var recipient = to.TrimStart('+');

            foreach (var (status, offset) in new[] { ("read", 3), ("delivered", 2), ("delivered", 2), ("sent", 1), ("read", 3) })
            {
                var body = Encoding.UTF8.GetBytes(MetaStatus(wamid, status, recipient, t + offset));
                AssertStatus(await PostMetaAsync(body, MetaSignature(body)), 200);
            }

            var m = await WaitForStatusAsync(id, "read");
            Assert.Contains(m.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "delivered");
            Assert.Equal(3, await Fx.ScalarAsync("SELECT COUNT(*) FROM provider_events WHERE provider_message_id = @id", ("@id", wamid)));
            Assert.Equal(3, await Fx.ScalarAsync(
                "SELECT COUNT(DISTINCT dedupe_key) FROM provider_events WHERE provider_message_id = @id", ("@id", wamid)));
            Assert.Equal("read", (await MessageAsync(id)).GetProperty("status").GetString());
        }
        finally
        {
            await Fx.Sim.ConfigureAsync("");
        }
    }

    [Fact]
    public async Task Twilio_callbacks_with_a_repeated_idempotency_token_are_ignored()
    {
        await Fx.Sim.ConfigureAsync("\"sentDelayMs\":600000");
        try
        {
            var to = NewPhone();
            var id = await AcceptedAsync(new { to, channel = "sms", sender = Fx.Sms.Id, text = "Your code is 1234" });
            var accepted = await WaitForAsync(id, m => m.TryGetProperty("provider_message_id", out var p) && p.ValueKind == JsonValueKind.String, "no provider id yet");
            var sid = accepted.GetProperty("provider_message_id").GetString()!;
            var url = $"{Fx.Sms.WebhookUrl}?herald_message_id={id}";
            List<KeyValuePair<string, string>> Callback(string status) =>
            [
                new("AccountSid", ProvidersFixture.AccountSid), new("ApiVersion", "2010-04-01"), new("From", ProvidersFixture.SmsNumber),
                new("MessageSid", sid), new("MessageStatus", status), new("SmsSid", sid), new("SmsStatus", status), new("To", to),
            ];
            async Task<Reply> PostCallbackAsync(string status, string token)
            {
                var form = Callback(status);
                return await PostHookAsync(url, FormBytes(form), "application/x-www-form-urlencoded",
                    ("X-Twilio-Signature", TwilioSignature(url, form)), ("I-Twilio-Idempotency-Token", token));
            }
            var token = Guid.NewGuid().ToString();

            AssertStatus(await PostCallbackAsync("delivered", token), 200);
            await WaitForStatusAsync(id, "delivered");
            var events = await Fx.ScalarAsync("SELECT COUNT(*) FROM provider_events");

            AssertStatus(await PostCallbackAsync("delivered", token), 200);
            AssertStatus(await PostCallbackAsync("undelivered", token), 200);

            Assert.Equal(events, await Fx.ScalarAsync("SELECT COUNT(*) FROM provider_events"));
            Assert.Equal(1, await Fx.ScalarAsync("SELECT COUNT(*) FROM provider_events WHERE provider_message_id = @id", ("@id", sid)));
            var m = await MessageAsync(id);
            Assert.Equal("delivered", m.GetProperty("status").GetString());
        }
        finally
        {
            await Fx.Sim.ConfigureAsync("");
        }
    }
}

public sealed class SqliteWebhookIngestTests(SqliteProviders fx) : WebhookIngestTests(fx), IClassFixture<SqliteProviders>;

public sealed class PostgresWebhookIngestTests(PostgresProviders fx) : WebhookIngestTests(fx), IClassFixture<PostgresProviders>;

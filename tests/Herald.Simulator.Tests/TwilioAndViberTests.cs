using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Herald.Simulator.Tests;

public sealed class TwilioAndViberTests : IAsyncLifetime
{
    private SimHarness sim = null!;

    public async Task InitializeAsync() => sim = await SimHarness.StartAsync();

    public async Task DisposeAsync() => await sim.DisposeAsync();

    [Fact]
    public void The_Twilio_signature_matches_the_documented_example()
    {
        var form = new Dictionary<string, string>
        {
            ["Digits"] = "1234",
            ["To"] = "+18005551212",
            ["From"] = "+14158675310",
            ["Caller"] = "+14158675310",
            ["CallSid"] = "CA1234567890ABCDE",
        };

        Assert.Equal("L/OH5YylLD5NRKLltdqwSvS0BnU=",
            Core.Signing.Twilio("12345", "https://example.com/myapp.php?foo=1&bar=2", form));
    }

    [Fact]
    public async Task A_Twilio_send_with_Basic_auth_is_accepted_and_its_callbacks_are_signed()
    {
        using var response = await TwilioSendAsync(SimHarness.AuthToken, new()
        {
            ["To"] = "whatsapp:+15558675310",
            ["From"] = "whatsapp:+15557122661",
            ["ContentSid"] = "HX" + new string('a', 32),
            ["ContentVariables"] = """{"1":"Jessica","2":"SKBUP2"}""",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var sid = json["sid"]!.GetValue<string>();
        Assert.Matches("^SM[0-9a-f]{32}$", sid);
        Assert.Equal("queued", json["status"]!.GetValue<string>());
        Assert.Equal("1", json["num_segments"]!.GetValue<string>());

        var hooks = await sim.WaitForHooksAsync(h => h.Path == "/hooks/twilio", 3);
        foreach (var hook in hooks)
        {
            var form = QueryHelpers.ParseQuery(hook.Text).ToDictionary(p => p.Key, p => p.Value.ToString());
            Assert.Equal(sid, form["MessageSid"]);
            Assert.Equal(TwilioSignature(sim.ReceiverUrl + "/hooks/twilio", form), hook.Headers["X-Twilio-Signature"]);
            Assert.False(string.IsNullOrEmpty(hook.Headers["I-Twilio-Idempotency-Token"]));
        }

        Assert.Equal(["delivered", "read", "sent"],
            hooks.Select(h => QueryHelpers.ParseQuery(h.Text)["MessageStatus"].ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_Twilio_send_with_a_wrong_auth_token_gets_Twilio_error_20003()
    {
        using var response = await TwilioSendAsync("wrong", new() { ["To"] = "+15558675310", ["From"] = "+15557122661", ["Body"] = "Hi" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(20003, json["code"]!.GetValue<int>());
        Assert.Equal(401, json["status"]!.GetValue<int>());
        Assert.Equal("https://www.twilio.com/docs/errors/20003", json["more_info"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Viber_send_answers_like_Infobip_and_reports_delivered_then_seen_signed_per_sender()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/viber/2/messages")
        {
            Content = new StringContent(
                """{"messages":[{"sender":"441134960000","destinations":[{"to":"441134960001","messageId":"m-1"}],"content":{"text":"Some text","type":"TEXT"}}]}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("App", SimHarness.ViberKey);
        using var response = await sim.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["messages"]![0]!;
        Assert.Equal("m-1", message["messageId"]!.GetValue<string>());
        Assert.Equal("PENDING_ACCEPTED", message["status"]!["name"]!.GetValue<string>());

        var hooks = await sim.WaitForHooksAsync(h => h.Path.StartsWith("/hooks/viber", StringComparison.Ordinal), 2);
        foreach (var hook in hooks)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(
                HMACSHA256.HashData(Encoding.UTF8.GetBytes(SimHarness.ViberSecret), hook.Body));
            Assert.Equal(expected, hook.Headers["X-Herald-Signature"]);
        }

        var delivery = hooks.Single(h => h.Path == "/hooks/viber/delivery");
        Assert.Equal("DELIVERED_TO_HANDSET", JsonNode.Parse(delivery.Body)!["results"]![0]!["status"]!["name"]!.GetValue<string>());
        Assert.Single(hooks, h => h.Path == "/hooks/viber/seen");
    }

    [Fact]
    public async Task A_template_starts_PENDING_and_the_approval_webhook_says_APPROVED()
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v23.0/102290129340398/message_templates")
        {
            Content = new StringContent(
                """{"name":"order_confirmation","language":"en_US","category":"utility","parameter_format":"positional","components":[{"type":"body","text":"Hi {{1}}!","example":{"body_text":[["Pablo"]]}}]}""",
                Encoding.UTF8, "application/json"),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimHarness.MetaToken);
        using var created = await sim.Client.SendAsync(create);
        var createdJson = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal("PENDING", createdJson["status"]!.GetValue<string>());
        var id = createdJson["id"]!.GetValue<string>();

        using var approve = await sim.Client.PostAsync("/_sim/templates/order_confirmation/status",
            new StringContent("""{"status":"approve"}""", Encoding.UTF8, "application/json"));
        approve.EnsureSuccessStatusCode();

        var hook = (await sim.WaitForHooksAsync(h => h.Path == "/hooks/meta", 1))[0];
        var change = JsonNode.Parse(hook.Body)!["entry"]![0]!["changes"]![0]!;
        Assert.Equal("message_template_status_update", change["field"]!.GetValue<string>());
        Assert.Equal("APPROVED", change["value"]!["event"]!.GetValue<string>());
        Assert.Equal("order_confirmation", change["value"]!["message_template_name"]!.GetValue<string>());

        using var get = new HttpRequestMessage(HttpMethod.Get, $"/v23.0/{id}?fields=status");
        get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SimHarness.MetaToken);
        using var fetched = await sim.Client.SendAsync(get);
        Assert.Equal($$$"""{"status":"APPROVED","id":"{{{id}}}"}""", await fetched.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_Twilio_send_that_timed_out_can_be_fetched_with_its_current_status()
    {
        (await sim.PutConfigAsync("""{"timeoutRate":1,"timeoutHangMs":2000,"sentDelayMs":0}""")).EnsureSuccessStatusCode();
        await Assert.ThrowsAnyAsync<TaskCanceledException>(async () =>
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            using var r = await TwilioSendAsync(SimHarness.AuthToken, new() { ["To"] = "+15558675310", ["From"] = "+15557122661", ["Body"] = "Hi" }, cts.Token);
        });
        var sid = JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/sends"))!["sends"]![0]!["providerId"]!.GetValue<string>();

        using var get = new HttpRequestMessage(HttpMethod.Get, $"/2010-04-01/Accounts/{SimHarness.AccountSid}/Messages/{sid}.json");
        get.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SimHarness.AccountSid}:{SimHarness.AuthToken}")));
        using var fetched = await sim.Client.SendAsync(get);

        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        var json = JsonNode.Parse(await fetched.Content.ReadAsStringAsync())!;
        Assert.Equal(sid, json["sid"]!.GetValue<string>());
        Assert.Contains(json["status"]!.GetValue<string>(), new[] { "sent", "delivered" });
    }

    private Task<HttpResponseMessage> TwilioSendAsync(string token, Dictionary<string, string> form, CancellationToken cancel = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/2010-04-01/Accounts/{SimHarness.AccountSid}/Messages.json")
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SimHarness.AccountSid}:{token}")));
        return sim.Client.SendAsync(request, cancel);
    }

    /// <summary>Written from Twilio's documented algorithm, independently of the simulator's code.</summary>
    private static string TwilioSignature(string url, Dictionary<string, string> form)
    {
        var text = url + string.Concat(form.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + p.Value));
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(SimHarness.AuthToken), Encoding.UTF8.GetBytes(text)));
    }
}

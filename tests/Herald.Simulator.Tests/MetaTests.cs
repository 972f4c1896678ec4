using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Herald.Simulator.Tests;

public sealed class MetaTests : IAsyncLifetime
{
    private SimHarness sim = null!;

    public async Task InitializeAsync() => sim = await SimHarness.StartAsync();

    public async Task DisposeAsync() => await sim.DisposeAsync();

    [Fact]
    public async Task A_text_send_is_accepted_answered_like_Meta_and_recorded()
    {
        using var response = await sim.MetaTextAsync("+16505551234", "Hello");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("whatsapp", json["messaging_product"]!.GetValue<string>());
        Assert.Equal("+16505551234", json["contacts"]![0]!["input"]!.GetValue<string>());
        Assert.Equal("16505551234", json["contacts"]![0]!["wa_id"]!.GetValue<string>());
        var wamid = json["messages"]![0]!["id"]!.GetValue<string>();
        Assert.StartsWith("wamid.", wamid, StringComparison.Ordinal);

        var sends = JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/sends"))!;
        Assert.Equal(1, sends["count"]!.GetValue<int>());
        var send = sends["sends"]![0]!;
        Assert.Equal("meta", send["vendor"]!.GetValue<string>());
        Assert.Equal(wamid, send["providerId"]!.GetValue<string>());
        Assert.Equal("Hello", send["body"]!.GetValue<string>());
        Assert.Equal(1, send["attempt"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_wrong_token_is_answered_with_a_Meta_error_body_and_not_recorded()
    {
        using var response = await sim.MetaTextAsync("+16505551234", "Hello", token: "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(190, error["code"]!.GetValue<int>());
        Assert.Equal("OAuthException", error["type"]!.GetValue<string>());
        Assert.NotNull(error["fbtrace_id"]);
        Assert.Equal(0, JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/sends"))!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Status_webhooks_sent_delivered_read_arrive_signed_over_the_raw_bytes()
    {
        using var response = await sim.MetaTextAsync("+16505551234", "Hello");
        var wamid = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["messages"]![0]!["id"]!.GetValue<string>();

        var hooks = await sim.WaitForHooksAsync(h => h.Path == "/hooks/meta", 3);

        var statuses = new List<string>();
        foreach (var hook in hooks)
        {
            Assert.Equal(Sign(hook.Body), hook.Headers["X-Hub-Signature-256"]);
            var value = JsonNode.Parse(hook.Body)!["entry"]![0]!["changes"]![0]!["value"]!;
            Assert.Equal("106540352242922", value["metadata"]!["phone_number_id"]!.GetValue<string>());
            var status = value["statuses"]![0]!;
            Assert.Equal(wamid, status["id"]!.GetValue<string>());
            Assert.Equal("16505551234", status["recipient_id"]!.GetValue<string>());
            statuses.Add(status["status"]!.GetValue<string>());
        }

        Assert.Equal(["delivered", "read", "sent"], statuses.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_inbound_message_with_non_ASCII_text_is_escaped_like_Meta_and_verifies_over_the_raw_bytes()
    {
        var request = new StringContent("""{"vendor":"meta","from":"+16505551234","to":"106540352242922","text":"äöå ✓"}""",
            Encoding.UTF8, "application/json");
        using var response = await sim.Client.PostAsync("/_sim/inbound", request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var hook = (await sim.WaitForHooksAsync(h => h.Path == "/hooks/meta", 1))[0];

        Assert.Contains(@"\u00e4\u00f6\u00e5", hook.Text, StringComparison.Ordinal);
        Assert.Equal(Sign(hook.Body), hook.Headers["X-Hub-Signature-256"]);
        var message = JsonNode.Parse(hook.Body)!["entry"]![0]!["changes"]![0]!["value"]!["messages"]![0]!;
        Assert.Equal("äöå ✓", message["text"]!["body"]!.GetValue<string>());
        Assert.Equal("16505551234", message["from"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_429_knob_answers_429_with_Retry_After_and_records_nothing()
    {
        (await sim.PutConfigAsync("""{"rate429":1,"burst429Ms":2000,"retryAfterSeconds":3}""")).EnsureSuccessStatusCode();

        using var response = await sim.MetaTextAsync("+16505551234", "Hello");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(3));
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]);
        Assert.Equal(0, JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/sends"))!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Above_the_per_number_limit_Meta_answers_130429_and_the_limit_is_never_exceeded()
    {
        (await sim.PutConfigAsync("""{"perNumberLimit":2}""")).EnsureSuccessStatusCode();

        var codes = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await sim.MetaTextAsync("+1650555123" + i, "Hello");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
                codes.Add(error["code"]!.GetValue<int>());
                Assert.Equal("(#130429) Rate limit hit", error["message"]!.GetValue<string>());
            }
        }

        Assert.NotEmpty(codes);
        Assert.All(codes, c => Assert.Equal(130429, c));
        var stats = JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/stats"))!;
        Assert.True(stats["maxObservedRate"]!.GetValue<int>() <= 2);
    }

    [Fact]
    public async Task A_timeout_accepts_the_send_then_hangs_and_the_record_says_so()
    {
        (await sim.PutConfigAsync("""{"timeoutRate":1,"timeoutHangMs":3000}""")).EnsureSuccessStatusCode();
        using var impatient = new HttpClient { BaseAddress = sim.Client.BaseAddress, Timeout = TimeSpan.FromMilliseconds(300) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v23.0/106540352242922/messages")
        {
            Content = new StringContent("""{"messaging_product":"whatsapp","to":"+16505551234","type":"text","text":{"body":"x"}}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", SimHarness.MetaToken);

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.SendAsync(request));

        var send = JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/sends"))!["sends"]![0]!;
        Assert.True(send["timedOut"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Out_of_range_knobs_are_refused()
    {
        using var response = await sim.PutConfigAsync("""{"errorRate5xx":1.5}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ErrorRate5xx", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Sign(byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SimHarness.AppSecret), body));
}

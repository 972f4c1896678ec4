using System.Text.Json;
using Herald.Api.Tests.Webhooks;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Herald.Api.Tests;

/// <summary>
/// Customer webhooks end to end: each test has its own workspace (so only its own events reach its endpoints) and a
/// receiver on loopback, which the test host's allow-list permits. The test host's retry schedule is 0, 1 s, 2 s.
/// </summary>
public abstract partial class ApiTests
{
    [Fact]
    public async Task Deliveries_pass_a_Standard_Webhooks_verifier_and_tampered_ones_fail_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await NewWorkspaceClientAsync();
        var endpoint = await CreateEndpointAsync(client, receiver.Url("/ok"), "message.status_changed");
        var secret = endpoint.Str("secret");
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        var id = await SendSmsAsync(NewPhone(), client: client);
        var delivered = await receiver.WaitForAsync("/ok", r => Data(r).GetProperty("message_id").GetString() == id && Data(r).GetProperty("status").GetString() == "delivered");

        var verifier = new StandardWebhook(secret);
        verifier.Verify(delivered.Text, delivered.Headers);
        using var doc = JsonDocument.Parse(delivered.Body);
        Assert.Equal("message.status_changed", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal("application/json", delivered.Header("Content-Type"));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(delivered.Text.Replace("delivered", "read", StringComparison.Ordinal), delivered.Headers));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(delivered.Text, With(delivered.Headers, "webhook-id", "msg_forged")));
        Assert.Throws<WebhookVerificationException>(() => verifier.Verify(delivered.Text, With(delivered.Headers, "webhook-timestamp",
            (long.Parse(delivered.Header("webhook-timestamp"), System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook("whsec_" + Convert.ToBase64String(new byte[32])).Verify(delivered.Text, delivered.Headers));

        var list = await GetAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}/deliveries?status=delivered", client);
        AssertStatus(list, 200);
        Assert.Contains(list.Json.GetProperty("data").EnumerateArray(), d => d.GetProperty("id").GetString() == delivered.Header("webhook-id"));
        var shown = await GetAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}", client);
        Assert.False(shown.Json.TryGetProperty("secret", out _), "the secret is shown only when created or rotated");
    }

    [Fact]
    public async Task Every_event_type_reaches_the_endpoints_subscribed_to_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await NewWorkspaceClientAsync();
        await CreateEndpointAsync(client, receiver.Url("/all"));
        await CreateEndpointAsync(client, receiver.Url("/inbound"), "message.received");
        var phone = NewPhone();

        await InboundAsync(phone, "sms", "Where is my parcel?", client: client);
        var template = await CreateTemplateAsync(UniqueName("hook_tpl"), client: client);
        var b = await CreateBroadcastAsync(new { name = "Hooked", channel = "sms", content = new { text = "Hello {{first_name}}" } }, client);
        AssertStatus(await PutAudienceCsvAsync(b.Str("id"), Csv("phone,first_name", [NewPhone() + ",Ann"]), client: client), 200);
        AssertStatus(await PostAsync($"/v1/broadcasts/{b.Str("id")}/start", null, client: client), 200);

        var received = await receiver.WaitForAsync("/inbound", r => Type(r) == "message.received");
        Assert.Equal(phone, Data(received).GetProperty("from").GetString());
        Assert.Equal("Where is my parcel?", Data(received).GetProperty("text").GetString());
        await receiver.WaitForAsync("/all", r => Type(r) == "message.received");
        var approved = await receiver.WaitForAsync("/all", r => Type(r) == "template.status_changed" && Data(r).GetProperty("status").GetString() == "APPROVED");
        Assert.Equal(template, Data(approved).GetProperty("template_id").GetString());
        var done = await receiver.WaitForAsync("/all", r => Type(r) == "broadcast.completed", TimeSpan.FromSeconds(40));
        Assert.Equal(b.Str("id"), Data(done).GetProperty("broadcast_id").GetString());
        Assert.Equal("completed", Data(done).GetProperty("state").GetString());
        Assert.All(receiver.At("/inbound"), r => Assert.Equal("message.received", Type(r)));
    }

    [Fact]
    public async Task A_failing_endpoint_is_retried_on_the_schedule_then_the_delivery_fails()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await NewWorkspaceClientAsync();
        var endpoint = await CreateEndpointAsync(client, receiver.Url("/down", 500), "message.received");
        await InboundAsync(NewPhone(), "sms", "hello?", client: client);

        var delivery = await WaitForDeliveryAsync(client, endpoint.Str("id"), d => d.GetProperty("status").GetString() == "failed");
        var detail = (await GetAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}/deliveries/{delivery.GetProperty("id").GetString()}", client)).Json;
        var attempts = detail.GetProperty("attempt_log").EnumerateArray().ToList();
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(500, a.GetProperty("status_code").GetInt64()));
        var at = attempts.Select(a => a.GetProperty("at").GetDateTimeOffset()).ToList();
        // Schedule 0, 1 s, 2 s with ±10 % jitter: each wait is at least 90 % of its step.
        Assert.True(at[1] - at[0] >= TimeSpan.FromMilliseconds(900), $"second attempt {at[1] - at[0]} after the first");
        Assert.True(at[2] - at[1] >= TimeSpan.FromMilliseconds(1800), $"third attempt {at[2] - at[1]} after the second");
        Assert.Equal(3, receiver.At("/down").Count);
        Assert.Single(receiver.At("/down").Select(r => r.Header("webhook-id")).Distinct());
        Assert.False(detail.TryGetProperty("next_attempt_at", out _), "a failed delivery has no next attempt");
        Assert.Equal(500, detail.GetProperty("last_status_code").GetInt64());
    }

    [Fact]
    public async Task An_endpoint_answering_410_is_disabled_and_gets_nothing_more()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await NewWorkspaceClientAsync();
        var endpoint = await CreateEndpointAsync(client, receiver.Url("/gone", 410), "message.received");
        await InboundAsync(NewPhone(), "sms", "first", client: client);

        await WaitForDeliveryAsync(client, endpoint.Str("id"), d => d.GetProperty("status").GetString() == "failed");
        var shown = (await GetAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}", client)).Json;
        Assert.False(shown.GetProperty("enabled").GetBoolean());
        Assert.Contains("410", shown.GetProperty("disabled_reason").GetString(), StringComparison.Ordinal);
        await InboundAsync(NewPhone(), "sms", "second", client: client);
        var control = await CreateEndpointAsync(client, receiver.Url("/control"), "message.received");
        await InboundAsync(NewPhone(), "sms", "third", client: client);
        await receiver.WaitForAsync("/control", r => Data(r).GetProperty("text").GetString() == "third");

        Assert.Single(receiver.At("/gone"));
        var deliveries = (await GetAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}/deliveries", client)).Json.GetProperty("data");
        Assert.Equal(1, deliveries.GetArrayLength());
        Assert.NotEqual(endpoint.Str("id"), control.Str("id"));
    }

    [Theory]
    [InlineData("http://10.0.0.7/hooks")]
    [InlineData("http://192.168.1.20/hooks")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://127.0.0.2:8080/hooks")]
    [InlineData("http://[::1]/hooks")]
    [InlineData("http://[fd00::1]/hooks")]
    public async Task Private_and_loopback_targets_outside_the_allow_list_are_refused(string url)
    {
        var client = await NewWorkspaceClientAsync();
        AssertProblem(await PostAsync("/v1/webhook-endpoints", new { url }, client: client), 400, "webhook_url_private");
        Assert.Equal(0, (await GetAsync("/v1/webhook-endpoints", client)).Json.GetArrayLength());
    }

    [Theory]
    [InlineData("ftp://example.com/hooks", "webhook_url_invalid")]
    [InlineData("not a url", "webhook_url_invalid")]
    [InlineData("https://user:pw@example.com/hooks", "webhook_url_invalid")]
    public async Task Malformed_webhook_urls_are_refused(string url, string code)
    {
        var client = await NewWorkspaceClientAsync();
        AssertProblem(await PostAsync("/v1/webhook-endpoints", new { url }, client: client), 400, code);
        AssertProblem(await PostAsync("/v1/webhook-endpoints", new { url = "https://example.com/h", events = new[] { "message.exploded" } }, client: client), 400, "event_type_unknown");
    }

    [Fact]
    public async Task A_rotated_secret_signs_beside_the_old_one_during_the_overlap()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await NewWorkspaceClientAsync();
        var endpoint = await CreateEndpointAsync(client, receiver.Url("/rotating"), "message.received");
        var rotated = await PostAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}/rotate-secret", new { overlap_seconds = 3600 }, client: client);
        AssertStatus(rotated, 200);
        Assert.NotEqual(endpoint.Str("secret"), rotated.Str("secret"));

        await InboundAsync(NewPhone(), "sms", "after rotation", client: client);
        var got = await receiver.WaitForAsync("/rotating", r => Data(r).GetProperty("text").GetString() == "after rotation");

        // Newest secret first. Each signature is checked on its own: this verifier stops before the last of several.
        var signatures = got.Header("webhook-signature").Split(' ');
        Assert.Equal(2, signatures.Length);
        new StandardWebhook(rotated.Str("secret")).Verify(got.Text, With(got.Headers, "webhook-signature", signatures[0]));
        new StandardWebhook(endpoint.Str("secret")).Verify(got.Text, With(got.Headers, "webhook-signature", signatures[1]));

        var again = await PostAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}/rotate-secret", new { overlap_seconds = 0 }, client: client);
        await InboundAsync(NewPhone(), "sms", "no overlap", client: client);
        var last = await receiver.WaitForAsync("/rotating", r => Data(r).GetProperty("text").GetString() == "no overlap");
        Assert.Single(last.Header("webhook-signature").Split(' '));
        new StandardWebhook(again.Str("secret")).Verify(last.Text, last.Headers);
        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(rotated.Str("secret")).Verify(last.Text, last.Headers));
    }

    [Fact]
    public async Task A_delivery_is_replayed_with_the_same_webhook_id_and_endpoints_stay_in_their_workspace()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await NewWorkspaceClientAsync();
        var other = await NewWorkspaceClientAsync();
        var endpoint = await CreateEndpointAsync(client, receiver.Url("/replay"), "message.received");
        await InboundAsync(NewPhone(), "sms", "replay me", client: client);
        var first = await receiver.WaitForAsync("/replay", r => Data(r).GetProperty("text").GetString() == "replay me");
        var deliveryId = first.Header("webhook-id");
        await WaitForDeliveryAsync(client, endpoint.Str("id"), d => d.GetProperty("status").GetString() == "delivered");

        AssertProblem(await PostAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}/deliveries/{deliveryId}/replay", null, client: other), 404, "not_found");
        AssertProblem(await GetAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}", other), 404, "not_found");
        var replay = await PostAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}/deliveries/{deliveryId}/replay", null, client: client);
        AssertStatus(replay, 202);

        await WaitUntilAsync(() => receiver.At("/replay").Count(r => r.Header("webhook-id") == deliveryId) == 2, "the replay to arrive");
        var second = receiver.At("/replay").Last(r => r.Header("webhook-id") == deliveryId);
        Assert.Equal(first.Text, second.Text);
        new StandardWebhook(endpoint.Str("secret")).Verify(second.Text, second.Headers);
        var detail = (await GetAsync($"/v1/webhook-endpoints/{endpoint.Str("id")}/deliveries/{deliveryId}", client)).Json;
        await WaitForDeliveryAsync(client, endpoint.Str("id"), d => d.GetProperty("status").GetString() == "delivered");
        Assert.True(detail.GetProperty("attempt_log").GetArrayLength() >= 1);
    }

    [Fact]
    public async Task A_receiver_that_breaks_off_its_answer_fails_the_attempt_and_delivery_goes_on()
    {
        using var broken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        broken.Start();
        var port = ((System.Net.IPEndPoint)broken.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                using var socket = await broken.AcceptSocketAsync();
                var buffer = new byte[16 * 1024];
                await socket.ReceiveAsync(buffer);
                // Promises 100 bytes of body, sends 3, hangs up.
                await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc"));
                socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
            }
        });
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await NewWorkspaceClientAsync();
        var endpoint = await CreateEndpointAsync(client, $"http://127.0.0.1:{port}/broken", "message.received");
        await CreateEndpointAsync(client, receiver.Url("/healthy"), "message.received");

        await InboundAsync(NewPhone(), "sms", "first", client: client);
        var failed = await WaitForDeliveryAsync(client, endpoint.Str("id"), d => d.GetProperty("status").GetString() == "failed");
        // Herald is still delivering: a later event reaches the healthy endpoint.
        await InboundAsync(NewPhone(), "sms", "after the broken answer", client: client);
        await receiver.WaitForAsync("/healthy", r => Data(r).GetProperty("text").GetString() == "after the broken answer");

        Assert.Contains("broke off", failed.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        await serve.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_message_whose_metadata_repeats_a_name_still_produces_its_events()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var client = await NewWorkspaceClientAsync();
        await CreateEndpointAsync(client, receiver.Url("/odd"), "message.status_changed");
        var phone = NewPhone();
        var sent = await PostRawAsync("/v1/messages", $$$"""{"to": "{{{phone}}}", "channel": "sms", "text": "hi", "metadata": {"order": 1, "order": 2} }""", client: client);
        AssertStatus(sent, 202);

        var got = await receiver.WaitForAsync("/odd", r => Data(r).GetProperty("message_id").GetString() == sent.Str("id"));
        Assert.Equal(phone, Data(got).GetProperty("to").GetString());
    }
}

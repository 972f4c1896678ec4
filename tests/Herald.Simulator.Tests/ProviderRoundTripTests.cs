using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Herald.Domain.Messages;
using Herald.Domain.Policy;
using Herald.Domain.Templates;
using Herald.Providers.Contracts;
using Herald.Providers.Twilio;
using Herald.Providers.WhatsAppCloud;

namespace Herald.Simulator.Tests;

/// <summary>
/// Herald's own wire formats (src/Herald.Providers) against the simulator over real HTTP: what the adapters build is
/// what the simulator accepts, and what the simulator answers is what the adapters read.
/// </summary>
public sealed class ProviderRoundTripTests : IAsyncLifetime
{
    private const string Waba = "102290129340398";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private SimHarness sim = null!;

    public async Task InitializeAsync() => sim = await SimHarness.StartAsync();

    public async Task DisposeAsync() => await sim.DisposeAsync();

    private static OutboundMessage Sms(string messageId, string text = "Your code is 1234") =>
        new(messageId, new SenderAccount("snd_1", "ws_1", Channel.Sms, "twilio", "+15557122661", null), "+15558675310",
            ContentKind.Text, text, null, null, null, 1, 1, null);

    private async Task<HttpResponseMessage> SendAsync(ProviderHttpRequest r, AuthenticationHeaderValue auth, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(r.Method), r.Path);
        if (!r.Body.IsEmpty)
        {
            request.Content = new ByteArrayContent(r.Body.ToArray());
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(r.ContentType);
        }

        request.Headers.Authorization = auth;
        foreach (var (name, value) in headers.Concat((r.Headers ?? []).Select(h => (h.Key, h.Value))))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await sim.Client.SendAsync(request);
    }

    private static AuthenticationHeaderValue TwilioAuth => new("Basic",
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SimHarness.AccountSid}:{SimHarness.AuthToken}")));

    private static AuthenticationHeaderValue MetaAuth => new("Bearer", SimHarness.MetaToken);

    private async Task<List<(string Key, int Attempt)>> TwilioSendsAsync()
    {
        var json = JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/sends?vendor=twilio"))!;
        return [.. json["sends"]!.AsArray().Select(s => (s!["idempotencyKey"]!.GetValue<string>(), s["attempt"]!.GetValue<int>()))];
    }

    [Fact]
    public async Task Twilio_sends_of_one_message_count_as_attempts_of_it_and_identical_messages_do_not()
    {
        var twilio = new TwilioProvider(new TwilioSettings(SimHarness.AccountSid, "+15557122661", null, sim.ReceiverUrl + "/hooks/twilio?sender=snd_1"));

        foreach (var id in new[] { "msg_A", "msg_A", "msg_B" })
        {
            using var r = await SendAsync(twilio.BuildSend(Sms(id), Now), TwilioAuth);
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        }

        Assert.Equal([("msg_A", 1), ("msg_A", 2), ("msg_B", 1)], await TwilioSendsAsync());
    }

    [Fact]
    public async Task The_Twilio_send_key_prefers_the_idempotency_headers_then_the_callback_reference_then_the_fingerprint()
    {
        var withCallback = new TwilioProvider(new TwilioSettings(SimHarness.AccountSid, "+15557122661", null, sim.ReceiverUrl + "/hooks/twilio"));
        var withoutCallback = new TwilioProvider(new TwilioSettings(SimHarness.AccountSid, "+15557122661"));

        (await SendAsync(withCallback.BuildSend(Sms("msg_1"), Now), TwilioAuth,
            ("I-Twilio-Idempotency-Token", "tok-1"), ("Idempotency-Key", "key-1"))).Dispose();
        (await SendAsync(withCallback.BuildSend(Sms("msg_1"), Now), TwilioAuth, ("Idempotency-Key", "key-1"))).Dispose();
        (await SendAsync(withCallback.BuildSend(Sms("msg_1"), Now), TwilioAuth)).Dispose();
        (await SendAsync(withoutCallback.BuildSend(Sms("msg_2", "same text"), Now), TwilioAuth)).Dispose();
        (await SendAsync(withoutCallback.BuildSend(Sms("msg_3", "same text"), Now), TwilioAuth)).Dispose();

        var sends = await TwilioSendsAsync();
        Assert.Equal(["tok-1", "key-1", "msg_1"], sends.Take(3).Select(s => s.Key));
        Assert.StartsWith("twilio:", sends[3].Key);
        // Without any reference two identical messages look like one message sent twice.
        Assert.Equal((sends[3].Key, 2), sends[4]);
    }

    [Fact]
    public async Task Twilio_status_callbacks_name_Heralds_message_through_the_callback_url()
    {
        var twilio = new TwilioProvider(new TwilioSettings(SimHarness.AccountSid, "+15557122661", null, sim.ReceiverUrl + "/hooks/twilio"));
        using var sent = await SendAsync(twilio.BuildSend(Sms("msg_01JD7Z"), Now), TwilioAuth);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);

        var hooks = await sim.WaitForHooksAsync(h => h.Path == "/hooks/twilio", 2);
        foreach (var hook in hooks)
        {
            var request = new ProviderWebhookRequest(sim.ReceiverUrl + hook.Path + hook.Query, hook.Headers, hook.Body);
            Assert.True(twilio.IsAuthentic(request, SimHarness.AuthToken));
            Assert.True(twilio.TryParse(request, out var events));
            Assert.Equal("msg_01JD7Z", Assert.Single(events.Statuses).Reference);
        }
    }

    [Fact]
    public async Task Meta_statuses_echo_the_message_id_sent_as_biz_opaque_callback_data()
    {
        var meta = new WhatsAppCloudProvider(new WhatsAppCloudSettings("106540352242922", "v23.0"));
        var message = new OutboundMessage("msg_01JD80", new SenderAccount("snd_2", "ws_1", Channel.WhatsApp, "meta", "106540352242922", null),
            "+16505551234", ContentKind.Text, "Hi", null, null, null, 1, 1, null);

        using var sent = await SendAsync(meta.BuildSend(message, Now), MetaAuth);
        Assert.Equal(SendDisposition.Accepted, meta.ReadSendResponse((int)sent.StatusCode, await sent.Content.ReadAsByteArrayAsync(), null).Disposition);

        var hook = (await sim.WaitForHooksAsync(h => h.Path == "/hooks/meta", 1))[0];
        Assert.True(WhatsAppCloudProvider.TryParseWebhook(hook.Body, out var events));
        Assert.Equal("msg_01JD80", events.Statuses[0].Reference);
        var send = JsonNode.Parse(await sim.Client.GetStringAsync("/_sim/sends?vendor=meta"))!["sends"]![0]!;
        Assert.Equal(("msg_01JD80", 1), (send["idempotencyKey"]!.GetValue<string>(), send["attempt"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Templates_created_with_Heralds_request_are_listed_in_the_shape_Herald_reads()
    {
        var definition = new TemplateDefinition("order_update", "en_US", TemplateCategory.Utility, ParameterFormat.Named,
            new TemplateHeader(HeaderFormat.Text, "Order {{order_number}}"), "Hi {{first_name}}, your order ships today.", "Thanks",
            [new TemplateButton(ButtonType.QuickReply, "Stop")],
            NamedExamples: new Dictionary<string, string> { ["first_name"] = "Pablo" });

        using var created = await SendAsync(WhatsAppCloudTemplates.BuildCreate("v23.0", Waba, definition), MetaAuth);
        var result = WhatsAppCloudTemplates.ReadCreate((int)created.StatusCode, await created.Content.ReadAsByteArrayAsync());
        Assert.True(result.Ok, result.ErrorMessage);
        Assert.Equal((TemplateStatus.Pending, "UTILITY"), (result.Status, result.Category));

        using var again = await SendAsync(WhatsAppCloudTemplates.BuildCreate("v23.0", Waba, definition), MetaAuth);
        var refused = WhatsAppCloudTemplates.ReadCreate((int)again.StatusCode, await again.Content.ReadAsByteArrayAsync());
        Assert.Equal((false, "100"), (refused.Ok, refused.ErrorCode));

        using var reject = await sim.Client.PostAsync("/_sim/templates/order_update/status",
            new StringContent("""{"status":"reject","reason":"INCORRECT_CATEGORY"}""", Encoding.UTF8, "application/json"));
        reject.EnsureSuccessStatusCode();

        using var listed = await SendAsync(WhatsAppCloudTemplates.BuildList("v23.0", Waba, "order_update"), MetaAuth);
        var events = WhatsAppCloudTemplates.ReadList(await listed.Content.ReadAsByteArrayAsync(), Waba);
        Assert.Equal(new ProviderTemplateEvent("meta", Waba, result.ProviderTemplateId!, "order_update", "en_US", TemplateStatus.Rejected,
            TemplateQuality.Unknown, "REJECTED", "INCORRECT_CATEGORY", null), Assert.Single(events));

        using var approve = await sim.Client.PostAsync("/_sim/templates/order_update/status",
            new StringContent("""{"status":"approve"}""", Encoding.UTF8, "application/json"));
        approve.EnsureSuccessStatusCode();
        using var relisted = await SendAsync(WhatsAppCloudTemplates.BuildList("v23.0", Waba), MetaAuth);
        var approved = Assert.Single(WhatsAppCloudTemplates.ReadList(await relisted.Content.ReadAsByteArrayAsync(), Waba));
        Assert.Equal((TemplateStatus.Approved, (string?)null), (approved.Status, approved.Reason));
    }

    [Fact]
    public async Task The_list_answers_only_the_fields_asked_for_plus_the_id()
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, $"/v23.0/{Waba}/message_templates")
        {
            Content = new StringContent("""{"name":"hello","language":"en","category":"marketing","components":[{"type":"BODY","text":"Hello"}]}""",
                Encoding.UTF8, "application/json"),
        };
        create.Headers.Authorization = MetaAuth;
        (await sim.Client.SendAsync(create)).EnsureSuccessStatusCode();

        using var list = new HttpRequestMessage(HttpMethod.Get, $"/v23.0/{Waba}/message_templates?fields=name,quality_score,rejected_reason&limit=100");
        list.Headers.Authorization = MetaAuth;
        using var listed = await sim.Client.SendAsync(list);
        var item = JsonNode.Parse(await listed.Content.ReadAsStringAsync())!["data"]![0]!.AsObject();

        Assert.Equal(["name", "quality_score", "rejected_reason", "id"], item.Select(p => p.Key));
        Assert.Equal(("UNKNOWN", "NONE"), (item["quality_score"]!["score"]!.GetValue<string>(), item["rejected_reason"]!.GetValue<string>()));
    }
}

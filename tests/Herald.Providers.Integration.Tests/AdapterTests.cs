using System.Text.Json;
using System.Text.Json.Nodes;

namespace Herald.Providers.Integration.Tests;

/// <summary>
/// Each adapter sends to the simulator over HTTP and reaches delivered and read (SMS: delivered) through the simulator's
/// signed webhooks; the request the simulator recorded is pinned field by field against the vendor's documented shape
/// (docs/providers/wire-formats.md; the same documented examples as tests/Herald.Providers.Tests).
/// </summary>
public sealed class AdapterTests(SqliteProviders fx) : TemplateTest(fx), IClassFixture<SqliteProviders>
{
    [Fact]
    public async Task Meta_text_inside_the_window_is_the_documented_body_and_reaches_read()
    {
        var to = NewPhone();
        var inbound = await PostAsync("/_sim/inbound", new { vendor = "meta", from = to.TrimStart('+'), to = ProvidersFixture.PhoneNumberId, text = "Hi there" }, Sim);
        Assert.Equal(202, inbound.Status);
        await EventuallyAsync(() => WindowOpenAsync(to, Fx.Meta.Id), open => open, _ => "the inbound message did not open the window");

        var id = await AcceptedAsync(new { to, channel = "whatsapp", sender = Fx.Meta.Id, text = "Your order A-1 has shipped" });

        var read = await WaitForStatusAsync(id, "read");
        var send = await OneSimSendAsync("meta", to);
        Assert.Equal(1, send.GetProperty("attempt").GetInt32());
        Assert.Equal(read.GetProperty("provider_message_id").GetString(), send.GetProperty("providerId").GetString());
        AssertJson($$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{to}}","type":"text",
             "text":{"body":"Your order A-1 has shipped"},"biz_opaque_callback_data":"{{id}}"}
            """, RequestJson(send));
        await AssertPassedThroughAsync(id, "delivered");
    }

    [Fact]
    public async Task Meta_positional_template_carries_header_body_and_button_parameters_and_reaches_read()
    {
        var name = UniqueName("order_shipped");
        var templateId = await CreateTemplateAsync(PositionalWithButtons(name));
        await ApproveOnMetaAsync(templateId, name);
        var to = NewPhone();

        var id = await AcceptedAsync(new
        {
            to, channel = "whatsapp", sender = Fx.Meta.Id,
            template = new { name, language = "en", parameters = new { header = new[] { "A-7" }, body = new[] { "Ann", "A-7" }, buttons = new[] { "A-7", "STOP_PROMO" } } },
        });

        await WaitForStatusAsync(id, "read");
        var send = await OneSimSendAsync("meta", to);
        AssertJson($$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{to}}","type":"template",
             "template":{"name":"{{name}}","language":{"code":"en"},"components":[
               {"type":"header","parameters":[{"type":"text","text":"A-7"}]},
               {"type":"body","parameters":[{"type":"text","text":"Ann"},{"type":"text","text":"A-7"}]},
               {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A-7"}]},
               {"type":"button","sub_type":"quick_reply","index":"1","parameters":[{"type":"payload","payload":"STOP_PROMO"}]}]},
             "biz_opaque_callback_data":"{{id}}"}
            """, RequestJson(send));
        await AssertPassedThroughAsync(id, "delivered");
    }

    [Fact]
    public async Task Meta_named_template_carries_parameter_names_as_documented_and_reaches_read()
    {
        var name = UniqueName("order_confirmation");
        var templateId = await CreateTemplateAsync(Named(name));
        await ApproveOnMetaAsync(templateId, name);
        var to = NewPhone();

        var id = await AcceptedAsync(new
        {
            to, channel = "whatsapp", sender = Fx.Meta.Id,
            template = new { name, language = "en", parameters = new { header = new { order = "SKBUP2-4CPIG9" }, body = new { first_name = "Jessica", order = "SKBUP2-4CPIG9" } } },
        });

        await WaitForStatusAsync(id, "read");
        var send = await OneSimSendAsync("meta", to);
        AssertJson($$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{to}}","type":"template",
             "template":{"name":"{{name}}","language":{"code":"en"},"components":[
               {"type":"header","parameters":[{"type":"text","parameter_name":"order","text":"SKBUP2-4CPIG9"}]},
               {"type":"body","parameters":[
                 {"type":"text","parameter_name":"first_name","text":"Jessica"},
                 {"type":"text","parameter_name":"order","text":"SKBUP2-4CPIG9"}]}]},
             "biz_opaque_callback_data":"{{id}}"}
            """, RequestJson(send));
    }

    [Fact]
    public async Task Twilio_sms_is_the_documented_form_post_and_reaches_delivered()
    {
        var to = NewPhone();

        var id = await AcceptedAsync(new { to, channel = "sms", sender = Fx.Sms.Id, text = "Grüße: order A-1 & more" });

        var delivered = await WaitForStatusAsync(id, "delivered");
        var send = await OneSimSendAsync("twilio", to);
        Assert.Equal(delivered.GetProperty("provider_message_id").GetString(), send.GetProperty("providerId").GetString());
        var form = Form(send.GetProperty("request").GetString()!);
        AssertTwilioForm(form,
            ("To", to), ("From", ProvidersFixture.SmsNumber), ("Body", "Grüße: order A-1 & more"),
            ("StatusCallback", $"{Fx.Sms.WebhookUrl}?herald_message_id={id}"));
    }

    [Fact]
    public async Task Twilio_whatsapp_template_goes_as_ContentSid_and_ContentVariables_and_reaches_read()
    {
        var name = UniqueName("tw_code");
        var templateId = await CreateTemplateAsync(Simple(name));
        const string contentSid = "HXb5b62575e6e4ff6129ad7c8efe1f983e";
        await RegisterAsync(templateId, Fx.TwilioWhatsApp.Id, contentSid);
        var to = NewPhone();

        var id = await AcceptedAsync(new
        {
            to, channel = "whatsapp", sender = Fx.TwilioWhatsApp.Id, template = new { name, language = "en", parameters = new[] { "Jessica", "SKBUP2" } },
        });

        await WaitForStatusAsync(id, "read");
        var send = await OneSimSendAsync("twilio", to);
        var form = Form(send.GetProperty("request").GetString()!);
        AssertTwilioForm(form,
            ("To", "whatsapp:" + to), ("From", "whatsapp:" + ProvidersFixture.TwilioWhatsAppNumber), ("ContentSid", contentSid),
            ("ContentVariables", """{"1":"Jessica","2":"SKBUP2"}"""), ("StatusCallback", $"{Fx.TwilioWhatsApp.WebhookUrl}?herald_message_id={id}"));
        await AssertPassedThroughAsync(id, "delivered");
    }

    [Fact]
    public async Task Viber_text_after_an_inbound_opens_the_session_is_the_documented_body_and_reaches_read()
    {
        var to = NewPhone();
        var inbound = await PostAsync("/_sim/inbound", new { vendor = "viber", from = to.TrimStart('+'), to = ProvidersFixture.ViberName, text = "Hello shop" }, Sim);
        Assert.Equal(202, inbound.Status);
        await EventuallyAsync(() => ViberSessionOpenAsync(to), open => open, _ => "the inbound Viber message did not open the session");

        var id = await AcceptedAsync(new { to, channel = "viber", sender = Fx.Viber.Id, text = "Привет, your order A-1 has shipped" });

        await WaitForStatusAsync(id, "read");
        var send = await OneSimSendAsync("viber", to);
        var request = RequestJson(send);
        AssertValidityThenDrop(request);
        AssertJson($$"""
            {"messages":[{"sender":"{{ProvidersFixture.ViberName}}","destinations":[{"to":"{{to.TrimStart('+')}}","messageId":"{{id}}"}],
              "content":{"text":"Привет, your order A-1 has shipped","type":"TEXT"},
              "webhooks":{"delivery":{"url":"{{Fx.Viber.WebhookUrl}}"},"seen":{"url":"{{Fx.Viber.WebhookUrl}}"} } } ] }
            """, request);
        await AssertPassedThroughAsync(id, "delivered");
    }

    [Fact]
    public async Task Viber_template_goes_by_its_registered_template_id_and_reaches_read()
    {
        var name = UniqueName("vb_code");
        var templateId = await CreateTemplateAsync(Simple(name));
        await RegisterAsync(templateId, Fx.Viber.Id, "viber-tpl-42");
        var to = NewPhone();

        var id = await AcceptedAsync(new
        {
            to, channel = "viber", sender = Fx.Viber.Id, template = new { name, language = "en", parameters = new[] { "Ann", "1234" } },
        });

        await WaitForStatusAsync(id, "read");
        var send = await OneSimSendAsync("viber", to);
        var request = RequestJson(send);
        AssertValidityThenDrop(request);
        AssertJson($$"""
            {"messages":[{"sender":"{{ProvidersFixture.ViberName}}","destinations":[{"to":"{{to.TrimStart('+')}}","messageId":"{{id}}"}],
              "content":{"templateId":"viber-tpl-42","parameters":{"1":"Ann","2":"1234"},"language":"en","type":"TEMPLATE"},
              "webhooks":{"delivery":{"url":"{{Fx.Viber.WebhookUrl}}"},"seen":{"url":"{{Fx.Viber.WebhookUrl}}"} } } ] }
            """, request);
    }

    // ---- helpers ----

    private async Task<bool> WindowOpenAsync(string to, string senderId)
    {
        var check = await PostAsync("/v1/messages/check", new { to, channel = "whatsapp", sender = senderId, text = "probe" });
        AssertStatus(check, 200);
        return check.Json.TryGetProperty("window", out var w) && w.ValueKind == JsonValueKind.Object && w.GetProperty("open").GetBoolean();
    }

    private async Task<bool> ViberSessionOpenAsync(string to)
    {
        var check = await PostAsync("/v1/messages/check", new { to, channel = "viber", sender = Fx.Viber.Id, text = "probe" });
        AssertStatus(check, 200);
        return check.Json.TryGetProperty("viber_session", out var s) && s.ValueKind == JsonValueKind.Object && s.GetProperty("open").GetBoolean();
    }

    /// <summary>The validity travels as documented (seconds, at most 48 h); its amount depends on the clock, so it is checked and removed.</summary>
    private static void AssertValidityThenDrop(JsonNode request)
    {
        var message = request["messages"]![0]!.AsObject();
        var validity = message["options"]?["validityPeriod"];
        Assert.NotNull(validity);
        Assert.Equal("SECONDS", validity!["timeUnit"]!.GetValue<string>());
        var amount = validity["amount"]!.GetValue<long>();
        Assert.InRange(amount, 1, 172_800);
        message.Remove("options");
    }

    /// <summary>Twilio's documented parameters in order; ValidityPeriod (seconds left, 1–36000) may close the list.</summary>
    private static void AssertTwilioForm(List<KeyValuePair<string, string>> form, params (string Name, string Value)[] expected)
    {
        if (form.Count > 0 && form[^1].Key == "ValidityPeriod")
        {
            Assert.InRange(long.Parse(form[^1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 36_000);
            form.RemoveAt(form.Count - 1);
        }
        Assert.Equal(expected.Select(e => new KeyValuePair<string, string>(e.Name, e.Value)), form);
    }

    /// <summary>The message's timeline names the intermediate state it passed through.</summary>
    private async Task AssertPassedThroughAsync(string id, string state)
    {
        var m = await MessageAsync(id);
        Assert.Contains(m.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == state);
    }
}

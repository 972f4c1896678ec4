using System.Text;
using System.Text.Json;

namespace Herald.Api.Tests;

public abstract partial class ApiTests
{
    private const string IntercomSecret = "intercom-client-secret-1";

    private static string IntercomBody(string phone, string? componentId = null, object? inputs = null, object? storedData = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["workspace_id"] = "ic_ws",
            ["admin"] = new { id = "814860", type = "admin", name = "Tess Teammate" },
            ["contact"] = new
            {
                id = "6657ad", type = "user", name = "Ann Smith", email = "ann@example.com", phone,
                custom_attributes = new { order_number = "A-1001" },
            },
            ["conversation"] = new { id = "1295" },
            ["context"] = new { conversation_id = 1295, location = "conversation" },
            ["component_id"] = componentId,
            ["input_values"] = inputs,
            ["current_canvas"] = storedData is null ? null : new { content = new { components = Array.Empty<object>() }, stored_data = storedData },
        });

    /// <summary>A workspace of its own (its template list is short) with a named and a positional template.</summary>
    private async Task<(HttpClient Client, string Integration, string Named, string Positional)> IntercomSetupAsync()
    {
        var (_, key) = await Herald.CreateWorkspaceAsync("Intercom tenant");
        var client = ClientWith(key);
        var named = UniqueName("ic_named");
        var created = await PostAsync("/v1/templates", new
        {
            name = named, language = "en", category = "UTILITY", parameter_format = "NAMED",
            components = new object[]
            {
                new
                {
                    type = "BODY", text = "Hello {{first_name}}, order {{order_number}} has shipped.",
                    example = new { body_text_named_params = new[] { new { param_name = "first_name", example = "Ann" }, new { param_name = "order_number", example = "A-1" } } },
                },
            },
        }, client: client);
        AssertStatus(created, 201);
        var positional = UniqueName("ic_positional");
        var id2 = await CreateTemplateAsync(positional, "Hi {{1}}, your code is {{2}}.", client);
        var integration = await CreateIntegrationAsync("intercom", IntercomSecret, new { default_admin_id = "814860", default_channel = "whatsapp" }, client);
        return (client, integration, created.Str("id"), id2);
    }

    [Fact]
    public async Task Integration_intercom_initialize_renders_the_form_with_variables_prefilled_from_the_contact()
    {
        var (client, integration, named, _) = await IntercomSetupAsync();
        using var _c = client;
        var phone = NewPhone();

        var canvas = await PostIntercomAsync(integration, "initialize", IntercomBody(phone), IntercomSecret);
        AssertStatus(canvas, 200);

        Assert.Equal("whatsapp", Component(canvas, "channel").GetProperty("value").GetString());
        var templates = Component(canvas, "template");
        Assert.Equal("dropdown", templates.GetProperty("type").GetString());
        Assert.Contains(templates.GetProperty("options").EnumerateArray(), o => o.GetProperty("id").GetString() == named);
        Assert.Contains(templates.GetProperty("options").EnumerateArray(), o => o.GetProperty("id").GetString() == "text");
        Assert.Equal(phone, Component(canvas, "phone").GetProperty("value").GetString());
        var send = Component(canvas, "send");
        Assert.Equal("submit", send.GetProperty("action").GetProperty("type").GetString());
        Assert.Equal("submit", Component(canvas, "preview").GetProperty("action").GetProperty("type").GetString());
        Assert.True(canvas.Json.GetProperty("canvas").GetProperty("stored_data").TryGetProperty("issued_at", out _));

        // The named template is shown with its variables from the contact; the preview is Herald's rendering.
        var chosen = await PostIntercomAsync(integration, "submit",
            IntercomBody(phone, "preview", new { channel = "whatsapp", template = named, phone }), IntercomSecret);
        AssertStatus(chosen, 200);
        Assert.Equal("Ann", Component(chosen, "var_first_name").GetProperty("value").GetString());
        Assert.Equal("A-1001", Component(chosen, "var_order_number").GetProperty("value").GetString());
        Assert.Equal("Hello Ann, order A-1001 has shipped.", Component(chosen, "preview_text").GetProperty("text").GetString());
        Assert.Empty(await MessagesToAsync(phone, client: client));
    }

    [Fact]
    public async Task Integration_intercom_signed_submit_sends_and_records_the_conversation_in_the_origin()
    {
        var (client, integration, _, positional) = await IntercomSetupAsync();
        using var _c = client;
        var phone = NewPhone();
        var form = await PostIntercomAsync(integration, "submit",
            IntercomBody(phone, "preview", new { channel = "whatsapp", template = positional, phone }), IntercomSecret);
        Assert.Equal("Ann", Component(form, "var_1").GetProperty("value").GetString());
        var stored = form.Json.GetProperty("canvas").GetProperty("stored_data");

        var sent = await PostIntercomAsync(integration, "submit",
            IntercomBody(phone, "send", new { channel = "whatsapp", template = positional, phone, var_1 = "Ann", var_2 = "4711" }, stored), IntercomSecret);
        AssertStatus(sent, 200);

        var messages = await MessagesToAsync(phone, client: client);
        var id = Assert.Single(messages).GetProperty("id").GetString()!;
        Assert.Contains(id, Component(sent, "result").GetProperty("text").GetString(), StringComparison.Ordinal);
        var m = await GetMessageAsync(id, client);
        Assert.Equal("Hi Ann, your code is 4711.", m.GetProperty("text").GetString());
        Assert.Equal("whatsapp", m.GetProperty("channel").GetString());

        // The same signed submit again (a replay, or a double click) finds the form used: nothing more is sent.
        var replay = await PostIntercomAsync(integration, "submit",
            IntercomBody(phone, "send", new { channel = "whatsapp", template = positional, phone, var_1 = "Ann", var_2 = "4711" }, stored), IntercomSecret);
        AssertStatus(replay, 200);
        Assert.Contains(Components(replay), c => c.TryGetProperty("id", out var i) && i.GetString() == "error_form_already_sent");
        Assert.Single(await MessagesToAsync(phone, client: client));
    }

    [Fact]
    public async Task Integration_intercom_refusal_renders_the_reasons_with_the_form_and_a_stale_form_sends_nothing()
    {
        var (client, integration, _, _) = await IntercomSetupAsync();
        using var _c = client;
        var phone = NewPhone();
        var form = await PostIntercomAsync(integration, "initialize", IntercomBody(phone), IntercomSecret);
        var stored = form.Json.GetProperty("canvas").GetProperty("stored_data");

        // WhatsApp free text without an open window: the rules refuse, the form comes back with the reason.
        var refused = await PostIntercomAsync(integration, "submit",
            IntercomBody(phone, "send", new { channel = "whatsapp", template = "text", phone, text = "Hello there" }, stored), IntercomSecret);
        AssertStatus(refused, 200);
        Assert.Contains(Components(refused), c => c.GetProperty("type").GetString() == "text" && c.GetProperty("style").GetString() == "error");
        Assert.Equal("submit", Component(refused, "send").GetProperty("action").GetProperty("type").GetString());

        // A form whose stored data was not made by Herald (or is too old) cannot send.
        var forged = new { issued_at = Now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), contact_id = "6657ad", mac = new string('0', 64) };
        var stale = await PostIntercomAsync(integration, "submit",
            IntercomBody(phone, "send", new { channel = "sms", template = "text", phone, text = "Hello there" }, forged), IntercomSecret);
        AssertStatus(stale, 200);
        Assert.Contains(Components(stale), c => c.TryGetProperty("id", out var i) && i.GetString() == "error_form_expired");
        Assert.Empty(await MessagesToAsync(phone, client: client));
    }

    [Fact]
    public async Task Integration_intercom_form_older_than_30_minutes_sends_nothing_and_a_formless_signed_submit_sends_once()
    {
        var (client, integration, _, _) = await IntercomSetupAsync();
        using var _c = client;
        var phone = NewPhone();
        var issued = (Now - TimeSpan.FromMinutes(31)).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mac = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(IntercomSecret), Encoding.UTF8.GetBytes($"herald-intercom-form|{issued}|6657ad")));
        var inputs = new { channel = "sms", template = "text", phone, text = "Your parcel is out for delivery" };

        var stale = await PostIntercomAsync(integration, "submit", IntercomBody(phone, "send", inputs, new { issued_at = issued, contact_id = "6657ad", mac }), IntercomSecret);
        Assert.Contains(Components(stale), c => c.TryGetProperty("id", out var i) && i.GetString() == "error_form_expired");
        Assert.Empty(await MessagesToAsync(phone, client: client));

        // A script's signed submit without Herald's form data: sent on its signature; the same request again sends nothing more.
        var direct = await PostIntercomAsync(integration, "submit", IntercomBody(phone, "send", inputs), IntercomSecret);
        var again = await PostIntercomAsync(integration, "submit", IntercomBody(phone, "send", inputs), IntercomSecret);
        AssertStatus(direct, 200);
        AssertStatus(again, 200);
        Assert.Single(await MessagesToAsync(phone, client: client));
        Assert.Contains(Components(again), c => c.TryGetProperty("id", out var i) && i.GetString() == "error_form_already_sent");
    }

    [Fact]
    public async Task Integration_intercom_unsigned_tampered_wrong_secret_and_unknown_id_are_401_and_send_nothing()
    {
        var (client, integration, _, _) = await IntercomSetupAsync();
        using var _c = client;
        var phone = NewPhone();
        var form = await PostIntercomAsync(integration, "initialize", IntercomBody(phone), IntercomSecret);
        var stored = form.Json.GetProperty("canvas").GetProperty("stored_data");
        var json = IntercomBody(phone, "send", new { channel = "sms", template = "text", phone, text = "Hello there" }, stored);
        var body = Encoding.UTF8.GetBytes(json);
        var good = IntercomSignature(IntercomSecret, body);
        var tampered = (byte[])body.Clone();
        var at = json.IndexOf("Hello there", StringComparison.Ordinal);
        tampered[at] = (byte)'J';

        var path = $"/integrations/intercom/{integration}/submit";
        AssertProblem(await PostVendorAsync(path, body), 401, "intercom_signature_invalid");
        AssertProblem(await PostVendorAsync(path, tampered, ("X-Body-Signature", good)), 401, "intercom_signature_invalid");
        AssertProblem(await PostVendorAsync(path, body, ("X-Body-Signature", IntercomSignature("another-secret", body))), 401, "intercom_signature_invalid");
        AssertProblem(await PostVendorAsync("/integrations/intercom/itg_unknown/submit", body, ("X-Body-Signature", good)), 401, "intercom_signature_invalid");
        AssertProblem(await PostVendorAsync($"/integrations/intercom/{integration}/initialize", body), 401, "intercom_signature_invalid");
        var bound = await CreateIntegrationAsync("intercom", IntercomSecret, new { intercom_workspace_id = "other_ws" }, client);
        AssertProblem(await PostVendorAsync($"/integrations/intercom/{bound}/submit", body, ("X-Body-Signature", good)), 403, "intercom_workspace_not_connected");
        Assert.Empty(await MessagesToAsync(phone, client: client));

        // The same body, correctly signed, sends: the refusals above were the signature's doing.
        AssertStatus(await PostVendorAsync(path, body, ("X-Body-Signature", good.ToUpperInvariant())), 200);
        Assert.Single(await MessagesToAsync(phone, client: client));
    }
}

using System.Text.Json;

namespace Herald.Providers.Integration.Tests;

/// <summary>Templates in Meta's component format, and their approval through the simulator.</summary>
public abstract class TemplateTest(ProvidersFixture fx) : IntegrationTest(fx)
{
    /// <summary>Text header, positional body, a URL button with a variable suffix and a quick reply.</summary>
    protected static object PositionalWithButtons(string name) => new
    {
        name, language = "en", category = "UTILITY",
        components = new object[]
        {
            new { type = "HEADER", format = "TEXT", text = "Order {{1}}", example = new { header_text = new[] { "A-0" } } },
            new { type = "BODY", text = "Hi {{1}}, your order {{2}} has shipped.", example = new { body_text = new[] { new[] { "Ann", "A-0" } } } },
            new
            {
                type = "BUTTONS",
                buttons = new object[]
                {
                    new { type = "URL", text = "Track", url = "https://shop.example.com/track/{{1}}", example = new[] { "https://shop.example.com/track/A-0" } },
                    new { type = "QUICK_REPLY", text = "Stop promotions" },
                },
            },
        },
    };

    /// <summary>Named parameters in the header and the body.</summary>
    protected static object Named(string name) => new
    {
        name, language = "en", category = "UTILITY", parameter_format = "NAMED",
        components = new object[]
        {
            new { type = "HEADER", format = "TEXT", text = "Order {{order}}", example = new { header_text_named_params = new[] { new { param_name = "order", example = "A-0" } } } },
            new
            {
                type = "BODY", text = "Hi {{first_name}}, your order {{order}} has shipped.",
                example = new { body_text_named_params = new[] { new { param_name = "first_name", example = "Ann" }, new { param_name = "order", example = "A-0" } } },
            },
        },
    };

    /// <summary>A body-only positional template.</summary>
    protected static object Simple(string name) => new
    {
        name, language = "en", category = "UTILITY",
        components = new object[] { new { type = "BODY", text = "Hi {{1}}, your code is {{2}}.", example = new { body_text = new[] { new[] { "Ann", "1234" } } } } },
    };

    protected async Task<string> CreateTemplateAsync(object definition)
    {
        var reply = await PostAsync("/v1/templates", definition);
        AssertStatus(reply, 201);
        return reply.Str("id");
    }

    /// <summary>The template's status on one sender, or null when it has none there.</summary>
    protected async Task<string?> StatusOnAsync(string templateId, string senderId)
    {
        var reply = await GetAsync($"/v1/templates/{templateId}");
        AssertStatus(reply, 200);
        return reply.Json.GetProperty("statuses").EnumerateArray()
            .Where(s => s.GetProperty("sender").GetString() == senderId)
            .Select(s => s.GetProperty("status").GetString())
            .FirstOrDefault();
    }

    protected Task<string?> WaitForTemplateStatusAsync(string templateId, string senderId, string status) =>
        EventuallyAsync(() => StatusOnAsync(templateId, senderId), s => s == status, s => $"template {templateId} on {senderId} is {s ?? "(none)"}, not {status}");

    /// <summary>Submits to Meta (PENDING at the simulator) and lets the simulator's signed webhook approve it.</summary>
    protected async Task<JsonElement> SubmitAsync(string templateId)
    {
        var submitted = await PostAsync($"/v1/templates/{templateId}/submit", new { sender = Fx.Meta.Id });
        AssertStatus(submitted, 200);
        return submitted.Json;
    }

    protected async Task SimTemplateStatusAsync(string name, string status)
    {
        var r = await PostAsync($"/_sim/templates/{name}/status", new { status, language = "en" }, Sim);
        Assert.True(r.Status is 200 or 202 or 204, $"simulator template status: {r}");
    }

    protected async Task ApproveOnMetaAsync(string templateId, string name)
    {
        await SubmitAsync(templateId);
        await SimTemplateStatusAsync(name, "approve");
        await WaitForTemplateStatusAsync(templateId, Fx.Meta.Id, "APPROVED");
    }

    /// <summary>Registers a provider's own template id (Twilio ContentSid, Viber template id) as APPROVED on a sender.</summary>
    protected async Task RegisterAsync(string templateId, string senderId, string providerTemplateId)
    {
        var r = await PutAsync($"/v1/templates/{templateId}/senders/{senderId}", new { status = "APPROVED", provider_template_id = providerTemplateId });
        AssertStatus(r, 200);
    }
}

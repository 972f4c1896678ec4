using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Simulator.Core;
using Microsoft.Extensions.Options;

namespace Herald.Simulator.Meta;

/// <summary>POST /{version}/{phone-number-id}/messages, answered as the WhatsApp Cloud API answers.</summary>
internal static class MetaApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/{version}/{phoneNumberId}/messages", SendAsync);
        MetaTemplates.Map(app);
    }

    private static async Task<IResult> SendAsync(string phoneNumberId, HttpContext http, SimState state, Chaos chaos,
        MetaHooks hooks, IOptions<SimulatorOptions> options)
    {
        if (!Authorized(http, options.Value.Meta))
        {
            return Fail(state, 401, 190, "Invalid OAuth access token - Cannot parse access token", "The access token could not be decrypted.");
        }

        var raw = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
        if (Parse(raw) is not { } json)
        {
            return Fail(state, 400, 100, "Invalid parameter", "The request body is not valid JSON.");
        }

        var to = json["to"].Str();
        var type = json["type"].Str() ?? "text";
        if (json["messaging_product"].Str() != "whatsapp" || string.IsNullOrEmpty(to))
        {
            return Fail(state, 400, 100, "Invalid parameter", "messaging_product must be \"whatsapp\" and to is required.");
        }

        string? body = null, template = null, category = "service";
        if (type == "text")
        {
            body = json["text"]?["body"].Str();
            if (string.IsNullOrEmpty(body))
            {
                return Fail(state, 400, 100, "Invalid parameter", "The parameter text['body'] is required.");
            }
        }
        else if (type == "template")
        {
            template = json["template"]?["name"].Str();
            var language = json["template"]?["language"]?["code"].Str();
            if (string.IsNullOrEmpty(template) || string.IsNullOrEmpty(language))
            {
                return Fail(state, 400, 100, "Invalid parameter", "template.name and template.language.code are required.");
            }

            if (TemplateRefusal(state, template, language) is { } refusal)
            {
                return refusal;
            }

            category = MetaTemplates.Find(state, template, language)?.Category.ToLowerInvariant() ?? "utility";
        }

        var (gate, _) = await chaos.BeforeAcceptAsync(http, "meta", phoneNumberId);
        switch (gate)
        {
            case Gate.Refused:
                return Results.Empty;
            case Gate.TooManyRequests:
                return Fail(state, 429, 80007, "Rate limit issues", "The WhatsApp Business Account has reached its rate limit.", count: false);
            case Gate.ServerError:
                return Fail(state, 500, 131000, "Something went wrong", "Message failed to send due to an unknown error.", count: false);
            case Gate.NumberLimit:
                return Fail(state, 400, 130429, "Rate limit hit", "Cloud API message throughput has been reached.", count: false);
        }

        var wamid = "wamid." + Convert.ToBase64String(state.Random.Bytes(30));
        var biz = json["biz_opaque_callback_data"].Str();
        var key = biz ?? http.Request.Headers["Idempotency-Key"].FirstOrDefault()
            ?? $"meta:{phoneNumberId}:{to}:{body ?? json["template"]?.ToJsonString()}";
        var hang = chaos.WillHang();
        state.Record("meta", wamid, phoneNumberId, to, body, template, key, hang, raw);
        hooks.ScheduleStatuses(phoneNumberId, wamid, to, category, biz);
        if (hang)
        {
            await chaos.HangAsync(http);
            return Results.Empty;
        }

        return Results.Json(MetaPayloads.SendSuccess(to, wamid, template is not null));
    }

    private static IResult? TemplateRefusal(SimState state, string name, string language)
    {
        var known = MetaTemplates.Find(state, name, language);
        if (known is null)
        {
            return state.Knobs.RequireKnownTemplates
                ? Fail(state, 404, 132001, "Template name does not exist in the translation", $"template name ({name}) does not exist in {language}")
                : null;
        }

        return known.Status switch
        {
            "APPROVED" => null,
            "PAUSED" => Fail(state, 400, 132015, "Template is Paused", $"Template {name} is paused due to low quality."),
            "DISABLED" => Fail(state, 400, 132016, "Template is Disabled", $"Template {name} is disabled due to low quality."),
            _ => Fail(state, 404, 132001, "Template name does not exist in the translation", $"template name ({name}) is {known.Status}, not approved"),
        };
    }

    internal static bool Authorized(HttpContext http, MetaAccount account)
    {
        var header = http.Request.Headers.Authorization.FirstOrDefault();
        return header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && account.Tokens.Contains(header["Bearer ".Length..].Trim(), StringComparer.Ordinal);
    }

    internal static JsonObject? Parse(string raw)
    {
        try
        {
            return JsonNode.Parse(raw) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static IResult Fail(SimState state, int http, int code, string title, string details, bool count = true)
    {
        if (count)
        {
            state.Count("rejected");
        }

        var trace = Convert.ToBase64String(state.Random.Bytes(17)).Replace('+', '-').Replace('/', '_');
        return Results.Json(MetaPayloads.Error(code, title, details, trace), statusCode: http);
    }
}

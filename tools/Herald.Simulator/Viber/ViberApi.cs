using System.Text.Json.Nodes;
using Herald.Simulator.Core;
using Herald.Simulator.Meta;
using Microsoft.Extensions.Options;

namespace Herald.Simulator.Viber;

/// <summary>POST /viber/2/messages with Authorization: App &lt;key&gt;, answered as Infobip answers.</summary>
internal static class ViberApi
{
    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/viber/2/messages", SendAsync);

    private static async Task<IResult> SendAsync(HttpContext http, SimState state, Chaos chaos, ViberHooks hooks,
        IOptions<SimulatorOptions> options)
    {
        var auth = http.Request.Headers.Authorization.FirstOrDefault();
        if (auth is null || !auth.StartsWith("App ", StringComparison.Ordinal)
            || !options.Value.Viber.Keys.Contains(auth["App ".Length..].Trim(), StringComparer.Ordinal))
        {
            return Fail(state, 401, "E401", "The request lacks valid authentication credentials for the requested resource.",
                "Check the API key and the Authorization header.");
        }

        var raw = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
        var sends = Parse(MetaApi.Parse(raw), state, out var violations);
        if (violations.Count > 0)
        {
            return Fail(state, 400, "E400", "Request cannot be processed.", "Check the syntax, violations and adjust the request.", violations);
        }

        var (gate, _) = await chaos.BeforeAcceptAsync(http, "viber", sends[0].Send.Sender);
        switch (gate)
        {
            case Gate.Refused:
                return Results.Empty;
            case Gate.TooManyRequests:
            case Gate.NumberLimit:
                return Fail(state, 429, "E429", "Too many requests sent.", "Slow down and retry after the Retry-After delay.", count: false);
            case Gate.ServerError:
                return Fail(state, 500, "E500", "Something went wrong.", "Retry later.", count: false);
        }

        foreach (var extra in sends.Skip(1))
        {
            state.TryTakeSlot("viber", extra.Send.Sender, 0);
        }

        var hang = chaos.WillHang();
        var messages = new JsonArray();
        foreach (var (send, text, template, parsedKey) in sends)
        {
            var key = http.Request.Headers["Idempotency-Key"].FirstOrDefault() is { } header && sends.Count == 1
                ? header : parsedKey;
            state.Record("viber", send.MessageId, send.Sender, send.To, text, template, key, hang, raw);
            hooks.ScheduleReports(send);
            messages.Add(new JsonObject
            {
                ["messageId"] = send.MessageId,
                ["status"] = ViberPayloads.PendingAccepted(),
                ["destination"] = send.To,
            });
        }

        if (hang)
        {
            await chaos.HangAsync(http);
            return Results.Empty;
        }

        var response = new JsonObject();
        if (sends[0].Send.BulkId is { } bulkId)
        {
            response["bulkId"] = bulkId;
        }

        response["messages"] = messages;
        return Results.Json(response);
    }

    /// <summary>One entry per destination; the client's destinations[].messageId is kept as the provider id.</summary>
    private static List<(ViberSend Send, string? Text, string? Template, string Key)> Parse(JsonObject? json, SimState state, out JsonArray violations)
    {
        violations = [];
        var result = new List<(ViberSend, string?, string?, string)>();
        if (json?["messages"] is not JsonArray { Count: > 0 } messages)
        {
            violations.Add(Violation("messages", "must not be empty"));
            return result;
        }

        var destinationCount = messages.Sum(m => (m?["destinations"] as JsonArray)?.Count ?? 0);
        var bulkId = destinationCount > 1 ? state.Random.GuidLike() : null;
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i] as JsonObject;
            var sender = m?["sender"].Str();
            var type = m?["content"]?["type"].Str();
            if (string.IsNullOrEmpty(sender) || type is null || m?["destinations"] is not JsonArray { Count: > 0 } destinations)
            {
                violations.Add(Violation($"messages[{i}]", "sender, destinations and content.type are required"));
                continue;
            }

            var text = m["content"]?["text"].Str();
            var template = type == "TEMPLATE" ? m["content"]?["templateId"].Str() : null;
            var hooks = m["webhooks"];
            foreach (var d in destinations)
            {
                if (d?["to"].Str() is not { Length: > 0 } to)
                {
                    violations.Add(Violation($"messages[{i}].destinations", "to is required"));
                    continue;
                }

                var clientId = d["messageId"].Str();
                var id = clientId ?? state.Random.GuidLike();
                var key = clientId is null ? $"viber:{sender}:{to}:{text ?? template}" : $"viber:{sender}:{clientId}";
                result.Add((new ViberSend(id, bulkId, sender, to, hooks?["callbackData"].Str(),
                    hooks?["delivery"]?["url"].Str(), hooks?["seen"]?["url"].Str()), text, template, key));
            }
        }

        return result;
    }

    private static JsonObject Violation(string property, string violation) =>
        new() { ["property"] = property, ["violation"] = violation };

    private static IResult Fail(SimState state, int status, string code, string description, string action,
        JsonArray? violations = null, bool count = true)
    {
        if (count)
        {
            state.Count("rejected");
        }

        return Results.Json(ViberPayloads.Error(code, description, action, violations), statusCode: status);
    }
}

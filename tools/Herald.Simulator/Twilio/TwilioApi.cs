using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Herald.Simulator.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Herald.Simulator.Twilio;

/// <summary>POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, HTTP Basic.</summary>
internal static partial class TwilioApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", SendAsync);
        app.MapGet("/2010-04-01/Accounts/{accountSid}/Messages/{file}", Fetch);
    }

    /// <summary>GET …/Messages/{Sid}.json: the resource with its current status (a timed-out send can be looked up).</summary>
    private static IResult Fetch(string accountSid, string file, HttpContext http, SimState state, TwilioLedger ledger,
        IOptions<SimulatorOptions> options)
    {
        if (!Authorized(http, accountSid, options.Value.Twilio))
        {
            return Fail(state, 20003, "Authenticate", 401);
        }

        var sid = file.EndsWith(".json", StringComparison.Ordinal) ? file[..^".json".Length] : file;
        if (ledger.Find(sid) is not { } found || found.Send.AccountSid != accountSid)
        {
            return Fail(state, 20404, $"The requested resource /2010-04-01/Accounts/{accountSid}/Messages/{sid}.json was not found", 404);
        }

        return Results.Json(TwilioPayloads.Message(found.Send, found.At, found.Status));
    }

    private static async Task<IResult> SendAsync(string accountSid, HttpContext http, SimState state, Chaos chaos,
        TwilioHooks hooks, IOptions<SimulatorOptions> options)
    {
        if (!Authorized(http, accountSid, options.Value.Twilio))
        {
            return Fail(state, 20003, "Authenticate", 401);
        }

        var raw = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
        var form = QueryHelpers.ParseQuery(raw);
        string? Param(string name) => form.TryGetValue(name, out var v) ? v.ToString() : null;
        var to = Param("To");
        var from = Param("From");
        var service = Param("MessagingServiceSid");
        var body = Param("Body");
        var contentSid = Param("ContentSid");
        var contentVariables = Param("ContentVariables");
        var media = form.TryGetValue("MediaUrl", out var m) ? m.Count : 0;
        if (string.IsNullOrEmpty(to))
        {
            return Fail(state, 21604, "A 'To' phone number is required.", 400);
        }

        if (!Phone().IsMatch(to))
        {
            return Fail(state, 21211, $"The 'To' number {to} is not a valid phone number.", 400);
        }

        var bareTo = to.Replace("whatsapp:", "", StringComparison.Ordinal).TrimStart('+');
        if (state.Knobs.OptedOutNumbers.Any(n => n.TrimStart('+') == bareTo))
        {
            return Fail(state, 21610, "Attempt to send to unsubscribed recipient", 400);
        }

        if (string.IsNullOrEmpty(from) && string.IsNullOrEmpty(service))
        {
            return Fail(state, 21603, "A 'From' phone number is required.", 400);
        }

        if (string.IsNullOrEmpty(body) && string.IsNullOrEmpty(contentSid) && media == 0)
        {
            return Fail(state, 21602, "Message body is required.", 400);
        }

        if (body is { Length: > 1600 })
        {
            return Fail(state, 21617, "The concatenated message body exceeds the 1600 character limit.", 400);
        }

        if (contentSid is not null && !ContentSid().IsMatch(contentSid))
        {
            return Fail(state, 21655, "The ContentSid is Invalid.", 400);
        }

        if (contentVariables is not null && !IsJsonObject(contentVariables))
        {
            return Fail(state, 21656, "The ContentVariables Parameter is invalid.", 400);
        }

        var (gate, _) = await chaos.BeforeAcceptAsync(http, "twilio", from ?? service!);
        switch (gate)
        {
            case Gate.Refused:
                return Results.Empty;
            case Gate.TooManyRequests:
            case Gate.NumberLimit:
                return Fail(state, 20429, "Too Many Requests", 429, count: false);
            case Gate.ServerError:
                return Fail(state, 20500, "Internal Server Error", 500, count: false);
        }

        var send = new TwilioSend(accountSid, "SM" + state.Random.Hex(16), string.IsNullOrEmpty(from) ? null : from, to,
            body, service, media);
        var key = http.Request.Headers["I-Twilio-Idempotency-Token"].FirstOrDefault()
            ?? http.Request.Headers["Idempotency-Key"].FirstOrDefault()
            ?? CallbackReference(Param("StatusCallback"))
            ?? $"twilio:{accountSid}:{from ?? service}:{to}:{body}:{contentSid}:{contentVariables}";
        var template = contentSid is null ? null : $"{contentSid} {contentVariables}";
        var hang = chaos.WillHang();
        state.Record("twilio", send.Sid, send.From ?? service!, to, body, template, key, hang, raw);
        hooks.ScheduleStatuses(send, Param("StatusCallback"));
        if (hang)
        {
            await chaos.HangAsync(http);
            return Results.Empty;
        }

        return Results.Json(TwilioPayloads.Message(send, state.Clock.GetUtcNow()), statusCode: 201);
    }

    private static bool Authorized(HttpContext http, string accountSid, TwilioAccount account)
    {
        var header = http.Request.Headers.Authorization.FirstOrDefault();
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && decoded[..colon] == accountSid
            && account.EffectiveAccounts.TryGetValue(accountSid, out var token) && token == decoded[(colon + 1)..];
    }

    /// <summary>The <c>herald_message_id</c> query value of a StatusCallback URL: Herald's message id, one per message.</summary>
    internal static string? CallbackReference(string? statusCallback)
    {
        if (string.IsNullOrEmpty(statusCallback) || !Uri.TryCreate(statusCallback, UriKind.Absolute, out var uri))
        {
            return null;
        }

        return QueryHelpers.ParseQuery(uri.Query).TryGetValue("herald_message_id", out var value) && value.ToString() is { Length: > 0 } id
            ? id
            : null;
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static IResult Fail(SimState state, int code, string message, int status, bool count = true)
    {
        if (count)
        {
            state.Count("rejected");
        }

        return Results.Json(TwilioPayloads.Error(code, message, status), statusCode: status);
    }

    [GeneratedRegex(@"^(whatsapp:)?\+[1-9][0-9]{6,14}$")]
    private static partial Regex Phone();

    [GeneratedRegex("^HX[0-9a-fA-F]{32}$")]
    private static partial Regex ContentSid();
}

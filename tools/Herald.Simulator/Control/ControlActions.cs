using Herald.Simulator.Core;
using Herald.Simulator.Meta;
using Herald.Simulator.Twilio;
using Herald.Simulator.Viber;

namespace Herald.Simulator.Control;

/// <summary>A customer writes in.</summary>
internal sealed record InboundRequest(string? Vendor, string? From, string? To, string? Text, string? Name, string? Account);

/// <summary>A template review outcome: approve, reject, pause, disable (or the Meta status names).</summary>
internal sealed record TemplateStatusRequest(string? Status, string? Language, string? Reason);

internal static class ControlActions
{
    public static IResult Inbound(InboundRequest? request, MetaHooks meta, TwilioHooks twilio, ViberHooks viber)
    {
        if (request is not { From.Length: > 0, To.Length: > 0, Text: not null })
        {
            return Results.Problem("vendor, from, to and text are required.", statusCode: 400);
        }

        var id = request.Vendor?.ToLowerInvariant() switch
        {
            "meta" or "whatsapp" => meta.PostInbound(request.To, request.From, request.Name, request.Text),
            "twilio" => twilio.PostInbound(request.From, request.To, request.Text, request.Account),
            "viber" or "infobip" => viber.PostInbound(request.From, request.To, request.Text),
            _ => null,
        };
        return id is null
            ? Results.Problem("vendor must be meta, twilio or viber (and account, when given, a configured Twilio AccountSid).", statusCode: 400)
            : Results.Json(new { vendor = request.Vendor, providerMessageId = id }, statusCode: 202);
    }

    public static IResult TemplateStatus(string name, TemplateStatusRequest? request, SimState state, MetaHooks meta)
    {
        var status = request?.Status?.ToUpperInvariant() switch
        {
            "APPROVE" or "APPROVED" => "APPROVED",
            "REJECT" or "REJECTED" => "REJECTED",
            "PAUSE" or "PAUSED" => "PAUSED",
            "DISABLE" or "DISABLED" => "DISABLED",
            "PENDING" => "PENDING",
            _ => null,
        };
        if (status is null)
        {
            return Results.Problem("status must be approve, reject, pause or disable.", statusCode: 400);
        }

        var matches = state.Templates.Values
            .Where(t => t.Name == name && (request!.Language is null
                || MetaTemplates.Normalize(t.Language) == MetaTemplates.Normalize(request.Language)))
            .ToList();
        if (matches.Count == 0)
        {
            return Results.Problem($"No template named {name} was created through message_templates.", statusCode: 404);
        }

        var reason = request!.Reason ?? (status == "REJECTED" ? "INVALID_FORMAT" : "NONE");
        foreach (var template in matches)
        {
            template.Status = status;
            template.RejectedReason = status == "REJECTED" ? reason : "NONE";
            meta.PostTemplateStatus(template, reason);
        }

        return Results.Json(matches.Select(t => new { id = t.Id, name = t.Name, language = t.Language, status = t.Status }));
    }
}

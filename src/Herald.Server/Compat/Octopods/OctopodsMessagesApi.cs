using System.Globalization;
using Herald.Domain.Keys;
using Herald.Engine.Notifications;
using Herald.Server.Auth;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Server.Compat.Octopods;

/// <summary>GET /api/v1/{whatsapp|vbm|sms}/messages/{message_id} (status) · GET /api/v1/{whatsapp|vbm|sms}/messages?limit= (this key's sends)</summary>
public static class OctopodsMessagesApi
{
    public static string Path(OctopodsFamily family) => family switch
    {
        OctopodsFamily.Sms => "sms",
        OctopodsFamily.Vbm => "vbm",
        _ => "whatsapp",
    };

    public static void MapOctopodsMessages(this IEndpointRouteBuilder api, OctopodsFamily family)
    {
        var g = api.MapGroup($"/{Path(family)}/messages");
        g.MapGet("/{id}", (string id, HttpContext http, OctopodsIds ids, MessageStore messages) => StatusAsync(id, http, family, ids, messages))
            .RequireOctopodsKey(family, Scopes.MessagesRead);
        g.MapGet("/", (HttpContext http, OctopodsIdStore ids) => ListAsync(http, family, ids))
            .RequireOctopodsKey(family, Scopes.MessagesRead);
    }

    private static async Task<IResult> StatusAsync(string id, HttpContext http, OctopodsFamily family, OctopodsIds ids, MessageStore messages)
    {
        var caller = Caller.Of(http);
        var heraldId = await ids.MessageAsync(caller.WorkspaceId, id, http.RequestAborted);
        var m = heraldId is null ? null : await messages.GetAsync(caller.WorkspaceId, heraldId, http.RequestAborted);
        if (m is null || m.Direction != "outbound" || m.Channel != Channel(family) || (caller.SenderId is not null && m.SenderId != caller.SenderId))
        {
            return OctopodsErrors.Status(http, 404, "Message not found: use the message_id a send through this API returned.");
        }
        var number = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var asked)
            ? asked
            : await ids.MessageNumberAsync(caller.WorkspaceId, m.Id, null, http.RequestAborted); // asked by Herald's id
        var events = await messages.GetEventsAsync(m.Id, http.RequestAborted);
        string? At(string type) => events.FirstOrDefault(e => e.Type == type) is { } e ? EventPayloads.Time(e.At) : null;
        var (status, sentence) = Status(m, family);
        return TypedResults.Ok(new OctopodsMessageStatus(
            OctopodsErrors.RequestId(http), number, status, sentence, m.Phone, m.ProviderMessageId, At("sent"), At("delivered"), At("read"),
            m.Status is "failed" or "expired" or "cancelled" || m.LateFailure == 1 ? m.ErrorMessage ?? m.ErrorCode ?? m.Status : null,
            EventPayloads.Time(m.UpdatedAt), "", "", m.Status, m.Id));
    }

    private static async Task<IResult> ListAsync(HttpContext http, OctopodsFamily family, OctopodsIdStore ids)
    {
        var caller = Caller.Of(http);
        var limit = 100;
        if (http.Request.Query["limit"].ToString() is { Length: > 0 } raw
            && (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            return OctopodsErrors.Error(http, family, OctopodsErrors.TypeMismatch, "The 'limit' parameter must be a positive number (at most 100).");
        }
        var sent = await ids.SentByKeyAsync(caller.KeyId, Math.Min(limit, 100) * 3, http.RequestAborted);
        Dictionary<string, MessageRow> rows;
        await using (var c = await http.RequestServices.GetRequiredService<Herald.Storage.Infrastructure.Database>().OpenAsync(http.RequestAborted))
        {
            rows = (await MessageStore.GetManyAsync(c, null, [.. sent.Select(s => s.HeraldId)])).ToDictionary(m => m.Id, StringComparer.Ordinal);
        }
        var items = sent.Where(s => rows.TryGetValue(s.HeraldId, out var m) && m.Channel == Channel(family)).Take(Math.Min(limit, 100))
            .Select(s =>
            {
                var m = rows[s.HeraldId];
                var (status, _) = Status(m, family);
                return new OctopodsMessageItem(s.Number, status, m.Phone, EventPayloads.Time(m.CreatedAt),
                    m.Status is "failed" or "expired" or "cancelled" ? m.ErrorMessage ?? m.Status : null);
            }).ToList();
        return TypedResults.Ok(new OctopodsMessageList(OctopodsErrors.RequestId(http), items));
    }

    private static string Channel(OctopodsFamily family) => family switch
    {
        OctopodsFamily.Sms => "sms",
        OctopodsFamily.Vbm => "viber",
        _ => "whatsapp",
    };

    /// <summary>
    /// Octopods' status (upper case on SMS as its SMS reference shows, lower case on WhatsApp and VBM as theirs do) and a
    /// sentence. Before the provider has the message Octopods has no status yet: UNKNOWN, "retry after a short delay".
    /// </summary>
    public static (string Status, string Sentence) Status(MessageRow m, OctopodsFamily family)
    {
        var (status, sentence) = m.Status switch
        {
            "sent" => ("SENT", "Your message has been handed to the provider."),
            "delivered" => ("DELIVERED", "Your message has been delivered successfully."),
            "read" => ("READ", "Your message has been read."),
            "failed" or "expired" or "cancelled" => ("FAILED", $"Your message was not delivered ({m.Status}): {m.ErrorMessage ?? m.ErrorCode ?? "see failure_reason"}."),
            _ => ("UNKNOWN", $"Status not available yet (Herald: {m.Status}); retry after a short delay."),
        };
        return (family == OctopodsFamily.Sms ? status : status.ToLowerInvariant(), sentence);
    }
}

/// <summary>A message's status as both of Octopods' status pages show it, plus Herald's own status and id.</summary>
public sealed record OctopodsMessageStatus(
    string RequestId, long MessageId, string Status, string StatusMessage, string PhoneNumber, string? ChannelMessageId, string? SentAt,
    string? DeliveredAt, string? ReadAt, string? FailureReason, string LastUpdated, string IntercomConversationId, string IntercomConversationPartId,
    string HeraldStatus, string HeraldMessageId);

public sealed record OctopodsMessageItem(long MessageId, string Status, string PhoneNumber, string SentAt, string? FailureReason);

public sealed record OctopodsMessageList(string RequestId, IReadOnlyList<OctopodsMessageItem> Messages);

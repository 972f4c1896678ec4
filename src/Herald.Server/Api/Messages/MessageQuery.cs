using System.Globalization;
using Herald.Domain;
using Herald.Domain.Messages;
using Herald.Domain.Phones;
using Herald.Server.Infrastructure;
using Herald.Storage.Stores;

namespace Herald.Server.Api.Messages;

/// <summary>Query parameters of GET /v1/messages: status, channel, to, direction, purpose, sender, created_after, created_before, limit, cursor.</summary>
public static class MessageQuery
{
    public static (MessageFilter Filter, int Limit, IReadOnlyList<Reason> Errors) Parse(IQueryCollection q)
    {
        var errors = new List<Reason>();
        string? Get(string name) => q.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString().Trim() : null;
        var status = Get("status");
        if (status is not null && !Wire.TryParseMessageStatus(status, out _) && status != "received")
        {
            errors.Add(new Reason("invalid_query", $"'{status}' is not a message status.", "status"));
        }
        var channel = Get("channel");
        if (channel is not null && !Wire.TryParseChannel(channel, out _))
        {
            errors.Add(new Reason("invalid_query", $"'{channel}' is not a channel; use sms, whatsapp or viber.", "channel"));
        }
        var to = QueryPhone.Restore(q.TryGetValue("to", out var rawTo) ? rawTo.ToString() : null);
        if (to is not null)
        {
            if (PhoneNumber.TryParse(to, out var p, out _))
            {
                to = p.E164;
            }
            else
            {
                errors.Add(new Reason("invalid_query", $"'{to}' is not an E.164 phone number.", "to"));
            }
        }
        var direction = Get("direction");
        if (direction is not null && !Wire.TryParseDirection(direction, out _))
        {
            errors.Add(new Reason("invalid_query", $"'{direction}' is not a direction; use inbound or outbound.", "direction"));
        }
        var purpose = Get("purpose");
        if (purpose is not null && !Wire.TryParsePurpose(purpose, out _))
        {
            errors.Add(new Reason("invalid_query", $"'{purpose}' is not a purpose; use transactional or marketing.", "purpose"));
        }
        var limit = 50;
        if (Get("limit") is { } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 500))
        {
            errors.Add(new Reason("invalid_query", "'limit' must be a whole number from 1 to 500.", "limit"));
            limit = 50;
        }
        string? before = null;
        if (Get("cursor") is { } c && !Cursor.TryDecode(c, out before))
        {
            errors.Add(new Reason("invalid_cursor", "'cursor' is not one Herald gave out; pass next_cursor from the previous page unchanged.", "cursor"));
        }
        var from = Time(Get("created_after"), "created_after", errors);
        var until = Time(Get("created_before"), "created_before", errors);
        return (new MessageFilter(before, status?.ToLowerInvariant(), channel?.ToLowerInvariant(), to, direction?.ToLowerInvariant(),
            purpose?.ToLowerInvariant(), Get("sender"), from, until), limit, errors);
    }

    private static long? Time(string? value, string field, List<Reason> errors)
    {
        if (value is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return t.ToUnixTimeMilliseconds();
        }
        errors.Add(new Reason("invalid_query", $"'{field}' must be an ISO 8601 date-time such as 2026-11-24T09:30:00Z.", field));
        return null;
    }
}

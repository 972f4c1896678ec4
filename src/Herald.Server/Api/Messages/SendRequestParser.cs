using System.Globalization;
using System.Text.Json;
using System.Xml;
using Herald.Domain;
using Herald.Domain.Messages;
using Herald.Domain.Phones;
using Herald.Domain.Policy;
using Herald.Domain.Templates;
using Herald.Engine.Sending;

namespace Herald.Server.Api.Messages;

/// <summary>Turns a request body into a <see cref="SendCommand"/>, listing every field problem at once.</summary>
public static class SendRequestParser
{
    private static readonly TimeSpan MinValidity = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxValidity = TimeSpan.FromDays(3);
    private static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(35);

    public static (SendCommand? Command, IReadOnlyList<Reason> Errors) Parse(
        SendMessageRequest r, string workspaceId, Channel? senderChannel, DateTimeOffset now)
    {
        var errors = new List<Reason>();
        PhoneNumber? phone = null;
        if (string.IsNullOrWhiteSpace(r.To))
        {
            errors.Add(new Reason("to_required", "Say who gets the message in 'to', as an E.164 number like +14155550123.", "to"));
        }
        else if (!PhoneNumber.TryParse(r.To, out phone, out var phoneError))
        {
            errors.Add(phoneError! with { Field = "to" });
        }
        var channel = Channel.Sms;
        if (r.Channel is null)
        {
            if (senderChannel is { } inferred)
            {
                channel = inferred;
            }
            else
            {
                errors.Add(new Reason("channel_required", "Say which channel to use in 'channel': sms, whatsapp or viber.", "channel"));
            }
        }
        else if (!Wire.TryParseChannel(r.Channel, out channel))
        {
            errors.Add(new Reason("channel_invalid", $"'{r.Channel}' is not a channel; use sms, whatsapp or viber.", "channel"));
        }
        var purpose = Purpose.Transactional;
        if (r.Purpose is not null && !Wire.TryParsePurpose(r.Purpose, out purpose))
        {
            errors.Add(new Reason("purpose_invalid", $"'{r.Purpose}' is not a purpose; use transactional or marketing.", "purpose"));
        }
        var kind = ContentKind.Text;
        if (r.Text is not null && r.Template is not null)
        {
            errors.Add(new Reason("content_ambiguous", "Send either 'text' or 'template', not both.", "text"));
        }
        else if (r.Template is not null)
        {
            kind = ContentKind.Template;
            if (string.IsNullOrWhiteSpace(r.Template.Name))
            {
                errors.Add(new Reason("template_name_required", "Name the template to send in 'template.name'.", "template.name"));
            }
        }
        else if (string.IsNullOrWhiteSpace(r.Text))
        {
            errors.Add(new Reason("content_missing", "Give the message's content: 'text', or 'template' with its parameters.", "text"));
        }
        var parameters = TemplateParameters.None;
        if (r.Template is not null)
        {
            parameters = ParseParameters(r.Template, errors);
        }
        if (r.SendAt is { } sendAt)
        {
            if (sendAt < now - TimeSpan.FromMinutes(5))
            {
                errors.Add(new Reason("send_at_in_past", "'send_at' is in the past; leave it out to send now, or give a future time.", "send_at"));
            }
            else if (sendAt > now + MaxScheduleAhead)
            {
                errors.Add(new Reason("send_at_too_far", "'send_at' can be at most 35 days ahead.", "send_at"));
            }
        }
        var validity = ParseValidity(r.Validity, errors);
        var metadata = ParseMetadata(r.Metadata, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new SendCommand(workspaceId, channel, string.IsNullOrWhiteSpace(r.Sender) ? null : r.Sender.Trim(), phone!, kind, r.Text, r.Template?.Name?.Trim(), r.Template?.Language?.Trim(),
            parameters, purpose, r.SendAt, validity, metadata), []);
    }

    public static TimeSpan? ParseValidity(JsonElement? v, List<Reason> errors)
    {
        if (v is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        TimeSpan? span = null;
        // Checked against the bounds before converting: TimeSpan overflows on huge values, and that must be a 400, not a 500.
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var seconds) && seconds is >= 0 and <= 366L * 24 * 3600)
        {
            span = TimeSpan.FromSeconds(seconds);
        }
        else if (e.ValueKind == JsonValueKind.String)
        {
            try
            {
                span = XmlConvert.ToTimeSpan(e.GetString()!);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                span = null;
            }
        }
        if (span is null || span < MinValidity || span > MaxValidity)
        {
            errors.Add(new Reason("validity_invalid",
                "'validity' is how long the message may wait, in seconds (e.g. 3600) or as an ISO 8601 duration (e.g. \"PT1H\"), from 30 seconds to 3 days.",
                "validity"));
            return null;
        }
        return span;
    }

    private static string? ParseMetadata(JsonElement? m, List<Reason> errors)
    {
        if (m is not { } e || e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var raw = e.GetRawText();
        if (e.ValueKind != JsonValueKind.Object || raw.Length > 4096)
        {
            errors.Add(new Reason("metadata_invalid", "'metadata' must be a JSON object of at most 4 KiB; it is stored and returned as given.", "metadata"));
            return null;
        }
        return raw;
    }

    private static TemplateParameters ParseParameters(TemplateReference t, List<Reason> errors)
    {
        var header = ParameterSet.Empty;
        var body = ParameterSet.Empty;
        var buttons = new Dictionary<int, ParameterSet>();
        if (t.Parameters is { } p && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind == JsonValueKind.Object && p.EnumerateObject().Any()
                && p.EnumerateObject().All(x => x.Name is "header" or "body" or "buttons"))
            {
                foreach (var part in p.EnumerateObject())
                {
                    var field = "template.parameters." + part.Name;
                    if (part.Name == "buttons")
                    {
                        ParseButtons(part.Value, buttons, errors);
                    }
                    else if (part.Name == "header")
                    {
                        header = Set(part.Value, field, errors);
                    }
                    else
                    {
                        body = Set(part.Value, field, errors);
                    }
                }
            }
            else
            {
                body = Set(p, "template.parameters", errors);
            }
        }
        var media = t.HeaderMediaUrl;
        return new TemplateParameters(body, header, buttons, string.IsNullOrWhiteSpace(media) ? null : media.Trim());
    }

    private static void ParseButtons(JsonElement e, Dictionary<int, ParameterSet> buttons, List<Reason> errors)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new Reason("invalid_type", "'template.parameters.buttons' must be an array with one entry per button.", "template.parameters.buttons"));
            return;
        }
        var i = 0;
        foreach (var b in e.EnumerateArray())
        {
            if (b.ValueKind != JsonValueKind.Null)
            {
                buttons[i] = b.ValueKind == JsonValueKind.String
                    ? ParameterSet.Of(b.GetString()!)
                    : Set(b, $"template.parameters.buttons[{i}]", errors);
            }
            i++;
        }
    }

    /// <summary>An array gives positional values, an object named ones; numbers and booleans are taken as their text.</summary>
    private static ParameterSet Set(JsonElement e, string field, List<Reason> errors)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Array:
                var list = new List<string>();
                foreach (var item in e.EnumerateArray())
                {
                    list.Add(Scalar(item, field, errors) ?? "");
                }
                return ParameterSet.Of([.. list]);
            case JsonValueKind.Object:
                var named = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var prop in e.EnumerateObject())
                {
                    named[prop.Name] = Scalar(prop.Value, field + "." + prop.Name, errors) ?? "";
                }
                return ParameterSet.OfNamed(named);
            default:
                errors.Add(new Reason("invalid_type",
                    $"'{field}' must be an array of values (positional) or an object of name → value (named).", field));
                return ParameterSet.Empty;
        }
    }

    private static string? Scalar(JsonElement e, string field, List<Reason> errors)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                return e.GetString();
            case JsonValueKind.Number:
                return e.GetRawText();
            case JsonValueKind.True or JsonValueKind.False:
                return e.GetBoolean().ToString(CultureInfo.InvariantCulture).ToLowerInvariant();
            default:
                errors.Add(new Reason("invalid_type", $"Each value in '{field}' must be a string.", field));
                return null;
        }
    }
}

using System.Text.Json;
using Herald.Domain;
using Herald.Domain.Broadcasts;
using Herald.Engine.Broadcasts;
using Herald.Server.Api.Messages;
using Herald.Storage.Stores;

namespace Herald.Server.Api.Broadcasts;

/// <summary>
/// Create or change a draft broadcast. <c>content</c>: <c>{"text": "Hi {{first_name}}", "defaults": {"first_name": "there"}}</c>
/// or <c>{"template": {"name", "language", "variables": {"1": "first_name" | {"from", "default"} | {"value"}}, "header_media_url"}}</c>.
/// <c>audience</c>: <c>{"contacts": {"match": "all" | "any", "conditions": [{"attribute", "op", "value"}]}}</c> (a CSV goes
/// to PUT /v1/broadcasts/{id}/audience). <c>quiet_hours</c>: "21:00-08:00", "off", or absent for the installation's setting.
/// </summary>
public sealed record BroadcastRequest(
    string? Name, string? Channel, List<string>? Senders, string? Purpose, ContentRequest? Content, AudienceRequest? Audience,
    string? QuietHours, double? MaxRate, JsonElement? Validity, double? ErrorThreshold, DateTimeOffset? SendAt);

public sealed record ContentRequest(string? Text, Dictionary<string, string>? Defaults, TemplateContentRequest? Template);

public sealed record TemplateContentRequest(string? Name, string? Language, Dictionary<string, JsonElement>? Variables, JsonElement? HeaderMediaUrl);

public sealed record AudienceRequest(ContactsAudienceRequest? Contacts);

public sealed record ContactsAudienceRequest(string? Match, List<ConditionRequest>? Conditions);

public sealed record ConditionRequest(string? Attribute, string? Op, JsonElement? Value);

public sealed record StartRequest(DateTimeOffset? SendAt);

public static class BroadcastRequestParser
{
    public static (BroadcastInput? Input, List<Reason> Errors) Parse(BroadcastRequest r)
    {
        var errors = new List<Reason>();
        BroadcastContent? content = null;
        if (r.Content is { } c)
        {
            BroadcastTemplate? template = null;
            if (c.Template is { } t)
            {
                if (string.IsNullOrWhiteSpace(t.Name))
                {
                    errors.Add(new Reason("template_name_required", "Give 'content.template.name'.", "content.template.name"));
                }
                var variables = new Dictionary<string, ValueSource>(StringComparer.Ordinal);
                foreach (var (key, value) in t.Variables ?? [])
                {
                    if (Source(value, $"content.template.variables.{key}", errors) is { } s)
                    {
                        variables[key] = s;
                    }
                }
                var media = t.HeaderMediaUrl is { ValueKind: not JsonValueKind.Null } m ? Source(m, "content.template.header_media_url", errors) : null;
                template = new BroadcastTemplate(t.Name?.Trim() ?? "", t.Language?.Trim(), variables, media);
            }
            content = new BroadcastContent(c.Text, c.Defaults, template);
        }
        ContactMatch? contacts = null;
        if (r.Audience?.Contacts is { } a)
        {
            contacts = ParseContacts(a, errors);
        }
        var validity = SendRequestParser.ParseValidity(r.Validity, errors);
        var quiet = r.QuietHours is null or "default" ? null : r.QuietHours.Trim();
        return errors.Count > 0
            ? (null, errors)
            : (new BroadcastInput(r.Name, r.Channel, r.Senders, r.Purpose, content, contacts, quiet, r.QuietHours is not null,
                r.MaxRate, validity, r.ErrorThreshold, r.SendAt), errors);
    }

    public static ContactMatch? ParseContacts(ContactsAudienceRequest a, List<Reason> errors)
    {
        var match = a.Match ?? "all";
        if (match is not ("all" or "any"))
        {
            errors.Add(new Reason("audience_match_invalid", "'audience.contacts.match' is \"all\" (AND) or \"any\" (OR).", "audience.contacts.match"));
        }
        var conditions = new List<ContactCondition>();
        foreach (var (cond, i) in (a.Conditions ?? []).Select((x, i) => (x, i)))
        {
            var field = $"audience.contacts.conditions[{i}]";
            if (string.IsNullOrWhiteSpace(cond.Attribute) || cond.Attribute.Length > 100)
            {
                errors.Add(new Reason("condition_invalid", $"{field}: give the 'attribute' to test (a contact attribute, name, phone or time_zone).", field));
                continue;
            }
            var op = cond.Op ?? "eq";
            if (!ContactFilters.Operators.Contains(op))
            {
                errors.Add(new Reason("condition_invalid",
                    $"{field}: '{op}' is not an operator; use eq, ne, contains, starts_with, in, exists or not_exists.", field));
                continue;
            }
            if (op is not ("exists" or "not_exists") && cond.Value is not { ValueKind: JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Array })
            {
                errors.Add(new Reason("condition_invalid", $"{field}: '{op}' needs a 'value' (a list for 'in').", field));
                continue;
            }
            conditions.Add(new ContactCondition(cond.Attribute.Trim(), op, cond.Value));
        }
        return new ContactMatch(match, conditions);
    }

    /// <summary>"column" is shorthand for {"from": "column"}.</summary>
    private static ValueSource? Source(JsonElement e, string field, List<Reason> errors)
    {
        if (e.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(e.GetString()))
        {
            return new ValueSource(e.GetString()!.Trim(), null, null);
        }
        if (e.ValueKind == JsonValueKind.Object)
        {
            string? Get(string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            var unknown = e.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("from" or "default" or "value"));
            var s = new ValueSource(Get("from"), Get("default"), Get("value"));
            if (unknown is null && (s.From is not null || s.Value is not null))
            {
                return s;
            }
        }
        errors.Add(new Reason("variable_mapping_invalid",
            $"'{field}' must name a column (\"first_name\"), or be {{\"from\": \"column\", \"default\": \"…\"}} or {{\"value\": \"…\"}}.", field));
        return null;
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Herald.Server.Integrations.Intercom;

/// <summary>
/// What Herald reads from a Canvas Kit initialize or submit request: the teammate (<c>admin.id</c>), the contact
/// (<c>contact</c>, else <c>customer</c>, else <c>user</c>), the conversation (<c>conversation.id</c>, else
/// <c>context.conversation_id</c>), and on submit <c>component_id</c>, <c>input_values</c> and
/// <c>current_canvas.stored_data</c>. Unknown fields are ignored: Intercom adds fields over time.
/// </summary>
public sealed record IntercomRequest(
    string? WorkspaceId, string? AdminId, string? ContactId, string? Name, string? Email, string? Phone, JsonObject CustomAttributes,
    string? ConversationId, string? ComponentId, IReadOnlyDictionary<string, string> Inputs, JsonObject? StoredData)
{
    public static IntercomRequest? Parse(byte[] raw)
    {
        if (VendorJson.Object(raw) is not { } root)
        {
            return null;
        }
        var contact = root["contact"] as JsonObject ?? root["customer"] as JsonObject ?? root["user"] as JsonObject;
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root["input_values"] is JsonObject values)
        {
            foreach (var (k, v) in values)
            {
                if (Text(v) is { } s)
                {
                    inputs[k] = s;
                }
            }
        }
        var canvas = root["current_canvas"] as JsonObject;
        return new IntercomRequest(
            Text(root["workspace_id"]), Text(root["admin"]?["id"]), Text(contact?["id"]), Text(contact?["name"]), Text(contact?["email"]), Text(contact?["phone"]),
            contact?["custom_attributes"] as JsonObject ?? [],
            Text(root["conversation"]?["id"]) ?? Text(root["context"]?["conversation_id"]),
            Text(root["component_id"]), inputs, canvas?["stored_data"] as JsonObject);
    }

    /// <summary>A JSON string or number as text (Intercom sends ids both ways); null for anything else or blank.</summary>
    public static string? Text(JsonNode? n)
    {
        if (n is not JsonValue v)
        {
            return null;
        }
        return v.GetValueKind() switch
        {
            JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetValue<string>()) ? null : v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    /// <summary>
    /// The value a template variable starts with, from the Intercom contact: <c>name</c>, <c>first_name</c> (the first
    /// word of the name), <c>last_name</c> (the rest), <c>email</c>, <c>phone</c>, else a custom attribute of that name
    /// (case-insensitive); positional <c>{{1}}</c> takes the first name, other positions start empty.
    /// </summary>
    public string Prefill(string variable, bool positional)
    {
        var name = Name?.Trim() ?? "";
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        var first = space < 0 ? name : name[..space];
        if (positional)
        {
            return variable == "1" ? first : "";
        }
        switch (variable.ToLowerInvariant())
        {
            case "name" or "full_name":
                return name;
            case "first_name" or "firstname":
                return first;
            case "last_name" or "lastname":
                return space < 0 ? "" : name[(space + 1)..].Trim();
            case "email":
                return Email ?? "";
            case "phone":
                return Phone ?? "";
        }
        foreach (var (k, v) in CustomAttributes)
        {
            if (string.Equals(k, variable, StringComparison.OrdinalIgnoreCase))
            {
                return Text(v) ?? "";
            }
        }
        return "";
    }

    public string StoredText(string key) => Text(StoredData?[key]) ?? "";

    public static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}

using System.Text.Json.Nodes;

namespace Herald.Server.Integrations.Intercom;

/// <summary>Canvas Kit components as Intercom documents them: text, input, dropdown with options, button (submit), spacer, divider.</summary>
public static class IntercomCanvas
{
    public static JsonObject Response(JsonArray components, JsonObject? storedData) => new()
    {
        ["canvas"] = new JsonObject
        {
            ["content"] = new JsonObject { ["components"] = components },
            ["stored_data"] = storedData ?? [],
        },
    };

    /// <summary>style: header, paragraph, muted or error.</summary>
    public static JsonObject Text(string id, string text, string style = "paragraph") =>
        new() { ["type"] = "text", ["id"] = id, ["text"] = text, ["style"] = style };

    public static JsonObject Input(string id, string label, string? value, string? placeholder = null)
    {
        var o = new JsonObject { ["type"] = "input", ["id"] = id, ["label"] = label };
        if (!string.IsNullOrEmpty(value))
        {
            o["value"] = value;
        }
        if (placeholder is not null)
        {
            o["placeholder"] = placeholder;
        }
        return o;
    }

    public static JsonObject Dropdown(string id, string label, IEnumerable<(string Id, string Text)> options, string? value)
    {
        var list = new JsonArray();
        foreach (var (oid, text) in options)
        {
            list.Add(new JsonObject { ["type"] = "option", ["id"] = oid, ["text"] = text });
        }
        var o = new JsonObject { ["type"] = "dropdown", ["id"] = id, ["label"] = label, ["options"] = list };
        if (value is not null)
        {
            o["value"] = value;
        }
        return o;
    }

    /// <summary>style: primary, secondary or link; the action submits the canvas (Intercom calls the submit URL).</summary>
    public static JsonObject SubmitButton(string id, string label, string style = "primary") => new()
    {
        ["type"] = "button", ["id"] = id, ["label"] = label, ["style"] = style,
        ["action"] = new JsonObject { ["type"] = "submit" },
    };

    public static JsonObject Spacer(string size = "s") => new() { ["type"] = "spacer", ["size"] = size };

    public static JsonObject Divider() => new() { ["type"] = "divider" };
}

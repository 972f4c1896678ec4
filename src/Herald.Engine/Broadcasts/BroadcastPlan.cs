using System.Text.Json;
using Herald.Domain.Broadcasts;
using Herald.Domain.Messages;
using Herald.Domain.Phones;
using Herald.Domain.Policy;
using Herald.Domain.Templates;
using Herald.Engine.Sending;
using Herald.Storage.Rows;

namespace Herald.Engine.Broadcasts;

/// <summary>A broadcast's settings parsed once, and how one audience row becomes a send command.</summary>
public sealed class BroadcastPlan
{
    private static readonly IReadOnlyDictionary<string, string> NoDefaults = new Dictionary<string, string>();

    public BroadcastPlan(BroadcastRow b)
    {
        Row = b;
        Content = BroadcastContent.Parse(b.Content);
        SenderIds = JsonSerializer.Deserialize<List<string>>(b.SenderIds) ?? [];
        Channel = Wire.TryParseChannel(b.Channel, out var channel) ? channel : throw new InvalidOperationException($"Unknown channel '{b.Channel}'.");
        Purpose = Wire.TryParsePurpose(b.Purpose, out var purpose) ? purpose : Purpose.Marketing;
        QuietHoursOff = b.QuietHours == "off";
        QuietHours = b.QuietHours is null or "off" ? null : SendEvaluator.ParseQuietHours(b.QuietHours);
        Validity = b.ValidityMs is { } v ? TimeSpan.FromMilliseconds(v) : null;
    }

    public BroadcastRow Row { get; }

    public BroadcastContent Content { get; }

    public IReadOnlyList<string> SenderIds { get; }

    public Channel Channel { get; }

    public Purpose Purpose { get; }

    public QuietHours? QuietHours { get; }

    public bool QuietHoursOff { get; }

    public TimeSpan? Validity { get; }

    /// <summary>
    /// A recipient always gets the same sender of the pool (by a stable hash of the number), so their conversation stays
    /// with one number across broadcasts.
    /// </summary>
    public string? StickySender(string phone)
    {
        if (SenderIds.Count <= 1)
        {
            return SenderIds.Count == 0 ? null : SenderIds[0];
        }
        var h = 2166136261u;
        foreach (var ch in phone)
        {
            h = (h ^ ch) * 16777619u;
        }
        return SenderIds[(int)(h % (uint)SenderIds.Count)];
    }

    /// <summary>The values of one audience row by column name (case-insensitive).</summary>
    public static Dictionary<string, string> Values(string? variables)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (variables is null)
        {
            return values;
        }
        using var doc = JsonDocument.Parse(variables);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            values[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        }
        return values;
    }

    /// <summary>Personalizes the content for one row; null and the missing variable when it cannot be filled.</summary>
    public (string? Text, TemplateParameters? Parameters, string? Missing) Render(IReadOnlyDictionary<string, string> values)
    {
        if (Content.Template is { } t)
        {
            var p = ContentRenderer.RenderTemplate(t.Variables ?? [], t.HeaderMediaUrl, values, out var missingVar);
            return (null, p, missingVar);
        }
        var text = ContentRenderer.RenderText(Content.Text ?? "", values, Content.Defaults ?? NoDefaults, out var missing);
        return (text, null, missing);
    }

    /// <summary>The send command for one recipient with its rendered content.</summary>
    public SendCommand Command(PhoneNumber phone, string? senderId, string? text, TemplateParameters? parameters, string? timeZone) =>
        new(Row.WorkspaceId, Channel, senderId, phone, Content.Template is null ? ContentKind.Text : ContentKind.Template, text,
            Content.Template?.Name, Content.Template?.Language, parameters ?? TemplateParameters.None, Purpose, null, Validity, null)
        {
            QuietHours = QuietHours, QuietHoursOff = QuietHoursOff, TimeZone = timeZone,
        };
}

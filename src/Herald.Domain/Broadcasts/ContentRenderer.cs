using System.Text;
using Herald.Domain.Templates;

namespace Herald.Domain.Broadcasts;

/// <summary>Personalizes a broadcast's content for one recipient: SMS/Viber text placeholders and template variables.</summary>
public static class ContentRenderer
{
    /// <summary>
    /// Replaces each <c>{{column}}</c> with the recipient's value (or the default for that column). Returns null and the
    /// first missing column when a placeholder has neither.
    /// </summary>
    public static string? RenderText(
        string text, IReadOnlyDictionary<string, string> row, IReadOnlyDictionary<string, string> defaults, out string? missing)
    {
        missing = null;
        var sb = new StringBuilder(text.Length + 32);
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            var close = open < 0 ? -1 : text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                sb.Append(text, i, text.Length - i);
                break;
            }
            sb.Append(text, i, open - i);
            var name = text.Substring(open + 2, close - open - 2).Trim();
            var value = row.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : defaults.GetValueOrDefault(name);
            if (value is null)
            {
                missing = name;
                return null;
            }
            sb.Append(value);
            i = close + 2;
        }
        return sb.ToString();
    }

    /// <summary>
    /// Builds template parameters from a mapping keyed like the template's placeholders: "1", "2" … or names for the
    /// body, "header.1" / "header.name" for the header, "button.0.1" for a button's. Null and the first missing key
    /// when a value is missing.
    /// </summary>
    public static TemplateParameters? RenderTemplate(
        IReadOnlyDictionary<string, ValueSource> mapping, ValueSource? headerMedia, IReadOnlyDictionary<string, string> row,
        out string? missing)
    {
        missing = null;
        var body = new Dictionary<string, string>(StringComparer.Ordinal);
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var buttons = new Dictionary<int, Dictionary<string, string>>();
        foreach (var (key, source) in mapping)
        {
            var value = source.Resolve(row);
            if (value is null)
            {
                missing = key;
                return null;
            }
            if (key.StartsWith("header.", StringComparison.Ordinal))
            {
                header[key[7..]] = value;
            }
            else if (key.StartsWith("button.", StringComparison.Ordinal) && key.Split('.') is [_, var index, var name]
                     && int.TryParse(index, System.Globalization.CultureInfo.InvariantCulture, out var b))
            {
                (buttons.TryGetValue(b, out var set) ? set : buttons[b] = new(StringComparer.Ordinal))[name] = value;
            }
            else
            {
                body[key] = value;
            }
        }
        string? media = null;
        if (headerMedia is not null && (media = headerMedia.Resolve(row)) is null)
        {
            missing = "header_media_url";
            return null;
        }
        return new TemplateParameters(ToSet(body), ToSet(header), buttons.ToDictionary(kv => kv.Key, kv => ToSet(kv.Value)), media);
    }

    /// <summary>Keys that are all numbers are positional ({{1}}, {{2}} … in order); otherwise named.</summary>
    private static ParameterSet ToSet(Dictionary<string, string> values)
    {
        if (values.Count == 0)
        {
            return ParameterSet.Empty;
        }
        if (values.Keys.All(k => int.TryParse(k, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            return ParameterSet.Of(values.OrderBy(kv => int.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture))
                .Select(kv => kv.Value).ToArray());
        }
        return ParameterSet.OfNamed(values);
    }
}

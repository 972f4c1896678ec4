using System.Globalization;
using System.Text.Json;
using Herald.Domain.Templates;

namespace Herald.Server.Compat.Octopods;

/// <summary>
/// Octopods' <c>message_variables</c> in its three forms, onto Herald's <see cref="TemplateParameters"/>: a plain array
/// (body only), an object of arrays <c>{header, body, footer, buttons}</c>, or a map <c>{"1": "…", "2": "…"}</c>.
/// Counts are left to Herald's renderer, whose refusal becomes VARIABLES_SIZE.
/// </summary>
public static class MessageVariables
{
    private static readonly string[] Sections = ["header", "body", "footer", "buttons"];

    /// <summary>The parameters, or the Octopods error name and sentence.</summary>
    public static (TemplateParameters? Parameters, string? Error, string? Message) Parse(JsonElement? value, TemplateDefinition t, string? mediaUrl)
    {
        var none = TemplateParameters.None with { HeaderMediaUrl = string.IsNullOrWhiteSpace(mediaUrl) ? null : mediaUrl.Trim() };
        if (value is not { } v)
        {
            return (none, null, null);
        }
        if (v.ValueKind == JsonValueKind.Array)
        {
            if (HasNonBodyVariables(t))
            {
                return (null, OctopodsErrors.VariablesFormat,
                    $"Template '{t.Name}' has variables outside its body: send 'message_variables' as an object {{\"header\": [], \"body\": [], \"footer\": [], \"buttons\": []}}.");
            }
            var (body, error) = Values(v, "message_variables");
            return body is null ? (null, OctopodsErrors.TypeMismatch, error) : (none with { Body = Body(body, t) }, null, null);
        }
        if (v.ValueKind != JsonValueKind.Object)
        {
            return (null, OctopodsErrors.TypeMismatch, "'message_variables' must be an array, an object of arrays {header, body, footer, buttons} or a map {\"1\": \"…\"}.");
        }
        var names = v.EnumerateObject().Select(p => p.Name).ToList();
        return names.Count > 0 && names.All(n => Sections.Contains(n)) ? Sectioned(v, t, none) : Mapped(v, t, none);
    }

    private static (TemplateParameters?, string?, string?) Sectioned(JsonElement v, TemplateDefinition t, TemplateParameters p)
    {
        foreach (var section in v.EnumerateObject())
        {
            var field = "message_variables." + section.Name;
            var (values, error) = section.Value.ValueKind == JsonValueKind.Null ? ([], null) : Values(section.Value, field);
            if (values is null)
            {
                return (null, OctopodsErrors.TypeMismatch, error);
            }
            switch (section.Name)
            {
                case "header":
                    p = p with { Header = values.Count == 0 ? ParameterSet.Empty : Ordered(values, NamesIn(t.Header?.Text), t.Format) };
                    break;
                case "body":
                    p = p with { Body = Body(values, t) };
                    break;
                case "footer" when values.Count > 0:
                    return (null, OctopodsErrors.VariablesSize, $"Template '{t.Name}' has no footer variables, but {values.Count} were given.");
                case "buttons":
                    var (buttons, problem) = Buttons(values, t);
                    if (buttons is null)
                    {
                        return (null, OctopodsErrors.VariablesSize, problem);
                    }
                    p = p with { Buttons = buttons };
                    break;
            }
        }
        return (p, null, null);
    }

    /// <summary>The map form: keys "1", "2"… (positional, in number order) or the variable names of a named template.</summary>
    private static (TemplateParameters?, string?, string?) Mapped(JsonElement v, TemplateDefinition t, TemplateParameters p)
    {
        var pairs = new List<(string Key, string Value)>();
        foreach (var prop in v.EnumerateObject())
        {
            if (Scalar(prop.Value) is not { } text)
            {
                return (null, OctopodsErrors.TypeMismatch, $"'message_variables.{prop.Name}' must be a string.");
            }
            pairs.Add((prop.Name, text));
        }
        if (t.Format == ParameterFormat.Named && !pairs.All(x => int.TryParse(x.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            var named = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in pairs)
            {
                named[name] = value; // a name given twice: the last value wins, as in most JSON readers
            }
            return (p with { Body = ParameterSet.OfNamed(named) }, null, null);
        }
        var numbered = new SortedDictionary<int, string>();
        foreach (var (key, text) in pairs)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > pairs.Count)
            {
                return (null, OctopodsErrors.VariablesSize,
                    $"'message_variables' keys must be the placeholder numbers \"1\" to \"{pairs.Count}\"; '{key}' is not one of them.");
            }
            numbered[n] = text;
        }
        return (p with { Body = Body([.. numbered.Values], t) }, null, null);
    }

    private static ParameterSet Body(IReadOnlyList<string> values, TemplateDefinition t) => Ordered(values, NamesIn(t.Body), t.Format);

    /// <summary>Positional values as they are; for a named template, the values in the order the names first appear.</summary>
    private static ParameterSet Ordered(IReadOnlyList<string> values, IReadOnlyList<string> names, ParameterFormat format) =>
        format == ParameterFormat.Named && values.Count == names.Count
            ? ParameterSet.OfNamed(names.Zip(values).ToDictionary(x => x.First, x => x.Second, StringComparer.Ordinal))
            : ParameterSet.Of([.. values]);

    private static List<string> NamesIn(string? text) =>
        text is null ? [] : [.. Placeholders.Find(text).Select(p => p.Name).Distinct(StringComparer.Ordinal)];

    /// <summary>One value per button that takes one (a URL with a variable, a copy code), in the buttons' order.</summary>
    private static (IReadOnlyDictionary<int, ParameterSet>?, string?) Buttons(IReadOnlyList<string> values, TemplateDefinition t)
    {
        var takers = t.Buttons.Select((b, i) => (b, i)).Where(x => TakesValue(x.b)).Select(x => x.i).ToList();
        if (values.Count > takers.Count)
        {
            return (null, $"Template '{t.Name}' has {takers.Count} button variable(s), but {values.Count} were given.");
        }
        return (values.Select((v, i) => (v, i)).ToDictionary(x => takers[x.i], x => ParameterSet.Of(x.v)), null);
    }

    private static bool TakesValue(TemplateButton b) =>
        b.Type == ButtonType.CopyCode || (b.Type == ButtonType.Url && Placeholders.Find(b.Url ?? "").Count > 0);

    private static bool HasNonBodyVariables(TemplateDefinition t) =>
        NamesIn(t.Header?.Text).Count > 0 || t.Buttons.Any(TakesValue);

    private static (List<string>?, string?) Values(JsonElement e, string field)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            return (null, $"'{field}' must be an array of strings.");
        }
        var list = new List<string>();
        foreach (var item in e.EnumerateArray())
        {
            if (Scalar(item) is not { } text)
            {
                return (null, $"Each value in '{field}' must be a string.");
            }
            list.Add(text);
        }
        return (list, null);
    }

    private static string? Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}

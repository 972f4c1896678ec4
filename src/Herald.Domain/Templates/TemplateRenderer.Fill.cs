using System.Text;
using static Herald.Domain.Wording;

namespace Herald.Domain.Templates;

public static partial class TemplateRenderer
{
    /// <summary>One part of a template being filled, for messages and field paths.</summary>
    private sealed record Component(string Template, string Label, string Field, bool Named);

    // Returns the filled text, or null after adding the problems to the list.
    private static string? Fill(Component c, string text, ParameterSet? given, List<Reason> problems)
    {
        given ??= ParameterSet.Empty;
        Placeholder[] vars = [.. Placeholders.Find(text).Where(v => v.IsPositional != c.Named)];
        int givenCount = (given.Positional?.Count ?? 0) + (given.Named?.Count ?? 0);
        if (vars.Length == 0 && givenCount > 0)
        {
            problems.Add(new("template_parameter_count",
                $"Template '{c.Template}' {c.Label} takes no parameters but {givenCount} {WasWere(givenCount)} given: remove them.", c.Field));
            return null;
        }

        if (c.Named ? given.Positional is { Count: > 0 } : given.Named is { Count: > 0 })
        {
            problems.Add(new("template_parameter_format", c.Named
                ? $"Template '{c.Template}' uses named variables, but the {c.Label} parameters were given as a list: pass them by name, e.g. {{\"first_name\": \"Ada\"}}."
                : $"Template '{c.Template}' uses positional variables, but the {c.Label} parameters were given by name: pass them as a list, in order.",
                c.Field));
            return null;
        }

        return c.Named ? FillNamed(c, text, vars, given.Named ?? new Dictionary<string, string>(), problems)
            : FillPositional(c, text, vars, given.Positional ?? [], problems);
    }

    private static string? FillPositional(Component c, string text, Placeholder[] vars, IReadOnlyList<string> values, List<Reason> problems)
    {
        // Values go to the distinct positions in order, so {{1}} used twice takes one value.
        int[] positions = [.. vars.Select(v => v.Position!.Value).Distinct().Order()];
        if (values.Count != positions.Length)
        {
            problems.Add(new("template_parameter_count",
                $"Template '{c.Template}' {c.Label} expects {Count(positions.Length, "parameter")} but {values.Count} {WasWere(values.Count)} given.",
                c.Field));
            return null;
        }

        int before = problems.Count;
        for (int i = 0; i < positions.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                problems.Add(Empty(c, Number(positions[i]), $"{c.Field}[{i}]"));
            }
        }

        return problems.Count > before ? null : Substitute(text, vars, v => values[Array.IndexOf(positions, v.Position!.Value)]);
    }

    private static string? FillNamed(Component c, string text, Placeholder[] vars, IReadOnlyDictionary<string, string> values, List<Reason> problems)
    {
        string[] names = [.. vars.Select(v => v.Name).Distinct(StringComparer.Ordinal)];
        int before = problems.Count;
        foreach (string name in names)
        {
            if (!values.TryGetValue(name, out string? value))
            {
                problems.Add(new("template_parameter_missing",
                    $"Template '{c.Template}' {c.Label} needs a value for {Braces(name)}: add \"{name}\" to the {c.Label} parameters.",
                    $"{c.Field}.{name}"));
            }
            else if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add(Empty(c, name, $"{c.Field}.{name}"));
            }
        }

        foreach (string unknown in values.Keys.Where(k => !names.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal))
        {
            problems.Add(new("template_parameter_unknown",
                $"Template '{c.Template}' {c.Label} has no variable {Braces(unknown)}: remove it or fix the spelling (it uses {string.Join(", ", names.Select(Braces))}).",
                $"{c.Field}.{unknown}"));
        }

        return problems.Count > before ? null : Substitute(text, vars, v => values[v.Name]);
    }

    private static Reason Empty(Component c, string name, string field) =>
        new("template_parameter_empty",
            $"Parameter {Braces(name)} of the {c.Label} of template '{c.Template}' is empty: give every parameter a non-blank value.", field);

    private static string Substitute(string text, Placeholder[] vars, Func<Placeholder, string> valueOf)
    {
        var result = new StringBuilder(text.Length + 32);
        int at = 0;
        foreach (Placeholder v in vars)
        {
            result.Append(text, at, v.Index - at).Append(valueOf(v));
            at = v.Index + v.Length;
        }

        return result.Append(text, at, text.Length - at).ToString();
    }
}

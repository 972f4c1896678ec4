using System.Globalization;
using System.Text.RegularExpressions;

namespace Herald.Domain.Templates;

/// <summary>Finds <c>{{1}}</c>, <c>{{ 2 }}</c> and <c>{{first_name}}</c> variables in template text.</summary>
public static partial class Placeholders
{
    /// <summary>Every well-formed variable in order of appearance.</summary>
    public static IReadOnlyList<Placeholder> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<Placeholder>();
        foreach (Match m in Valid().Matches(text))
        {
            Group pos = m.Groups["pos"];
            if (pos.Success)
            {
                int position = int.Parse(pos.ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
                found.Add(new Placeholder(position.ToString(CultureInfo.InvariantCulture), m.Index, m.Length, true, position));
            }
            else
            {
                found.Add(new Placeholder(m.Groups["name"].Value, m.Index, m.Length, false, null));
            }
        }

        return found;
    }

    /// <summary>Double-brace expressions that are not valid variables, e.g. <c>{{First Name}}</c> or <c>{{}}</c>.</summary>
    public static IReadOnlyList<string> FindMalformed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. AnyBraces().Matches(text).Select(m => m.Value).Where(v => !Valid().IsMatch(v))];
    }

    /// <summary>True when the text contains anything in double braces, well-formed or not.</summary>
    public static bool ContainsAny(string text) => AnyBraces().IsMatch(text);

    [GeneratedRegex(@"\{\{\s*(?:(?<pos>[0-9]{1,6})|(?<name>[a-z_][a-z0-9_]*))\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Valid();

    [GeneratedRegex(@"\{\{[^{}]*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex AnyBraces();
}

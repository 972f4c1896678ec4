using static Herald.Domain.Wording;

namespace Herald.Domain.Templates;

public static partial class TemplateLint
{
    private static void LintBody(TemplateDefinition t, List<Reason> issues)
    {
        const string field = "components.body";
        if (string.IsNullOrWhiteSpace(t.Body))
        {
            issues.Add(new("template_body_required",
                $"The template has no body: write the message text (up to {Count(MaxBodyLength, "character")}).", field));
            return;
        }

        if (t.Body.Length > MaxBodyLength)
        {
            issues.Add(new("template_body_too_long",
                $"The body is {Count(t.Body.Length, "character")} long; the limit is {Number(MaxBodyLength)}. Shorten it.", field));
        }

        LintMalformed(t.Body, field, issues);
        IReadOnlyList<Placeholder> vars = Placeholders.Find(t.Body);
        if (vars.Count == 0)
        {
            return;
        }

        LintSequence(vars, "body", field, issues);
        LintPlacement(t.Body, vars, field, issues);
        LintBodyExamples(t, vars, field + ".examples", issues);
    }

    // Meta rejects bodies that start or end with a variable or put two side by side (only whitespace between).
    private static void LintPlacement(string body, IReadOnlyList<Placeholder> vars, string field, List<Reason> issues)
    {
        if (vars[0].Index == body.Length - body.TrimStart().Length)
        {
            issues.Add(new("template_variable_at_start",
                $"The body starts with the variable {Braces(vars[0].Name)}: put fixed text before it, e.g. \"Hi {Braces(vars[0].Name)}\".", field));
        }

        Placeholder last = vars[^1];
        if (last.Index + last.Length == body.TrimEnd().Length)
        {
            issues.Add(new("template_variable_at_end",
                $"The body ends with the variable {Braces(last.Name)}: add fixed text after it, even a full stop.", field));
        }

        for (int i = 1; i < vars.Count; i++)
        {
            int gapStart = vars[i - 1].Index + vars[i - 1].Length;
            if (string.IsNullOrWhiteSpace(body[gapStart..vars[i].Index]))
            {
                issues.Add(new("template_variables_adjacent",
                    $"The variables {Braces(vars[i - 1].Name)} and {Braces(vars[i].Name)} are side by side: put fixed text between them, not only a space.",
                    field));
            }
        }
    }

    private static void LintBodyExamples(TemplateDefinition t, IReadOnlyList<Placeholder> vars, string field, List<Reason> issues)
    {
        int positions = vars.Where(v => v.IsPositional).Select(v => v.Position).Distinct().Count();
        IReadOnlyList<string>? examples = t.BodyExamples;
        if (positions > 0 && (examples is null || examples.Count != positions || examples.Any(string.IsNullOrWhiteSpace)))
        {
            issues.Add(new("template_examples_missing",
                $"The body has {Count(positions, "variable")} but {Count(examples?.Count ?? 0, "example value")}: give one non-empty example per variable, in order.",
                field));
        }

        string[] missing = [.. vars.Where(v => !v.IsPositional).Select(v => v.Name).Distinct(StringComparer.Ordinal)
            .Where(name => !HasNamedExample(t, name))];
        if (missing.Length > 0)
        {
            issues.Add(new("template_examples_missing",
                $"No example value for {string.Join(", ", missing.Select(Braces))}: add one per named variable to the named examples.",
                field));
        }
    }

    // Each component numbers its own variables from {{1}}; repeating a number is fine, skipping one is not.
    private static void LintSequence(IReadOnlyList<Placeholder> vars, string component, string field, List<Reason> issues)
    {
        int[] positions = [.. vars.Where(v => v.IsPositional).Select(v => v.Position!.Value).Distinct().Order()];
        if (positions.Where((p, i) => p != i + 1).Any())
        {
            issues.Add(new("template_variables_not_sequential",
                $"The {component} variables must be numbered from {{{{1}}}} without gaps, but it uses {string.Join(", ", positions.Select(p => Braces(Number(p))))}: renumber them {{{{1}}}}, {{{{2}}}} ….",
                field));
        }
    }
}

using static Herald.Domain.Wording;

namespace Herald.Domain.Templates;

public static partial class TemplateLint
{
    private static void LintHeader(TemplateDefinition t, List<Reason> issues)
    {
        const string field = "components.header";
        if (t.Header is not { } header)
        {
            return;
        }

        if (header.Format != HeaderFormat.Text)
        {
            if (!string.IsNullOrEmpty(header.Text))
            {
                issues.Add(new("template_header_text_not_allowed",
                    $"{Capital(Article(Upper(header.Format)))} {Upper(header.Format)} header carries no text: remove the text or make it a TEXT header.", field));
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(header.Text))
        {
            issues.Add(new("template_header_text_required",
                $"A TEXT header needs text: write up to {MaxHeaderLength} characters or remove the header.", field));
            return;
        }

        if (header.Text.Length > MaxHeaderLength)
        {
            issues.Add(new("template_header_too_long",
                $"The header is {Count(header.Text.Length, "character")} long; the limit is {MaxHeaderLength}. Shorten it.", field));
        }

        IReadOnlyList<Placeholder> vars = Placeholders.Find(header.Text);
        if (vars.Count > 1)
        {
            issues.Add(new("template_header_too_many_variables",
                $"The header has {Count(vars.Count, "variable")}; a header may have at most one. Move the others to the body.", field));
        }

        LintMalformed(header.Text, field, issues);
        LintSequence(vars, "header", field, issues);
        if (vars.Count > 0 && !HasHeaderExamples(t, header, vars))
        {
            issues.Add(new("template_examples_missing",
                "The header has a variable but no example value: add one in the header examples, e.g. the customer's first name.",
                field + ".examples"));
        }
    }

    private static bool HasHeaderExamples(TemplateDefinition t, TemplateHeader header, IReadOnlyList<Placeholder> vars)
    {
        int distinct = vars.Select(v => v.Name).Distinct(StringComparer.Ordinal).Count();
        bool listed = header.Examples is { } ex && ex.Count >= distinct && !ex.Any(string.IsNullOrWhiteSpace);

        // Named templates may give the header's example by name, like the body's.
        bool byName = vars.All(v => !v.IsPositional && HasNamedExample(t, v.Name));
        return listed || byName;
    }

    private static bool HasNamedExample(TemplateDefinition t, string name) =>
        t.NamedExamples is { } named && named.TryGetValue(name, out string? value) && !string.IsNullOrWhiteSpace(value);
}

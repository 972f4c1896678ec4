using static Herald.Domain.Wording;

namespace Herald.Domain.Templates;

/// <summary>
/// Checks a template against the channels' submission rules (PRODUCT.md §2) before it is submitted, so the
/// author sees every issue at once instead of one rejection at a time.
/// </summary>
public static partial class TemplateLint
{
    public const int MaxNameLength = 512;
    public const int MaxHeaderLength = 60;
    public const int MaxBodyLength = 1024;
    public const int MaxFooterLength = 60;
    public const int MaxButtons = 10;
    public const int MaxButtonTextLength = 25;

    /// <summary>Every issue found; empty when the template can be submitted.</summary>
    public static IReadOnlyList<Reason> Lint(TemplateDefinition t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var issues = new List<Reason>();
        LintName(t, issues);
        LintHeader(t, issues);
        LintBody(t, issues);
        LintFooter(t, issues);
        LintButtons(t, issues);
        LintFormat(t, issues);
        return issues;
    }

    private static void LintName(TemplateDefinition t, List<Reason> issues)
    {
        bool valid = !string.IsNullOrEmpty(t.Name) && t.Name.Length <= MaxNameLength
            && t.Name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
        if (!valid)
        {
            issues.Add(new("template_name_invalid",
                $"Template name '{Shorten(t.Name)}' is invalid: use only lowercase letters, digits and underscores, e.g. order_shipped, at most {Count(MaxNameLength, "character")}.",
                "name"));
        }

        if (string.IsNullOrWhiteSpace(t.Language))
        {
            issues.Add(new("template_language_required",
                "The template has no language: set a language code such as en or en_US.", "language"));
        }
    }

    private static void LintFooter(TemplateDefinition t, List<Reason> issues)
    {
        const string field = "components.footer";
        if (string.IsNullOrEmpty(t.Footer))
        {
            return;
        }

        if (t.Footer.Length > MaxFooterLength)
        {
            issues.Add(new("template_footer_too_long",
                $"The footer is {Count(t.Footer.Length, "character")} long; the limit is {MaxFooterLength}. Shorten it.", field));
        }

        if (Placeholders.ContainsAny(t.Footer))
        {
            issues.Add(new("template_footer_variables",
                "The footer contains a variable, but footers are fixed text: move the variable to the body.", field));
        }
    }

    private static void LintFormat(TemplateDefinition t, List<Reason> issues)
    {
        IEnumerable<Placeholder> vars = Placeholders.Find(t.Body ?? "");
        if (t.Header is { Format: HeaderFormat.Text, Text: { } headerText })
        {
            vars = vars.Concat(Placeholders.Find(headerText));
        }

        bool positional = vars.Any(v => v.IsPositional), named = vars.Any(v => !v.IsPositional);
        if (positional && named)
        {
            issues.Add(new("template_mixed_placeholders",
                "The template mixes positional ({{1}}) and named ({{first_name}}) variables: use one style in the header and body.",
                "components"));
        }
        else if ((positional && t.Format == ParameterFormat.Named) || (named && t.Format == ParameterFormat.Positional))
        {
            string used = positional ? "POSITIONAL" : "NAMED";
            issues.Add(new("template_format_mismatch",
                $"The template is declared {Upper(t.Format)} but its variables are {used}: set the parameter format to {used} or rewrite the variables.",
                "parameter_format"));
        }
    }

    // Anything in double braces that is not {{1}} or {{lower_name}} is a typo the author should see.
    private static void LintMalformed(string text, string field, List<Reason> issues)
    {
        foreach (string bad in Placeholders.FindMalformed(text).Distinct(StringComparer.Ordinal))
        {
            issues.Add(new("template_placeholder_invalid",
                $"'{Shorten(bad)}' is not a valid variable: write {{{{1}}}}, {{{{2}}}} … or a lowercase name such as {{{{first_name}}}}.",
                field));
        }
    }
}

using static Herald.Domain.Wording;

namespace Herald.Domain.Templates;

public static partial class TemplateLint
{
    private static void LintButtons(TemplateDefinition t, List<Reason> issues)
    {
        IReadOnlyList<TemplateButton> buttons = t.Buttons ?? [];
        if (buttons.Count > MaxButtons)
        {
            issues.Add(new("template_too_many_buttons",
                $"The template has {Count(buttons.Count, "button")}; the limit is {MaxButtons}. Remove some.", "components.buttons"));
        }

        for (int i = 0; i < buttons.Count; i++)
        {
            LintButton(buttons[i], i, issues);
        }
    }

    private static void LintButton(TemplateButton b, int i, List<Reason> issues)
    {
        string field = $"components.buttons[{i}]";
        if (string.IsNullOrWhiteSpace(b.Text))
        {
            issues.Add(new("template_button_text_required",
                $"Button {i} has no label: give it text of up to {MaxButtonTextLength} characters.", field + ".text"));
        }
        else if (b.Text.Length > MaxButtonTextLength)
        {
            issues.Add(new("template_button_text_too_long",
                $"The label of button {i} is {Count(b.Text.Length, "character")} long; the limit is {MaxButtonTextLength}. Shorten it.",
                field + ".text"));
        }

        if (b.Type == ButtonType.Url)
        {
            LintUrlButton(b, i, field, issues);
        }
        else if (b.Type == ButtonType.PhoneNumber && !Phones.PhoneNumber.TryParse(b.PhoneNumber, out _, out _))
        {
            issues.Add(new("template_button_phone_invalid",
                $"Button {i} calls '{Shorten(b.PhoneNumber)}', which is not a valid phone number: use E.164 form, e.g. +14155550123.",
                field + ".phone_number"));
        }
    }

    // Meta allows one variable in a button URL, {{1}} even in named templates, and only as the URL's suffix.
    private static void LintUrlButton(TemplateButton b, int i, string field, List<Reason> issues)
    {
        if (string.IsNullOrWhiteSpace(b.Url))
        {
            issues.Add(new("template_button_url_missing",
                $"Button {i} is a URL button without a URL: set it to an https:// address (it may end in {{{{1}}}}).", field + ".url"));
            return;
        }

        IReadOnlyList<Placeholder> vars = Placeholders.Find(b.Url);
        bool suffixOnly = vars.Count == 0 || (vars.Count == 1 && vars[0].Position == 1 && vars[0].Index + vars[0].Length == b.Url.Length);
        if (!suffixOnly || Placeholders.FindMalformed(b.Url).Count > 0)
        {
            issues.Add(new("template_button_url_variable_invalid",
                $"The URL of button {i} may have one variable, {{{{1}}}}, and only at its very end, e.g. https://example.com/track/{{{{1}}}}.",
                field + ".url"));
        }

        int cut = b.Url.IndexOf("{{", StringComparison.Ordinal);
        string fixedPart = cut >= 0 ? b.Url[..cut] : b.Url;
        if (!Uri.TryCreate(fixedPart, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
        {
            issues.Add(new("template_button_url_invalid",
                $"The URL of button {i} ('{Shorten(b.Url)}') is not an absolute http(s) address: write it like https://example.com/orders/{{{{1}}}}.",
                field + ".url"));
        }

        if (vars.Count > 0 && (b.Examples is not { Count: > 0 } || b.Examples.Any(string.IsNullOrWhiteSpace)))
        {
            issues.Add(new("template_examples_missing",
                $"The URL of button {i} has a variable but no example value: add one, e.g. a real order number.", field + ".examples"));
        }
    }
}

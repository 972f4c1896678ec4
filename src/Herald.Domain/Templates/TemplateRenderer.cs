using static Herald.Domain.Wording;

namespace Herald.Domain.Templates;

/// <summary>
/// Fills a template with a send's parameters, or lists every way the parameters do not match it (count, names,
/// empty values, media URL), so a send that would fail at the provider is refused up front.
/// </summary>
public static partial class TemplateRenderer
{
    /// <summary>The rendered template, or null and every problem found.</summary>
    public static (RenderedTemplate? Rendered, IReadOnlyList<Reason> Problems) Render(TemplateDefinition t, TemplateParameters p)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(p);
        var problems = new List<Reason>();
        bool named = t.Format == ParameterFormat.Named;

        string? header = RenderHeader(t, p, named, problems);
        string? body = Fill(new(t.Name, "body", "parameters.body", named), t.Body ?? "", p.Body, problems);
        IReadOnlyList<string?> urls = RenderButtons(t, p, problems);
        if (problems.Count > 0 || body is null)
        {
            return (null, problems);
        }

        string? footer = string.IsNullOrWhiteSpace(t.Footer) ? null : t.Footer;
        string preview = string.Join("\n\n", new[] { header, body, footer }.Where(s => !string.IsNullOrEmpty(s)));
        return (new RenderedTemplate(header, body, footer, urls, preview), []);
    }

    private static string? RenderHeader(TemplateDefinition t, TemplateParameters p, bool named, List<Reason> problems)
    {
        var component = new Component(t.Name, "header", "parameters.header", named);
        if (t.Header is not { Format: not HeaderFormat.Text } media)
        {
            string? text = Fill(component, t.Header?.Text ?? "", p.Header, problems);
            return string.IsNullOrEmpty(text) ? null : text;
        }

        Fill(component, "", p.Header, problems);
        string kind = Upper(media.Format);
        if (string.IsNullOrWhiteSpace(p.HeaderMediaUrl))
        {
            problems.Add(new("template_media_url_required",
                $"Template '{t.Name}' has {Article(kind)} {kind} header: give the URL of the {kind.ToLowerInvariant()} to send.", "header_media_url"));
        }
        else if (!Uri.TryCreate(p.HeaderMediaUrl, UriKind.Absolute, out Uri? uri) || uri.Scheme is not ("http" or "https"))
        {
            problems.Add(new("template_media_url_invalid",
                $"'{Shorten(p.HeaderMediaUrl)}' is not an absolute http(s) URL; the {kind} header of template '{t.Name}' needs one such as https://example.com/file.jpg.",
                "header_media_url"));
        }

        return null;
    }

    private static IReadOnlyList<string?> RenderButtons(TemplateDefinition t, TemplateParameters p, List<Reason> problems)
    {
        IReadOnlyList<TemplateButton> buttons = t.Buttons ?? [];
        IReadOnlyDictionary<int, ParameterSet> given = p.Buttons ?? new Dictionary<int, ParameterSet>();
        var urls = new string?[buttons.Count];
        for (int i = 0; i < buttons.Count; i++)
        {
            ParameterSet values = given.TryGetValue(i, out ParameterSet? v) ? v : ParameterSet.Empty;
            var component = new Component(t.Name, $"button {i}", $"parameters.buttons[{i}]", Named: false);
            urls[i] = RenderButton(buttons[i], component, values, problems);
        }

        foreach (int key in given.Keys.Where(k => k < 0 || k >= buttons.Count).Order())
        {
            problems.Add(new("template_parameter_unknown",
                $"Template '{t.Name}' has no button {key} (it has {Count(buttons.Count, "button")}, numbered from 0): remove those parameters.",
                $"parameters.buttons[{key}]"));
        }

        return urls;
    }

    // Returns the filled URL of a URL button; the other kinds only have their parameters checked.
    private static string? RenderButton(TemplateButton b, Component c, ParameterSet values, List<Reason> problems)
    {
        switch (b.Type)
        {
            case ButtonType.Url:
                return Fill(c, b.Url ?? "", values, problems);
            case ButtonType.CopyCode:
                Fill(c, "{{1}}", values, problems); // the code to copy is the button's one parameter
                return null;
            case ButtonType.QuickReply:
                CheckPayload(c, values, problems);
                return null;
            default:
                Fill(c, "", values, problems);
                return null;
        }
    }

    // A quick-reply button takes an optional payload: zero or one positional value.
    private static void CheckPayload(Component c, ParameterSet values, List<Reason> problems)
    {
        int count = values.Positional?.Count ?? 0;
        if (count > 1 || values.Named is { Count: > 0 })
        {
            int given = count + (values.Named?.Count ?? 0);
            problems.Add(new("template_parameter_count",
                $"Template '{c.Template}' {c.Label} takes at most 1 parameter (its payload) but {given} {WasWere(given)} given.", c.Field));
        }
    }
}

using Herald.Domain;
using Herald.Domain.Templates;

namespace Herald.Server.Api.Templates;

/// <summary>Maps Meta-style components to a <see cref="TemplateDefinition"/> and back.</summary>
public static class TemplateMapper
{
    public static (TemplateDefinition? Definition, IReadOnlyList<Reason> Errors) ToDefinition(TemplateRequest r)
    {
        var errors = new List<Reason>();
        if (string.IsNullOrWhiteSpace(r.Name))
        {
            errors.Add(new Reason("template_name_required", "Give the template a 'name' (lowercase letters, digits and underscores).", "name"));
        }
        if (string.IsNullOrWhiteSpace(r.Language))
        {
            errors.Add(new Reason("template_language_required", "Give the template's 'language', e.g. en or en_US.", "language"));
        }
        if (!Enum.TryParse<TemplateCategory>(r.Category, true, out var category) || int.TryParse(r.Category, out _))
        {
            errors.Add(new Reason("template_category_invalid", "'category' must be MARKETING, UTILITY or AUTHENTICATION.", "category"));
        }
        TemplateHeader? header = null;
        string? body = null;
        string? footer = null;
        var buttons = new List<TemplateButton>();
        IReadOnlyList<string>? bodyExamples = null;
        var named = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (c, i) in (r.Components ?? []).Select((c, i) => (c, i)))
        {
            var field = $"components[{i}]";
            if (c.Type?.ToUpperInvariant() is { } kind && !seen.Add(kind) && kind is "HEADER" or "BODY" or "FOOTER" or "BUTTONS")
            {
                errors.Add(new Reason("template_component_duplicate",
                    $"The template has more than one {kind} component; give each of HEADER, BODY, FOOTER and BUTTONS at most once.", field + ".type"));
                continue;
            }
            switch (c.Type?.ToUpperInvariant())
            {
                case "HEADER":
                    if (!Enum.TryParse<HeaderFormat>(c.Format ?? "TEXT", true, out var format))
                    {
                        errors.Add(new Reason("template_header_format_invalid", "A HEADER's 'format' must be TEXT, IMAGE, VIDEO or DOCUMENT.", field + ".format"));
                    }
                    header = new TemplateHeader(format, c.Text, c.Example?.HeaderText ?? c.Example?.HeaderUrl ?? c.Example?.HeaderHandle);
                    foreach (var n in c.Example?.HeaderTextNamedParams ?? [])
                    {
                        named[n.ParamName ?? ""] = n.Example ?? "";
                    }
                    break;
                case "BODY":
                    body = c.Text;
                    bodyExamples = c.Example?.BodyText is { Count: > 0 } rows ? rows[0] : null;
                    foreach (var n in c.Example?.BodyTextNamedParams ?? [])
                    {
                        named[n.ParamName ?? ""] = n.Example ?? "";
                    }
                    break;
                case "FOOTER":
                    footer = c.Text;
                    break;
                case "BUTTONS":
                    foreach (var (b, j) in (c.Buttons ?? []).Select((b, j) => (b, j)))
                    {
                        if (!TryButtonType(b.Type, out var type))
                        {
                            errors.Add(new Reason("template_button_type_invalid",
                                "A button's 'type' must be QUICK_REPLY, URL, PHONE_NUMBER or COPY_CODE.", $"{field}.buttons[{j}].type"));
                            continue;
                        }
                        buttons.Add(new TemplateButton(type, b.Text ?? "", b.Url, b.PhoneNumber, b.Example));
                    }
                    break;
                default:
                    errors.Add(new Reason("template_component_invalid",
                        $"Component type '{c.Type}' is unknown; use HEADER, BODY, FOOTER or BUTTONS.", field + ".type"));
                    break;
            }
        }
        var parameterFormat = string.Equals(r.ParameterFormat, "NAMED", StringComparison.OrdinalIgnoreCase) ? ParameterFormat.Named
            : r.ParameterFormat is null || string.Equals(r.ParameterFormat, "POSITIONAL", StringComparison.OrdinalIgnoreCase) ? ParameterFormat.Positional
            : (ParameterFormat)(-1);
        if ((int)parameterFormat == -1)
        {
            errors.Add(new Reason("template_parameter_format_invalid", "'parameter_format' must be POSITIONAL or NAMED.", "parameter_format"));
        }
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        return (new TemplateDefinition(r.Name!.Trim(), r.Language!.Trim(), category, parameterFormat, header, body ?? "", footer, buttons,
            bodyExamples, named.Count > 0 ? named : null), []);
    }

    private static bool TryButtonType(string? s, out ButtonType type) => (type = s?.ToUpperInvariant() switch
    {
        "QUICK_REPLY" => ButtonType.QuickReply,
        "URL" => ButtonType.Url,
        "PHONE_NUMBER" => ButtonType.PhoneNumber,
        "COPY_CODE" => ButtonType.CopyCode,
        _ => (ButtonType)(-1),
    }) != (ButtonType)(-1);

    public static string ButtonName(ButtonType t) => t switch
    {
        ButtonType.QuickReply => "QUICK_REPLY",
        ButtonType.Url => "URL",
        ButtonType.PhoneNumber => "PHONE_NUMBER",
        _ => "COPY_CODE",
    };
}

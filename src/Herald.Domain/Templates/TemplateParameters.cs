namespace Herald.Domain.Templates;

/// <summary>Everything a send supplies to fill a template.</summary>
/// <param name="Body">Values for the body variables.</param>
/// <param name="Header">Value for the text header variable.</param>
/// <param name="Buttons">Values per button, keyed by the button's 0-based index (URL suffix, copy code, payload).</param>
/// <param name="HeaderMediaUrl">Absolute http(s) URL of the image, video or document of a media header.</param>
public sealed record TemplateParameters(
    ParameterSet Body,
    ParameterSet Header,
    IReadOnlyDictionary<int, ParameterSet> Buttons,
    string? HeaderMediaUrl)
{
    /// <summary>No values at all, for templates without variables.</summary>
    public static readonly TemplateParameters None =
        new(ParameterSet.Empty, ParameterSet.Empty, new Dictionary<int, ParameterSet>(), null);

    /// <summary>Only body values, the common case.</summary>
    public static TemplateParameters ForBody(ParameterSet body) => None with { Body = body };
}

namespace Herald.Domain.Templates;

/// <summary>A message template as it is submitted to the channel for approval.</summary>
/// <param name="Name">Lowercase letters, digits and underscores, e.g. <c>order_shipped</c>.</param>
/// <param name="Language">Language code, e.g. <c>en</c> or <c>en_US</c>.</param>
/// <param name="Category">Meta category.</param>
/// <param name="Format">Positional <c>{{1}}</c> or named <c>{{first_name}}</c> variables.</param>
/// <param name="Header">Optional header.</param>
/// <param name="Body">The text, required.</param>
/// <param name="Footer">Optional fixed footer, no variables.</param>
/// <param name="Buttons">Up to 10 buttons.</param>
/// <param name="BodyExamples">Positional: one example value per distinct body variable, in order.</param>
/// <param name="NamedExamples">Named: an example value per variable name.</param>
public sealed record TemplateDefinition(
    string Name,
    string Language,
    TemplateCategory Category,
    ParameterFormat Format,
    TemplateHeader? Header,
    string Body,
    string? Footer,
    IReadOnlyList<TemplateButton> Buttons,
    IReadOnlyList<string>? BodyExamples = null,
    IReadOnlyDictionary<string, string>? NamedExamples = null);

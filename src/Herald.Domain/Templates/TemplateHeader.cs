namespace Herald.Domain.Templates;

/// <summary>A template header: text (with at most one variable) or a media slot filled at send time.</summary>
/// <param name="Format">Text or a media kind.</param>
/// <param name="Text">The header text; null for media headers.</param>
/// <param name="Examples">Example values for the header variable, required at submission when it has one.</param>
public sealed record TemplateHeader(HeaderFormat Format, string? Text, IReadOnlyList<string>? Examples = null);

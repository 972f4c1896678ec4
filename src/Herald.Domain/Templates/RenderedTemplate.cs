namespace Herald.Domain.Templates;

/// <summary>A template with its variables filled in.</summary>
/// <param name="HeaderText">The text header, or null for no header or a media header.</param>
/// <param name="Body">The body.</param>
/// <param name="Footer">The fixed footer, if any.</param>
/// <param name="ButtonUrls">One entry per button: the filled URL of URL buttons, null for the others.</param>
/// <param name="PreviewText">Header, body and footer separated by blank lines: for timelines, previews and SMS.</param>
public sealed record RenderedTemplate(
    string? HeaderText,
    string Body,
    string? Footer,
    IReadOnlyList<string?> ButtonUrls,
    string PreviewText);

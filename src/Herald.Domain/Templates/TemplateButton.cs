namespace Herald.Domain.Templates;

/// <summary>A template button.</summary>
/// <param name="Type">What the button does.</param>
/// <param name="Text">The label.</param>
/// <param name="Url">For URL buttons: the address, optionally ending in <c>{{1}}</c>.</param>
/// <param name="PhoneNumber">For phone buttons: the number to call, in E.164.</param>
/// <param name="Examples">Example values for the URL variable (or the code of a copy-code button).</param>
public sealed record TemplateButton(
    ButtonType Type,
    string Text,
    string? Url = null,
    string? PhoneNumber = null,
    IReadOnlyList<string>? Examples = null);

namespace Herald.Domain;

/// <summary>
/// Why something was refused or flagged: a stable snake_case code for programs and a sentence a person can act on.
/// </summary>
/// <param name="Code">Stable machine-readable code, e.g. <c>window_closed</c>; never changes once published.</param>
/// <param name="Message">What is wrong and what to do about it, in one or two sentences.</param>
/// <param name="Field">The input at fault when there is one, e.g. <c>components.body</c>.</param>
public sealed record Reason(string Code, string Message, string? Field = null);

namespace Herald.Domain.Templates;

/// <summary>One variable found in template text.</summary>
/// <param name="Name">The position as digits (<c>"1"</c>) or the variable name (<c>"first_name"</c>).</param>
/// <param name="Index">Where <c>{{</c> starts in the text.</param>
/// <param name="Length">Length of the whole <c>{{ … }}</c>.</param>
/// <param name="IsPositional">True for <c>{{1}}</c>, false for <c>{{first_name}}</c>.</param>
/// <param name="Position">The number of a positional variable; null for named ones.</param>
public sealed record Placeholder(string Name, int Index, int Length, bool IsPositional, int? Position);

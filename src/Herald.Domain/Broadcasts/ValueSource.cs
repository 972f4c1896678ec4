namespace Herald.Domain.Broadcasts;

/// <summary>
/// Where one variable's value comes from for each recipient: a column of the audience (CSV column or contact
/// attribute) with a default when that is empty, or a fixed value.
/// </summary>
public sealed record ValueSource(string? From, string? Default, string? Value)
{
    /// <summary>The value for one recipient; null when the column is empty and there is no default.</summary>
    public string? Resolve(IReadOnlyDictionary<string, string> row) =>
        Value ?? (From is not null && row.TryGetValue(From, out var v) && !string.IsNullOrWhiteSpace(v) ? v : Default);
}

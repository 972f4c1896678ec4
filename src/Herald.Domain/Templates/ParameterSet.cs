namespace Herald.Domain.Templates;

/// <summary>The values for one template component: a list in order (positional) or values by name (named).</summary>
/// <param name="Positional">Values for <c>{{1}}</c>, <c>{{2}}</c> … in order.</param>
/// <param name="Named">Values by variable name.</param>
public sealed record ParameterSet(IReadOnlyList<string>? Positional, IReadOnlyDictionary<string, string>? Named)
{
    /// <summary>No values.</summary>
    public static readonly ParameterSet Empty = new(null, null);

    /// <summary>True when neither list nor names hold a value.</summary>
    public bool IsEmpty => Positional is not { Count: > 0 } && Named is not { Count: > 0 };

    /// <summary>Positional values in order.</summary>
    public static ParameterSet Of(params string[] values) => new(values, null);

    /// <summary>Values by variable name.</summary>
    public static ParameterSet OfNamed(IReadOnlyDictionary<string, string> values) => new(null, values);
}

using Herald.Providers.Contracts;

namespace Herald.Providers.Shared;

/// <summary>A provider's error table: documented codes to rules, and a rule for everything else.</summary>
public sealed class ErrorTable
{
    private readonly Dictionary<string, ProviderErrorRule> rules;

    /// <summary>Builds the table; <paramref name="otherwise"/> answers codes the table does not list.</summary>
    public ErrorTable(IEnumerable<ProviderErrorRule> rows, Func<string, ProviderErrorRule> otherwise)
    {
        rules = rows.ToDictionary(r => r.Code, StringComparer.Ordinal);
        Otherwise = otherwise;
    }

    /// <summary>Every documented row.</summary>
    public IReadOnlyCollection<ProviderErrorRule> Rows => rules.Values;

    private Func<string, ProviderErrorRule> Otherwise { get; }

    /// <summary>The rule for a code: the documented row, else the fallback.</summary>
    public ProviderErrorRule For(string code) => rules.TryGetValue(code, out ProviderErrorRule? r) ? r : Otherwise(code);

    /// <summary>True when the code has its own row.</summary>
    public bool Documents(string code) => rules.ContainsKey(code);
}

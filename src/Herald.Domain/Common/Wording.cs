using System.Globalization;

namespace Herald.Domain;

/// <summary>Small helpers so every message reads as proper English with invariant number formatting.</summary>
internal static class Wording
{
    public static string Count(int n, string singular, string? plural = null) =>
        Number(n) + " " + (n == 1 ? singular : plural ?? singular + "s");

    public static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string WasWere(int n) => n == 1 ? "was" : "were";

    public static string Shorten(string? text, int max = 40) =>
        text is null ? "" : text.Length <= max ? text : text[..max] + "…";

    public static string Braces(string name) => "{{" + name + "}}";

    /// <summary>"a" or "an" before a word, by its first letter.</summary>
    public static string Article(string word) => "AEIOUaeiou".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    public static string Capital(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    public static string Upper<T>(T value)
        where T : struct, Enum => value.ToString().ToUpperInvariant();
}

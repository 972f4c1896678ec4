using System.Text;

namespace Herald.Domain.Consent;

/// <summary>
/// Recognises consent keywords. Only a message that is the keyword alone counts ("Stop." and " stop!" do,
/// "please stop" does not); case, surrounding whitespace and punctuation are ignored.
/// </summary>
public static class Keywords
{
    public static readonly IReadOnlyList<string> OptOut =
        ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", "OPT OUT"];

    public static readonly IReadOnlyList<string> OptIn = ["START", "UNSTOP", "YES"];

    public static readonly IReadOnlyList<string> Help = ["HELP", "INFO"];

    /// <summary>Classifies a whole inbound message; <paramref name="extraOptOut"/> adds words such as ARRET.</summary>
    public static KeywordKind Classify(string? text, IEnumerable<string>? extraOptOut = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return KeywordKind.None;
        }

        string word = Normalize(text);
        if (word.Length == 0)
        {
            return KeywordKind.None;
        }

        if (Contains(OptOut, word) || (extraOptOut is not null && extraOptOut.Any(e => e is not null && Normalize(e) == word)))
        {
            return KeywordKind.OptOut;
        }

        return Contains(OptIn, word) ? KeywordKind.OptIn : Contains(Help, word) ? KeywordKind.Help : KeywordKind.None;
    }

    /// <summary>Upper-cases, strips everything but letters and digits from both ends and collapses inner whitespace.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int start = 0, end = text.Length;
        while (start < end && !char.IsLetterOrDigit(text[start]))
        {
            start++;
        }

        while (end > start && !char.IsLetterOrDigit(text[end - 1]))
        {
            end--;
        }

        var result = new StringBuilder(end - start);
        for (int i = start; i < end; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                result.Append(char.ToUpperInvariant(text[i]));
            }
            else if (result[^1] != ' ')
            {
                result.Append(' ');
            }
        }

        return result.ToString();
    }

    private static bool Contains(IReadOnlyList<string> words, string word) =>
        words.Contains(word, StringComparer.Ordinal);
}

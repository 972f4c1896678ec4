using System.Buffers;

namespace Herald.Domain.Keys;

/// <summary>Digits, upper then lower case letters: URL- and copy-safe, no punctuation to break a double-click.</summary>
internal static class Base62
{
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static readonly SearchValues<char> Digits = SearchValues.Create(Alphabet);

    public static bool IsBase62(ReadOnlySpan<char> chars) => !chars.ContainsAnyExcept(Digits);

    /// <summary>Fixed-width, zero-padded encoding of <paramref name="value"/>.</summary>
    public static string Encode(uint value, int width)
    {
        Span<char> chars = stackalloc char[width];
        for (int i = width - 1; i >= 0; i--, value /= 62)
        {
            chars[i] = Alphabet[(int)(value % 62)];
        }

        return new string(chars);
    }
}

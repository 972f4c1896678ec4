using System.Buffers;

namespace Herald.Domain.Sms;

/// <summary>The GSM 03.38 default alphabet and its extension table.</summary>
internal static class GsmAlphabet
{
    // The 127 printable characters of the basic table (0x1B, the escape to the extension table, is left out).
    public const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // Sent as escape + character, so each costs two septets.
    public const string Extension = "\f^{}\\[~]|€";

    public static readonly SearchValues<char> All = SearchValues.Create(Basic + Extension);

    public static readonly SearchValues<char> Extended = SearchValues.Create(Extension);

    public static bool IsGsm(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(All);
}

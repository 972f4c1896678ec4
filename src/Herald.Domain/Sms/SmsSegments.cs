using System.Globalization;

namespace Herald.Domain.Sms;

/// <summary>Works out the encoding and segment count of an SMS body, as a handset or carrier would.</summary>
public static class SmsSegments
{
    public const int Gsm7Single = 160;
    public const int Gsm7Multi = 153;
    public const int Ucs2Single = 70;
    public const int Ucs2Multi = 67;

    /// <summary>Analyzes <paramref name="text"/>; an empty body is one GSM-7 segment of 0 units.</summary>
    public static SmsAnalysis Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return new SmsAnalysis(SmsEncoding.Gsm7, 0, 1, Gsm7Single, 0);
        }

        int length = new StringInfo(text).LengthInTextElements;
        if (GsmAlphabet.IsGsm(text))
        {
            int units = text.Length + CountExtended(text);
            return units <= Gsm7Single
                ? new SmsAnalysis(SmsEncoding.Gsm7, units, 1, Gsm7Single, length)
                : new SmsAnalysis(SmsEncoding.Gsm7, units, Pack(text, Gsm7Multi, gsm: true), Gsm7Multi, length);
        }

        return text.Length <= Ucs2Single
            ? new SmsAnalysis(SmsEncoding.Ucs2, text.Length, 1, Ucs2Single, length)
            : new SmsAnalysis(SmsEncoding.Ucs2, text.Length, Pack(text, Ucs2Multi, gsm: false), Ucs2Multi, length);
    }

    private static int CountExtended(string text)
    {
        int count = 0;
        foreach (char c in text)
        {
            count += GsmAlphabet.Extended.Contains(c) ? 1 : 0;
        }

        return count;
    }

    // Fills parts greedily; an escape pair or a surrogate pair is never split across two parts.
    private static int Pack(string text, int capacity, bool gsm)
    {
        int segments = 1, used = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int cost = gsm
                ? (GsmAlphabet.Extended.Contains(text[i]) ? 2 : 1)
                : (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1);
            if (used + cost > capacity)
            {
                segments++;
                used = 0;
            }

            used += cost;
            i += !gsm && cost == 2 ? 1 : 0;
        }

        return segments;
    }
}

using System.Security.Cryptography;

namespace Herald.Domain;

/// <summary>
/// ULID-style identifiers: <c>prefix_</c> + 26 Crockford base32 characters (48-bit millisecond timestamp, then
/// 80 random bits), so ids with the same prefix sort by creation time as ordinal strings.
/// </summary>
public static class HeraldId
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int TimeChars = 10;
    private const int BodyChars = 26;

    /// <summary>A new id such as <c>msg_01JD5X7Q8M4N2P3R5S6T7V8W9X</c>.</summary>
    public static string New(string prefix, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        long ms = now.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(ms, nameof(now));

        Span<char> chars = stackalloc char[prefix.Length + 1 + BodyChars];
        prefix.AsSpan().CopyTo(chars);
        chars[prefix.Length] = '_';
        Span<char> body = chars[(prefix.Length + 1)..];
        for (int i = TimeChars - 1; i >= 0; i--, ms >>= 5)
        {
            body[i] = Alphabet[(int)(ms & 31)];
        }

        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        int buffer = 0, bits = 0, pos = TimeChars;
        foreach (byte b in random)
        {
            buffer = ((buffer << 8) | b) & 0xFFFF; // at most 12 pending bits survive, so 16 is enough
            bits += 8;
            for (; bits >= 5; bits -= 5)
            {
                body[pos++] = Alphabet[(buffer >> (bits - 5)) & 31];
            }
        }

        return new string(chars);
    }

    /// <summary>Reads back the creation time (millisecond precision) of an id made by <see cref="New"/>.</summary>
    public static bool TryGetTimestamp(string? id, out DateTimeOffset createdAt)
    {
        createdAt = default;
        int sep = id?.LastIndexOf('_') ?? -1;
        if (id is null || sep < 1 || id.Length - sep - 1 != BodyChars)
        {
            return false;
        }

        ReadOnlySpan<char> body = id.AsSpan(sep + 1);
        if (body.ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        long ms = 0;
        foreach (char c in body[..TimeChars])
        {
            ms = (ms << 5) | (uint)Alphabet.IndexOf(c, StringComparison.Ordinal);
        }

        if (ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        createdAt = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return true;
    }
}

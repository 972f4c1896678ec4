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

    private static readonly Lock Gate = new();
    private static long _lastMs = -1;
    private static UInt128 _lastRandom;

    /// <summary>
    /// A new id such as <c>msg_01JD5X7Q8M4N2P3R5S6T7V8W9X</c>. Ids made in the same millisecond continue from the
    /// previous one (monotonic like ULID's), so within a process creation order is id order.
    /// </summary>
    public static string New(string prefix, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        long ms = now.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(ms, nameof(now));
        var (time, random) = Next(ms);

        Span<char> chars = stackalloc char[prefix.Length + 1 + BodyChars];
        prefix.AsSpan().CopyTo(chars);
        chars[prefix.Length] = '_';
        Span<char> body = chars[(prefix.Length + 1)..];
        for (int i = TimeChars - 1; i >= 0; i--, time >>= 5)
        {
            body[i] = Alphabet[(int)(time & 31)];
        }
        for (int i = BodyChars - 1; i >= TimeChars; i--, random >>= 5)
        {
            body[i] = Alphabet[(int)(random & 31)];
        }

        return new string(chars);
    }

    /// <summary>80 random bits, or the previous id's plus one within the same millisecond (new random bits on overflow).</summary>
    private static (long Ms, UInt128 Random) Next(long ms)
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[..10]);
        var fresh = new UInt128(0, 0);
        for (var i = 0; i < 10; i++)
        {
            fresh = (fresh << 8) | bytes[i];
        }
        var max = (UInt128.One << 80) - 1;
        lock (Gate)
        {
            if (ms == _lastMs && _lastRandom < max)
            {
                _lastRandom++;
            }
            else
            {
                _lastMs = ms;
                _lastRandom = fresh;
            }
            return (_lastMs, _lastRandom);
        }
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

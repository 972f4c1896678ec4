using System.Security.Cryptography;
using System.Text;

namespace Herald.Providers.Shared;

/// <summary>HMAC helpers shared by the vendors' signature checks; every comparison is constant-time.</summary>
public static class Signatures
{
    /// <summary>Lowercase hex HMAC-SHA256 of <paramref name="data"/> keyed with the UTF-8 bytes of <paramref name="secret"/>.</summary>
    public static string HmacSha256Hex(string secret, ReadOnlySpan<byte> data) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    /// <summary>True when <paramref name="hex"/> is the hex HMAC-SHA256 of <paramref name="data"/>; any case, constant-time.</summary>
    public static bool MatchesHmacSha256Hex(string secret, ReadOnlySpan<byte> data, string? hex)
    {
        if (string.IsNullOrEmpty(hex) || hex.Length != 64 || !IsHex(hex))
        {
            return false;
        }

        byte[] expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(hex));
    }

    /// <summary>Constant-time comparison of two strings' UTF-8 bytes (verify tokens, shared secrets).</summary>
    public static bool SameText(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
    }

    private static bool IsHex(string s)
    {
        foreach (char c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Herald.Domain.Keys;

/// <summary>
/// An API key in GitHub's token format: <c>hrld_</c> + 30 random base62 characters + 6 base62 characters of the
/// CRC-32 of those 30. The prefix makes leaked keys findable by secret scanners; the checksum lets Herald refuse a
/// mistyped key without a database lookup. Only <see cref="Hash"/> is ever stored.
/// </summary>
public sealed class ApiKeyToken
{
    public const string Prefix = "hrld_";
    public const int RandomLength = 30;
    public const int ChecksumLength = 6;
    public const int Length = 41; // Prefix + RandomLength + ChecksumLength
    public const int DisplayPrefixLength = 12;

    private ApiKeyToken(string value) => Value = value;

    /// <summary>The secret itself; show it once, store only its hash.</summary>
    public string Value { get; }

    /// <summary>The first 12 characters, e.g. <c>hrld_AbC1234</c>: enough to recognise a key, useless to an attacker.</summary>
    public string DisplayPrefix => Value[..DisplayPrefixLength];

    /// <summary>A new key from the system's cryptographic random generator.</summary>
    public static ApiKeyToken Generate()
    {
        string random = RandomNumberGenerator.GetString(Base62.Alphabet, RandomLength);
        return new ApiKeyToken(Prefix + random + Checksum(random));
    }

    /// <summary>True when <paramref name="value"/> has the prefix, length, alphabet and a matching checksum.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out ApiKeyToken? token)
    {
        token = null;
        if (value is not { Length: Length } || !value.StartsWith(Prefix, StringComparison.Ordinal)
            || !Base62.IsBase62(value.AsSpan(Prefix.Length)))
        {
            return false;
        }

        string random = value.Substring(Prefix.Length, RandomLength);
        if (!string.Equals(Checksum(random), value[(Prefix.Length + RandomLength)..], StringComparison.Ordinal))
        {
            return false;
        }

        token = new ApiKeyToken(value);
        return true;
    }

    /// <summary>Lowercase hex SHA-256 of the UTF-8 value: what is stored and looked up, for any presented key.</summary>
    public static string Hash(string rawValue)
    {
        ArgumentNullException.ThrowIfNull(rawValue);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rawValue)));
    }

    /// <summary>The display prefix of any presented key, including bootstrap keys in another format.</summary>
    public static string DisplayPrefixOf(string rawValue)
    {
        ArgumentNullException.ThrowIfNull(rawValue);
        return rawValue.Length <= DisplayPrefixLength ? rawValue : rawValue[..DisplayPrefixLength];
    }

    /// <summary>Never the secret: the display prefix and an ellipsis, so keys cannot leak through logs.</summary>
    public override string ToString() => DisplayPrefix + "…";

    private static string Checksum(string random) =>
        Base62.Encode(Crc32.Compute(Encoding.ASCII.GetBytes(random)), ChecksumLength);
}

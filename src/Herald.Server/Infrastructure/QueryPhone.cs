namespace Herald.Server.Infrastructure;

/// <summary>Phone numbers in query strings, where an unencoded "+" arrives as a space (form encoding).</summary>
public static class QueryPhone
{
    /// <summary>
    /// The number as the client meant it: <c>?to=+14155550123</c> typed without percent-encoding reads as
    /// " 14155550123", so a leading space before a digit is taken back as the "+".
    /// </summary>
    public static string? Restore(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        var trimmed = raw.Trim();
        return raw[0] == ' ' && char.IsAsciiDigit(trimmed[0]) ? "+" + trimmed : trimmed;
    }
}

using System.Globalization;

namespace Herald.Providers.Contracts;

/// <summary>Reads an HTTP <c>Retry-After</c> header (RFC 9110 §10.2.3): delay-seconds or an HTTP date.</summary>
public static class RetryAfterHeader
{
    /// <summary>The wait it asks for, never negative; null when absent or unreadable. <paramref name="now"/> turns a date into a wait.</summary>
    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        string v = value.Trim();
        if (long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
        {
            return TimeSpan.FromSeconds(Math.Min(seconds, (long)TimeSpan.FromDays(7).TotalSeconds));
        }

        if (DateTimeOffset.TryParseExact(v, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at))
        {
            TimeSpan wait = at - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}

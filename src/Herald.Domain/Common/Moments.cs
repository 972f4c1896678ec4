using System.Globalization;

namespace Herald.Domain;

/// <summary>Formats instants for people: UTC, minute precision, the same on every machine.</summary>
internal static class Moments
{
    public static string Format(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Hours(TimeSpan length) =>
        length.TotalHours.ToString("0.##", CultureInfo.InvariantCulture);
}

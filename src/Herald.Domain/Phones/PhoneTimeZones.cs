using PhoneNumbers;
using LibNumber = PhoneNumbers.PhoneNumber;

namespace Herald.Domain.Phones;

/// <summary>Maps a number to IANA time zones with libphonenumber's prefix tables.</summary>
internal static class PhoneTimeZones
{
    private static readonly PhoneNumberToTimeZonesMapper Mapper = PhoneNumberToTimeZonesMapper.GetInstance();
    private static readonly string Unknown = Mapper.GetUnknownTimeZone();

    public static IReadOnlyList<string> For(LibNumber parsed, string regionCode)
    {
        string[] zones = Known(parsed);
        if (zones.Length > 0 || regionCode == "ZZ")
        {
            return zones;
        }

        // Fictional ranges have no prefix entry; a single-zone country still tells us where the person lives.
        LibNumber? example = PhoneNumberUtil.GetInstance().GetExampleNumber(regionCode);
        string[] fromRegion = example is null ? [] : Known(example);
        return fromRegion.Length == 1 ? fromRegion : [];
    }

    private static string[] Known(LibNumber number) =>
        [.. Mapper.GetTimeZonesForNumber(number).Where(z => !string.Equals(z, Unknown, StringComparison.Ordinal))];
}

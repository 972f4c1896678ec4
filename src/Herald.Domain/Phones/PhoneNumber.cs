using LibNumber = PhoneNumbers.PhoneNumber;

namespace Herald.Domain.Phones;

/// <summary>
/// A valid phone number in E.164 form. The only way to get one is <see cref="TryParse"/> or <see cref="Parse"/>,
/// so holding one means it was checked (parse, don't validate).
/// </summary>
public sealed partial class PhoneNumber : IEquatable<PhoneNumber>
{
    private readonly LibNumber parsed;
    private IReadOnlyList<string>? timeZoneIds;

    private PhoneNumber(LibNumber parsed, string e164, string regionCode)
    {
        this.parsed = parsed;
        E164 = e164;
        RegionCode = regionCode;
    }

    /// <summary>The number in E.164 form, e.g. <c>+12015550123</c>.</summary>
    public string E164 { get; }

    /// <summary>ISO 3166 alpha-2 region, e.g. <c>US</c>; <c>ZZ</c> when the number belongs to no single region.</summary>
    public string RegionCode { get; }

    /// <summary>IANA time zones the number may be in, most specific first; empty when unknown.</summary>
    public IReadOnlyList<string> TimeZoneIds => timeZoneIds ??= PhoneTimeZones.For(parsed, RegionCode);

    public static bool operator ==(PhoneNumber? left, PhoneNumber? right) => Equals(left, right);

    public static bool operator !=(PhoneNumber? left, PhoneNumber? right) => !Equals(left, right);

    public bool Equals(PhoneNumber? other) =>
        other is not null && string.Equals(E164, other.E164, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as PhoneNumber);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(E164);

    public override string ToString() => E164;
}

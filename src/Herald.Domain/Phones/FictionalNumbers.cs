namespace Herald.Domain.Phones;

/// <summary>
/// Number ranges reserved for fiction and documentation that libphonenumber rejects but that people use as
/// examples, so Herald accepts them (they never reach a real handset).
/// </summary>
internal static class FictionalNumbers
{
    // Ofcom reserves 07700 900000–900999 for drama; it is the UK's standard example mobile range.
    private const string OfcomDramaMobile = "+447700900";

    public static bool IsReserved(string e164) =>
        e164.Length == OfcomDramaMobile.Length + 3 && e164.StartsWith(OfcomDramaMobile, StringComparison.Ordinal);
}

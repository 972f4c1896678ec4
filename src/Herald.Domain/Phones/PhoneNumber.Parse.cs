using System.Diagnostics.CodeAnalysis;
using System.Text;
using PhoneNumbers;
using LibNumber = PhoneNumbers.PhoneNumber;

namespace Herald.Domain.Phones;

public sealed partial class PhoneNumber
{
    /// <summary>Stable code of every parse failure.</summary>
    public const string InvalidCode = "invalid_phone";

    private const int MaxInputLength = 40;
    private const string Example = "e.g. +14155550123";

    // PhoneNumberUtil is immutable after load and documented as thread-safe.
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// Accepts international form only (leading '+'), with optional spaces, dashes, dots and parentheses, and
    /// only numbers libphonenumber considers valid (plus the reserved fictional ranges in <see cref="FictionalNumbers"/>).
    /// </summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out PhoneNumber? number, out Reason? error)
    {
        number = null;
        error = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = Invalid($"A phone number is required: write it in international E.164 form with the country code, {Example}.");
            return false;
        }

        string trimmed = input.Trim();
        string shown = trimmed.Length > 32 ? trimmed[..32] + "…" : trimmed;
        if (trimmed[0] != '+')
        {
            error = NotValid(shown); // the usual mistake: a national number without + and the country code
            return false;
        }

        string? digits = trimmed.Length <= MaxInputLength ? DigitsAfterPlus(trimmed) : null;
        if (digits is null || digits.Length is < 3 or > 15 || !TryLibParse(digits, out LibNumber? parsed))
        {
            error = NotValid(shown);
            return false;
        }

        string e164 = Util.Format(parsed, PhoneNumberFormat.E164);
        bool fictional = FictionalNumbers.IsReserved(e164);
        if (!Util.IsValidNumber(parsed) && !fictional)
        {
            error = NotValid(shown);
            return false;
        }

        string? region = fictional ? Util.GetRegionCodeForCountryCode(parsed.CountryCode) : Util.GetRegionCodeForNumber(parsed);
        number = new PhoneNumber(parsed, e164, region is { Length: 2 } && region != "ZZ" ? region : "ZZ");
        return true;
    }

    /// <summary>Like <see cref="TryParse"/>, for inputs known to be valid (configuration, tests).</summary>
    /// <exception cref="FormatException">The input is not a valid number; the message says why.</exception>
    public static PhoneNumber Parse(string input) =>
        TryParse(input, out PhoneNumber? number, out Reason? error) ? number : throw new FormatException(error!.Message);

    private static Reason Invalid(string message) => new(InvalidCode, message);

    private static Reason NotValid(string shown) =>
        Invalid($"'{shown}' is not a valid phone number: write it in international E.164 form with the country code, {Example}.");

    // Keeps the digits after '+', allowing only the separators people commonly type; null on anything else.
    private static string? DigitsAfterPlus(string trimmed)
    {
        var digits = new StringBuilder(trimmed.Length);
        foreach (char c in trimmed.AsSpan(1))
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return null;
            }
        }

        return digits.ToString();
    }

    private static bool TryLibParse(string digits, [NotNullWhen(true)] out LibNumber? parsed)
    {
        try
        {
            parsed = Util.Parse("+" + digits, null);
            return true;
        }
        catch (NumberParseException)
        {
            parsed = null;
            return false;
        }
    }
}

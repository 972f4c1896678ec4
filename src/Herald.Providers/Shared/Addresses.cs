namespace Herald.Providers.Shared;

/// <summary>Phone address spellings between Herald (E.164 with <c>+</c>) and the vendors.</summary>
internal static class Addresses
{
    /// <summary>E.164 with a leading <c>+</c>: Meta may otherwise prepend the business number's country code.</summary>
    public static string WithPlus(string number)
    {
        string n = number.Trim();
        return n.StartsWith('+') ? n : "+" + n;
    }

    /// <summary>Digits only, as Infobip writes numbers.</summary>
    public static string DigitsOnly(string number) => number.Trim().TrimStart('+');

    /// <summary>A vendor's bare-digit number back to E.164 when it is all digits; anything else is kept as given.</summary>
    public static string ToE164(string address)
    {
        string a = address.Trim();
        if (a.Length > 0 && a.All(char.IsAsciiDigit))
        {
            return "+" + a;
        }

        return a;
    }
}

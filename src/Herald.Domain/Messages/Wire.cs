namespace Herald.Domain.Messages;

/// <summary>
/// The stable lowercase names of the domain enums as they appear in the API, the database and webhooks.
/// Parsing is case-insensitive; unknown names are refused rather than guessed.
/// </summary>
public static partial class Wire
{
    private static readonly (Channel Value, string Name)[] Channels =
        [(Channel.Sms, "sms"), (Channel.WhatsApp, "whatsapp"), (Channel.Viber, "viber")];

    private static readonly (Purpose Value, string Name)[] Purposes =
        [(Purpose.Transactional, "transactional"), (Purpose.Marketing, "marketing")];

    private static readonly (Direction Value, string Name)[] Directions =
        [(Direction.Outbound, "outbound"), (Direction.Inbound, "inbound")];

    public static string Name(Channel value) => NameOf(Channels, value);

    public static bool TryParseChannel(string? name, out Channel value) => TryParse(Channels, name, out value);

    public static string Name(Purpose value) => NameOf(Purposes, value);

    public static bool TryParsePurpose(string? name, out Purpose value) => TryParse(Purposes, name, out value);

    public static string Name(Direction value) => NameOf(Directions, value);

    public static bool TryParseDirection(string? name, out Direction value) => TryParse(Directions, name, out value);

    private static string NameOf<T>((T Value, string Name)[] table, T value)
        where T : struct, Enum
    {
        foreach ((T v, string n) in table)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
            {
                return n;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"No wire name for {typeof(T).Name} {value}.");
    }

    private static bool TryParse<T>((T Value, string Name)[] table, string? name, out T value)
        where T : struct, Enum
    {
        foreach ((T v, string n) in table)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }
}

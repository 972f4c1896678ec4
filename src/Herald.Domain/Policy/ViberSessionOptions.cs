namespace Herald.Domain.Policy;

/// <summary>Limits of a Viber Business Messages session; providers differ, so they are configurable.</summary>
/// <param name="Length">How long a session lasts after the user writes (24 h, some providers 12 h).</param>
/// <param name="MaxMessages">Business messages allowed in one session.</param>
/// <param name="MaxInARow">Business messages allowed in a row without a user reply; the next one is refused.</param>
public sealed record ViberSessionOptions(TimeSpan Length, int MaxMessages, int MaxInARow)
{
    /// <summary>24 hours, 60 messages, 5 in a row.</summary>
    public static readonly ViberSessionOptions Default = new(TimeSpan.FromHours(24), 60, 5);
}

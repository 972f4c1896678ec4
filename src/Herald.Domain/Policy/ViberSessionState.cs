namespace Herald.Domain.Policy;

/// <summary>A Viber session at one moment.</summary>
/// <param name="IsOpen">True while within the session's time; see <paramref name="RemainingMessages"/> for its message budget.</param>
/// <param name="ClosesAt">When the session's time ends or ended; null if the user never wrote.</param>
/// <param name="MessagesUsed">Business messages sent since the session opened.</param>
/// <param name="MessagesInARow">Business messages sent since the user's last reply.</param>
/// <param name="RemainingMessages">Business messages still allowed in this session; 0 when closed or exhausted.</param>
public sealed record ViberSessionState(
    bool IsOpen,
    DateTimeOffset? ClosesAt,
    int MessagesUsed,
    int MessagesInARow,
    int RemainingMessages);

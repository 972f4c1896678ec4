namespace Herald.Domain.Policy;

/// <summary>What Herald knows of the exchange between one contact and one sender.</summary>
/// <param name="LastInboundAt">When the contact last wrote to this sender; null if never.</param>
/// <param name="BusinessMessagesSinceInbound">Business messages since that inbound (the Viber session's budget).</param>
/// <param name="BusinessMessagesInARow">Business messages since the contact's last reply; an inbound resets it.</param>
public sealed record ConversationState(
    DateTimeOffset? LastInboundAt,
    int BusinessMessagesSinceInbound,
    int BusinessMessagesInARow)
{
    /// <summary>The contact never wrote.</summary>
    public static readonly ConversationState None = new(null, 0, 0);
}

namespace Herald.Domain.Messages;

/// <summary>
/// The ordering of statuses. Provider events arrive duplicated and out of order, so status never moves backwards;
/// read implies delivered; a failure after delivery is recorded and flagged, not applied.
/// </summary>
public static class Lifecycle
{
    /// <summary>Rank of Failed, Expired and Cancelled: they end the progression.</summary>
    public const int EndRank = 7;

    /// <summary>Failed, Expired, Cancelled: the message will not go anywhere.</summary>
    public static bool IsTerminal(MessageStatus s) => s is MessageStatus.Failed or MessageStatus.Expired or MessageStatus.Cancelled;

    /// <summary>Terminal statuses plus Read: nothing further is expected from the provider.</summary>
    public static bool IsFinal(MessageStatus s) => s == MessageStatus.Read || IsTerminal(s);

    /// <summary>Progress order: Accepted 0, Queued 1, Scheduled/Deferred 2, Sending 3, Sent 4, Delivered 5, Read 6; terminal statuses <see cref="EndRank"/>.</summary>
    public static int Rank(MessageStatus s) => s switch
    {
        MessageStatus.Accepted => 0,
        MessageStatus.Queued => 1,
        MessageStatus.Scheduled or MessageStatus.Deferred => 2,
        MessageStatus.Sending => 3,
        MessageStatus.Sent => 4,
        MessageStatus.Delivered => 5,
        MessageStatus.Read => 6,
        MessageStatus.Failed or MessageStatus.Expired or MessageStatus.Cancelled => EndRank,
        _ => throw new ArgumentOutOfRangeException(nameof(s), s, "Unknown message status."),
    };

    /// <summary>Decides whether <paramref name="next"/> replaces <paramref name="current"/>.</summary>
    /// <param name="current">The message's status now.</param>
    /// <param name="next">The status an event or a worker proposes.</param>
    /// <param name="currentIsInDoubt">The current Failed status only means "outcome unknown after a crash".</param>
    public static StatusTransition Decide(MessageStatus current, MessageStatus next, bool currentIsInDoubt = false)
    {
        if (current is MessageStatus.Expired or MessageStatus.Cancelled || current == next)
        {
            return StatusTransition.Ignore;
        }

        if (current == MessageStatus.Failed)
        {
            // The provider reporting progress proves an in-doubt send did go out.
            bool proven = currentIsInDoubt && next is MessageStatus.Sent or MessageStatus.Delivered or MessageStatus.Read;
            return proven ? StatusTransition.Apply : StatusTransition.Ignore;
        }

        return next switch
        {
            MessageStatus.Cancelled or MessageStatus.Expired =>
                Rank(current) <= Rank(MessageStatus.Deferred) ? StatusTransition.Apply : StatusTransition.Ignore,
            MessageStatus.Failed =>
                Rank(current) <= Rank(MessageStatus.Sent) ? StatusTransition.Apply : StatusTransition.RecordLateFailure,
            _ => Rank(next) > Rank(current) ? StatusTransition.Apply : StatusTransition.Ignore,
        };
    }

    /// <summary>True when a jump to Read skips Delivered, so the message should be recorded as delivered too.</summary>
    public static bool ImpliesDelivered(MessageStatus current, MessageStatus next) =>
        next == MessageStatus.Read && current is not (MessageStatus.Delivered or MessageStatus.Read);
}

namespace Herald.Domain.Messages;

/// <summary>
/// Where a message is in its lifecycle: accepted → queued → [scheduled | deferred] → sending → sent → delivered →
/// read, or one of the terminal failed, expired, cancelled. <see cref="Lifecycle"/> decides which moves are allowed.
/// </summary>
public enum MessageStatus
{
    /// <summary>Stored after passing the checks; nothing else has happened yet.</summary>
    Accepted,

    /// <summary>Waiting in a lane for a dispatcher.</summary>
    Queued,

    /// <summary>Waiting for the send time the caller asked for.</summary>
    Scheduled,

    /// <summary>Held back by Herald (quiet hours); the message shows when it will go.</summary>
    Deferred,

    /// <summary>Handed to a provider call whose outcome is not known yet.</summary>
    Sending,

    /// <summary>The provider accepted it.</summary>
    Sent,

    /// <summary>The handset received it.</summary>
    Delivered,

    /// <summary>The recipient opened it; final, and implies delivered.</summary>
    Read,

    /// <summary>Terminal: will not arrive; see the <see cref="ErrorClass"/>.</summary>
    Failed,

    /// <summary>Terminal: not handed to the provider within its validity.</summary>
    Expired,

    /// <summary>Terminal: cancelled by the caller before sending.</summary>
    Cancelled,
}

namespace Herald.Domain.Messages;

/// <summary>What to do with a status update that arrives for a message.</summary>
public enum StatusTransition
{
    /// <summary>Move the message to the new status.</summary>
    Apply,

    /// <summary>Keep the current status: a duplicate, an out-of-order or a backwards event (still store the raw event).</summary>
    Ignore,

    /// <summary>A failure after delivery: keep the status, record the event and flag the message.</summary>
    RecordLateFailure,
}

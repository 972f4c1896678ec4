namespace Herald.Domain.Messages;

/// <summary>Why a message is sent; decides quiet hours and lane priority.</summary>
public enum Purpose
{
    /// <summary>Something the recipient is waiting for (order, OTP, reminder); never waits behind a broadcast.</summary>
    Transactional,

    /// <summary>Promotion or re-engagement; deferred out of quiet hours.</summary>
    Marketing,
}

namespace Herald.Domain.Policy;

/// <summary>The WhatsApp customer-service window at one moment.</summary>
/// <param name="IsOpen">True when free text may be sent.</param>
/// <param name="OpenedAt">The contact's latest inbound message (clamped to now if it lies in the future); null if they never wrote.</param>
/// <param name="ClosesAt">When the window closes or closed; null if the contact never wrote.</param>
public sealed record WindowState(bool IsOpen, DateTimeOffset? OpenedAt, DateTimeOffset? ClosesAt);

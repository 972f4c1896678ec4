namespace Herald.Domain.Policy;

/// <summary>
/// The WhatsApp customer-service window: free text is allowed for 24 hours after the contact's latest inbound
/// message. Only the contact's own messages open or reset it; the business's messages never do.
/// </summary>
public static class WhatsAppWindow
{
    /// <summary>Meta's window length.</summary>
    public static readonly TimeSpan Length = TimeSpan.FromHours(24);

    /// <summary>Open iff the contact wrote and <paramref name="now"/> is before last inbound + length (closed at exactly 24:00:00).</summary>
    public static WindowState Evaluate(DateTimeOffset? lastInboundAt, DateTimeOffset now, TimeSpan? length = null)
    {
        if (lastInboundAt is not { } inbound)
        {
            return new WindowState(false, null, null);
        }

        // Clock skew between Herald and the provider must not stretch the window past its length.
        DateTimeOffset opened = inbound > now ? now : inbound;
        DateTimeOffset closes = opened + (length ?? Length);
        return new WindowState(now < closes, opened, closes);
    }
}

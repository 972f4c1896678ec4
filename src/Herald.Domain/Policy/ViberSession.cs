namespace Herald.Domain.Policy;

/// <summary>
/// The Viber Business Messages session: opened by the user writing, it lasts a configurable time or a number of
/// business messages, and allows only a few business messages in a row without a reply.
/// </summary>
public static class ViberSession
{
    public static ViberSessionState Evaluate(
        DateTimeOffset? lastInboundAt,
        int businessMessagesSinceSessionStart,
        int businessMessagesInARow,
        DateTimeOffset now,
        ViberSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int used = Math.Max(0, businessMessagesSinceSessionStart);
        int inARow = Math.Max(0, businessMessagesInARow);

        // Same clock rule as the WhatsApp window: from the latest inbound, future timestamps count as now.
        WindowState time = WhatsAppWindow.Evaluate(lastInboundAt, now, options.Length);
        int remaining = time.IsOpen ? Math.Max(0, options.MaxMessages - used) : 0;
        return new ViberSessionState(time.IsOpen, time.ClosesAt, used, inARow, remaining);
    }
}

namespace Herald.Domain.Policy;

/// <summary>The configurable limits eligibility is judged against.</summary>
/// <param name="MaxSmsLength">Longest SMS body in UTF-16 code units (Twilio allows 1,600).</param>
/// <param name="MaxViberTextLength">Longest Viber text.</param>
/// <param name="MaxWhatsAppTextLength">Longest WhatsApp free text.</param>
/// <param name="WhatsAppWindowLength">The customer-service window.</param>
/// <param name="Viber">Viber session limits.</param>
/// <param name="QuietHours">The workspace's quiet hours; null for none.</param>
/// <param name="QuietHoursForTransactional">Also defer transactional messages out of quiet hours.</param>
public sealed record EligibilityOptions(
    int MaxSmsLength,
    int MaxViberTextLength,
    int MaxWhatsAppTextLength,
    TimeSpan WhatsAppWindowLength,
    ViberSessionOptions Viber,
    QuietHours? QuietHours,
    bool QuietHoursForTransactional)
{
    /// <summary>1,600 / 1,000 / 4,096 characters, a 24-hour window, default Viber limits, no quiet hours.</summary>
    public static readonly EligibilityOptions Default =
        new(1600, 1000, 4096, TimeSpan.FromHours(24), ViberSessionOptions.Default, null, false);
}

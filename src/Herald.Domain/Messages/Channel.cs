namespace Herald.Domain.Messages;

/// <summary>The network a message travels on; each has its own rules (see PRODUCT.md §2).</summary>
public enum Channel
{
    /// <summary>SMS through a carrier aggregator such as Twilio; free text, opt-out keywords apply.</summary>
    Sms,

    /// <summary>WhatsApp Business; free text only inside the 24-hour customer-service window.</summary>
    WhatsApp,

    /// <summary>Viber Business Messages; free text only inside a user-opened session.</summary>
    Viber,
}

namespace Herald.Domain.Messages;

/// <summary>Who wrote a message.</summary>
public enum Direction
{
    /// <summary>From the business to the contact.</summary>
    Outbound,

    /// <summary>From the contact to the business; opens the WhatsApp window and the Viber session.</summary>
    Inbound,
}

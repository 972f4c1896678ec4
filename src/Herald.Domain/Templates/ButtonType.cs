namespace Herald.Domain.Templates;

/// <summary>The kind of a template button; decides which parameter it takes at send time.</summary>
public enum ButtonType
{
    /// <summary>Sends a reply back; may take an optional payload.</summary>
    QuickReply,

    /// <summary>Opens a URL; a variable at its end takes one parameter.</summary>
    Url,

    /// <summary>Calls a fixed phone number; takes no parameter.</summary>
    PhoneNumber,

    /// <summary>Copies a code (coupon, OTP); takes the code as its one parameter.</summary>
    CopyCode,
}

namespace Herald.Domain.Messages;

public static partial class Wire
{
    private static readonly (MessageStatus Value, string Name)[] Statuses =
    [
        (MessageStatus.Accepted, "accepted"), (MessageStatus.Queued, "queued"), (MessageStatus.Scheduled, "scheduled"),
        (MessageStatus.Deferred, "deferred"), (MessageStatus.Sending, "sending"), (MessageStatus.Sent, "sent"),
        (MessageStatus.Delivered, "delivered"), (MessageStatus.Read, "read"), (MessageStatus.Failed, "failed"),
        (MessageStatus.Expired, "expired"), (MessageStatus.Cancelled, "cancelled"),
    ];

    private static readonly (ErrorClass Value, string Name)[] ErrorClasses =
    [
        (ErrorClass.Permanent, "permanent"), (ErrorClass.TransientExhausted, "transient_exhausted"),
        (ErrorClass.Policy, "policy"), (ErrorClass.Consent, "consent"), (ErrorClass.InDoubt, "in_doubt"),
    ];

    public static string Name(MessageStatus value) => NameOf(Statuses, value);

    public static bool TryParseMessageStatus(string? name, out MessageStatus value) => TryParse(Statuses, name, out value);

    /// <summary>Same as <see cref="TryParseMessageStatus"/>.</summary>
    public static bool TryParseStatus(string? name, out MessageStatus value) => TryParse(Statuses, name, out value);

    public static string Name(ErrorClass value) => NameOf(ErrorClasses, value);

    public static bool TryParseErrorClass(string? name, out ErrorClass value) => TryParse(ErrorClasses, name, out value);
}

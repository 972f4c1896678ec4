using Herald.Domain.Messages;

namespace Herald.Providers.Contracts;

/// <summary>A provider's report that an outbound message moved on, in neutral terms.</summary>
/// <param name="Provider">The provider name (<c>meta</c>, <c>twilio</c>, <c>infobip</c>).</param>
/// <param name="ProviderMessageId">The provider's id of the outbound message (wamid, SM…, Infobip messageId).</param>
/// <param name="Status">Only <see cref="MessageStatus.Sent"/>, <see cref="MessageStatus.Delivered"/>, <see cref="MessageStatus.Read"/>, <see cref="MessageStatus.Failed"/> or <see cref="MessageStatus.Expired"/>.</param>
/// <param name="ProviderTimestamp">When the provider says it happened; null when the payload carries no time.</param>
/// <param name="Recipient">The recipient's address as the provider wrote it, when given.</param>
/// <param name="ErrorCode">The provider's error code on failures.</param>
/// <param name="ErrorMessage">The provider's error text on failures.</param>
/// <param name="ErrorClass">How the error is classified by the provider's error table.</param>
/// <param name="Reference">
/// Herald's own message id when the provider echoes it: Meta <c>biz_opaque_callback_data</c>, Infobip <c>messageId</c>
/// (Herald sends its id as <c>destinations[].messageId</c>), Twilio the <c>herald_message_id</c> query parameter of the
/// status-callback URL Herald gave. Null when the provider did not echo it.
/// </param>
public sealed record ProviderStatusEvent(
    string Provider,
    string ProviderMessageId,
    MessageStatus Status,
    DateTimeOffset? ProviderTimestamp,
    string? Recipient = null,
    string? ErrorCode = null,
    string? ErrorMessage = null,
    ErrorClass? ErrorClass = null,
    string? Reference = null)
{
    /// <summary>Key for deduplication: the same message reaching the same status twice is one event.</summary>
    public string DedupeKey => $"{Provider}:{ProviderMessageId}:{Wire.Name(Status)}";
}

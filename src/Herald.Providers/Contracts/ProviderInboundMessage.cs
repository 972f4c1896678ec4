using Herald.Domain.Consent;
using Herald.Domain.Messages;

namespace Herald.Providers.Contracts;

/// <summary>A message a contact sent to a business address, in neutral terms.</summary>
/// <param name="Provider">The provider name.</param>
/// <param name="Channel">The network it came over.</param>
/// <param name="ProviderMessageId">The provider's id of the inbound message.</param>
/// <param name="From">The contact's number in E.164 (with <c>+</c>) when it looks like a number; otherwise as given.</param>
/// <param name="To">The business address it was sent to (phone-number id, number or Viber sender).</param>
/// <param name="Text">The text, when the message has any.</param>
/// <param name="ProviderTimestamp">When the provider says it was sent; null when the payload carries no time.</param>
/// <param name="ProfileName">The contact's display name, when the provider gives one.</param>
/// <param name="ProviderKeyword">A consent keyword the provider itself recognised (Twilio <c>OptOutType</c>).</param>
public sealed record ProviderInboundMessage(
    string Provider,
    Channel Channel,
    string ProviderMessageId,
    string From,
    string To,
    string? Text,
    DateTimeOffset? ProviderTimestamp,
    string? ProfileName = null,
    KeywordKind ProviderKeyword = KeywordKind.None);

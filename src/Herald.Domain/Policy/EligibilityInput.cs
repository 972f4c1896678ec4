using Herald.Domain.Messages;
using Herald.Domain.Phones;
using Herald.Domain.Templates;

namespace Herald.Domain.Policy;

/// <summary>Everything eligibility needs to judge one send, time included, so the decision is a pure function.</summary>
/// <param name="Channel">The channel of the sender.</param>
/// <param name="Purpose">Transactional or marketing.</param>
/// <param name="Phone">The recipient.</param>
/// <param name="Kind">Free text or template.</param>
/// <param name="Text">The free text, for <see cref="ContentKind.Text"/>.</param>
/// <param name="Template">The template for <see cref="ContentKind.Template"/>; null means it was not found.</param>
/// <param name="Parameters">Template parameters; null means none.</param>
/// <param name="Conversation">The contact's exchange with this sender.</param>
/// <param name="Consent">The contact's consent on this channel.</param>
/// <param name="Now">The current time.</param>
/// <param name="SendAt">When the caller wants it sent; null for now.</param>
/// <param name="ExpiresAt">When the message stops being worth sending; null for no limit here.</param>
/// <param name="RecipientZone">The recipient's time zone (see <see cref="RecipientTimeZone"/>).</param>
/// <param name="Options">The limits in force.</param>
public sealed record EligibilityInput(
    Channel Channel,
    Purpose Purpose,
    PhoneNumber Phone,
    ContentKind Kind,
    string? Text,
    TemplateSnapshot? Template,
    TemplateParameters? Parameters,
    ConversationState Conversation,
    ConsentState Consent,
    DateTimeOffset Now,
    DateTimeOffset? SendAt,
    DateTimeOffset? ExpiresAt,
    TimeZoneInfo RecipientZone,
    EligibilityOptions Options);

using Herald.Domain.Templates;

namespace Herald.Providers.Contracts;

/// <summary>A provider's news about a template: a new approval status or a new quality rating.</summary>
/// <param name="Provider">The provider name.</param>
/// <param name="AccountId">The provider account the template belongs to (the WABA id on Meta).</param>
/// <param name="ProviderTemplateId">The provider's template id.</param>
/// <param name="Name">The template name.</param>
/// <param name="Language">The language code, normalised to underscores (<c>en-US</c> → <c>en_US</c>).</param>
/// <param name="Status">The new status, or null when the event is about something Herald does not track (ARCHIVED, FLAGGED …) or is a quality update.</param>
/// <param name="Quality">The new quality rating, for quality updates.</param>
/// <param name="ProviderEvent">The provider's own event or status word, kept as given.</param>
/// <param name="Reason">The provider's reason (rejection reason, pause title), when given.</param>
/// <param name="ProviderTimestamp">When the provider says it happened.</param>
public sealed record ProviderTemplateEvent(
    string Provider,
    string? AccountId,
    string ProviderTemplateId,
    string Name,
    string Language,
    TemplateStatus? Status,
    TemplateQuality? Quality,
    string ProviderEvent,
    string? Reason,
    DateTimeOffset? ProviderTimestamp);

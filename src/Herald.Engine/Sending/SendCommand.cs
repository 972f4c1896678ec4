using Herald.Domain.Messages;
using Herald.Domain.Phones;
using Herald.Domain.Policy;
using Herald.Domain.Templates;

namespace Herald.Engine.Sending;

/// <summary>One proactive message as the API (or a broadcast, or a CRM) asks for it, already parsed and shape-checked.</summary>
public sealed record SendCommand(
    string WorkspaceId,
    Channel Channel,
    string? SenderId,
    PhoneNumber Phone,
    ContentKind Kind,
    string? Text,
    string? TemplateName,
    string? TemplateLanguage,
    TemplateParameters Parameters,
    Purpose Purpose,
    DateTimeOffset? SendAt,
    TimeSpan? Validity,
    string? Metadata)
{
    /// <summary>A broadcast's own quiet hours (<see cref="QuietHoursOff"/> for none); null keeps the installation's.</summary>
    public QuietHours? QuietHours { get; init; }

    public bool QuietHoursOff { get; init; }

    /// <summary>The recipient's IANA time zone when the audience gives one (a CSV column); else the contact's, else inferred.</summary>
    public string? TimeZone { get; init; }

    /// <summary>JSON naming the integration that asked for the message (stored as <c>messages.origin</c>); null for the API and console.</summary>
    public string? Origin { get; init; }
}

using Herald.Domain.Templates;

namespace Herald.Domain.Policy;

/// <summary>A template as the sending sender sees it.</summary>
/// <param name="Definition">The template.</param>
/// <param name="StatusForSender">Its approval status for this sender; null when it has none (never submitted there).</param>
/// <param name="StatusReason">The channel's reason for a rejection or pause, if it gave one.</param>
public sealed record TemplateSnapshot(TemplateDefinition Definition, TemplateStatus? StatusForSender, string? StatusReason);

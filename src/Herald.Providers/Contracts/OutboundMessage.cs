using Herald.Domain.Messages;
using Herald.Domain.Policy;
using Herald.Domain.Templates;

namespace Herald.Providers.Contracts;

/// <summary>The sender account a message goes out through, as the adapter needs it.</summary>
public sealed record SenderAccount(string Id, string WorkspaceId, Channel Channel, string Provider, string Address, string? Config);

/// <summary>Everything an adapter needs to hand one message to its provider.</summary>
public sealed record OutboundMessage(
    string MessageId,
    SenderAccount Sender,
    string To,
    ContentKind Kind,
    string? Text,
    string? TemplateName,
    string? TemplateLanguage,
    TemplateParameters? Parameters,
    int Segments,
    int Attempt,
    DateTimeOffset? ExpiresAt);

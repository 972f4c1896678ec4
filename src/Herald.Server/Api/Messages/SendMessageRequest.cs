using System.Text.Json;

namespace Herald.Server.Api.Messages;

/// <summary>The body of POST /v1/messages and POST /v1/messages/check.</summary>
public sealed record SendMessageRequest(
    string? To,
    string? Channel,
    string? Sender,
    string? Text,
    TemplateReference? Template,
    string? Purpose,
    DateTimeOffset? SendAt,
    JsonElement? Validity,
    JsonElement? Metadata);

/// <summary>Which template to send and its parameters: an array (body, positional), an object of names (body, named),
/// or <c>{"header": …, "body": …, "buttons": [...]}</c>.</summary>
public sealed record TemplateReference(string? Name, string? Language, JsonElement? Parameters, string? HeaderMediaUrl);

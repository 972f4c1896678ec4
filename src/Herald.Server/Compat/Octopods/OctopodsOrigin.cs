using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Storage.Stores;

namespace Herald.Server.Compat.Octopods;

/// <summary>
/// The <c>messages.origin</c> of a send with <c>open_intercom_conversation</c>: the workspace's first Intercom integration
/// reads it to open the conversation. Without an Intercom integration the message still goes, with a warning in the log
/// (Octopods' documented answer has no field for it).
/// </summary>
public sealed partial class OctopodsOrigin(IntegrationStore integrations, ILogger<OctopodsOrigin> logger)
{
    public async Task<string?> IntercomAsync(string workspaceId, OctopodsBody body, CancellationToken ct)
    {
        var intercom = (await integrations.ListAsync(workspaceId, "intercom", ct).ConfigureAwait(false)).FirstOrDefault();
        if (intercom is null)
        {
            LogNoIntercom(logger, workspaceId);
            return null;
        }
        var origin = new JsonObject
        {
            ["kind"] = "intercom",
            ["integration_id"] = intercom.Id,
            ["open_conversation"] = true,
            ["admin_id"] = Value(body.Field("intercom_teammate_id")),
            ["user_name"] = Value(body.Field("destination_user_name")),
            ["source"] = "octopods_api",
        };
        return origin.ToJsonString();
    }

    // The teammate id stays a number when sent as one (Intercom admin ids are numeric), else its text.
    private static JsonNode? Value(JsonElement? e) => e switch
    {
        { ValueKind: JsonValueKind.Number } n => JsonValue.Create(n),
        { ValueKind: JsonValueKind.String } s when !string.IsNullOrWhiteSpace(s.GetString()) => JsonValue.Create(s.GetString()!.Trim()),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "open_intercom_conversation was asked for in workspace {WorkspaceId}, which has no Intercom integration; the message is sent without a conversation")]
    private static partial void LogNoIntercom(ILogger logger, string workspaceId);
}

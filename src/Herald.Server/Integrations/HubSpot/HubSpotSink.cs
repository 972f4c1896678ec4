using System.Text.Json.Nodes;
using Herald.Engine.Notifications;
using Herald.Server.Integrations.Intercom;
using Herald.Storage.Rows;

namespace Herald.Server.Integrations.HubSpot;

/// <summary>
/// Writes what happened to a workflow's message on the CRM record's timeline: POST /crm/v3/timeline/events with the
/// integration's <c>event_template_id</c>, the origin's <c>object_id</c> and the tokens <c>message_id</c>,
/// <c>status</c>, <c>channel</c>, <c>template</c>, <c>phone</c> and <c>error</c>. One event per status step; accepted
/// is reported as <c>queued</c>.
/// </summary>
public sealed class HubSpotSink(IHttpClientFactory http, IConfiguration config, IntegrationSecrets secrets) : IIntegrationSink
{
    private static readonly HashSet<string> Reported = ["accepted", "sent", "delivered", "read", "failed", "expired", "cancelled"];

    public string Kind => IntegrationKinds.HubSpot;

    public string? Prepare(IntegrationEvent e)
    {
        if (!Reported.Contains(e.Type) || IntercomRequest.Text(e.Origin["object_id"]) is not { } objectId)
        {
            return null;
        }
        var m = e.Message;
        var error = e.Type is "failed" or "expired" or "cancelled"
            ? string.Join(": ", new[] { m.ErrorCode, m.ErrorMessage }.Where(x => !string.IsNullOrEmpty(x)))
            : "";
        return new JsonObject
        {
            ["object_id"] = objectId,
            ["at"] = e.At,
            ["tokens"] = new JsonObject
            {
                ["message_id"] = m.Id,
                ["status"] = e.Type == "accepted" ? "queued" : e.Type,
                ["channel"] = m.Channel,
                ["template"] = m.TemplateName ?? "",
                ["phone"] = m.Phone,
                ["error"] = error,
            },
        }.ToJsonString();
    }

    public async Task<SinkResult> DeliverAsync(IntegrationRow integration, string payload, CancellationToken ct)
    {
        var token = secrets.AccessToken(integration);
        if (token is null)
        {
            return SinkResult.Permanent(null, "The HubSpot integration has no access_token; set one with PATCH /v1/integrations/{id}.");
        }
        if (IntegrationSettings.Get(integration.Settings, "event_template_id") is not { } template)
        {
            return SinkResult.Permanent(null, "The HubSpot integration has no settings.event_template_id; create a timeline event template and set its id.");
        }
        var p = JsonNode.Parse(payload) as JsonObject ?? [];
        var body = new JsonObject
        {
            ["eventTemplateId"] = template,
            ["objectId"] = IntercomRequest.Text(p["object_id"]),
            ["tokens"] = p["tokens"]?.DeepClone() ?? new JsonObject(),
        };
        if (p["at"] is JsonValue at && at.TryGetValue<long>(out var ms))
        {
            body["timestamp"] = EventPayloads.Time(ms);
        }
        var baseUrl = (config["Integrations:HubSpot:ApiBaseUrl"] ?? "https://api.hubapi.com").TrimEnd('/');
        var answer = await VendorHttp.SendAsync(http.CreateClient(IntegrationsSetup.ClientName), HttpMethod.Post,
            baseUrl + "/crm/v3/timeline/events", token, body, null, ct).ConfigureAwait(false);
        return answer.Ok ? SinkResult.Ok(answer.Status!.Value) : answer.Failure("HubSpot timeline event");
    }
}

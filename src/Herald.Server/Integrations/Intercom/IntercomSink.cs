using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Engine.Notifications;
using Herald.Storage.Rows;

namespace Herald.Server.Integrations.Intercom;

/// <summary>
/// Adds a message Herald accepted to the contact's Intercom conversation when its origin asks for
/// <c>open_conversation</c>: as an admin note on <c>conversation_id</c> when the request came from a conversation;
/// otherwise the contact (<c>contact_id</c>, else found by phone, else created with <c>user_name</c>) gets a new
/// admin-initiated conversation holding the message.
/// </summary>
public sealed class IntercomSink(IHttpClientFactory http, IConfiguration config, IntegrationSecrets secrets) : IIntegrationSink
{
    public const string ApiVersion = "2.11";

    public string Kind => IntegrationKinds.Intercom;

    public string? Prepare(IntegrationEvent e)
    {
        if (e.Type != "accepted" || e.Origin["open_conversation"]?.GetValueKind() != JsonValueKind.True)
        {
            return null;
        }
        var m = e.Message;
        return new JsonObject
        {
            ["message_id"] = m.Id,
            ["channel"] = m.Channel,
            ["phone"] = m.Phone,
            ["text"] = m.Body ?? (m.TemplateName is null ? "" : $"[template {m.TemplateName}]"),
            ["conversation_id"] = IntercomRequest.Text(e.Origin["conversation_id"]),
            ["contact_id"] = IntercomRequest.Text(e.Origin["contact_id"]),
            ["admin_id"] = IntercomRequest.Text(e.Origin["admin_id"]),
            ["user_name"] = IntercomRequest.Text(e.Origin["user_name"]),
        }.ToJsonString();
    }

    public async Task<SinkResult> DeliverAsync(IntegrationRow integration, string payload, CancellationToken ct)
    {
        var p = JsonNode.Parse(payload) as JsonObject ?? [];
        var admin = IntercomRequest.Text(p["admin_id"]) ?? IntegrationSettings.Get(integration.Settings, "default_admin_id");
        var token = secrets.AccessToken(integration);
        if (token is null)
        {
            return SinkResult.Permanent(null, "The Intercom integration has no access_token; set one with PATCH /v1/integrations/{id}.");
        }
        if (admin is null)
        {
            return SinkResult.Permanent(null, "No Intercom admin to write as: the request named none and settings.default_admin_id is not set.");
        }
        var api = new Api(http.CreateClient(IntegrationsSetup.ClientName),
            (config["Integrations:Intercom:ApiBaseUrl"] ?? "https://api.intercom.io").TrimEnd('/'), token, ct);
        var body = Html(p);
        if (IntercomRequest.Text(p["conversation_id"]) is { } conversation)
        {
            var reply = await api.PostAsync($"/conversations/{Uri.EscapeDataString(conversation)}/reply",
                new JsonObject { ["message_type"] = "note", ["type"] = "admin", ["admin_id"] = admin, ["body"] = body }).ConfigureAwait(false);
            return reply.Ok ? SinkResult.Ok(reply.Status!.Value) : reply.Failure("Intercom conversation reply");
        }
        var contact = IntercomRequest.Text(p["contact_id"]);
        if (contact is null)
        {
            var phone = IntercomRequest.Text(p["phone"]) ?? "";
            var search = await api.PostAsync("/contacts/search", new JsonObject
            {
                ["query"] = new JsonObject { ["field"] = "phone", ["operator"] = "=", ["value"] = phone },
            }).ConfigureAwait(false);
            if (!search.Ok)
            {
                return search.Failure("Intercom contact search");
            }
            contact = IntercomRequest.Text((search.Body?["data"] as JsonArray)?.FirstOrDefault()?["id"]);
            if (contact is null)
            {
                var create = new JsonObject { ["role"] = "user", ["phone"] = phone };
                if (IntercomRequest.Text(p["user_name"]) is { } name)
                {
                    create["name"] = name;
                }
                var created = await api.PostAsync("/contacts", create).ConfigureAwait(false);
                if (!created.Ok)
                {
                    return created.Failure("Intercom contact create");
                }
                contact = IntercomRequest.Text(created.Body?["id"]);
                if (contact is null)
                {
                    return SinkResult.Transient(created.Status, "Intercom created a contact but returned no id.");
                }
            }
        }
        var message = await api.PostAsync("/messages", new JsonObject
        {
            ["message_type"] = "inapp",
            ["body"] = body,
            ["from"] = new JsonObject { ["type"] = "admin", ["id"] = admin },
            ["to"] = new JsonObject { ["type"] = "user", ["id"] = contact },
            ["create_conversation_without_contact_reply"] = true,
        }).ConfigureAwait(false);
        return message.Ok ? SinkResult.Ok(message.Status!.Value) : message.Failure("Intercom admin message");
    }

    /// <summary>The note's HTML: channel, number, Herald's id and the text as sent (escaped).</summary>
    private static string Html(JsonObject p) =>
        $"<p><b>Herald · {WebUtility.HtmlEncode(IntercomRequest.Text(p["channel"]))} to {WebUtility.HtmlEncode(IntercomRequest.Text(p["phone"]))}</b> " +
        $"({WebUtility.HtmlEncode(IntercomRequest.Text(p["message_id"]))})</p><p>{WebUtility.HtmlEncode(IntercomRequest.Text(p["text"]) ?? "")}</p>";

    private sealed record Api(HttpClient Client, string Base, string Token, CancellationToken Ct)
    {
        private static readonly Dictionary<string, string> Headers = new() { ["Intercom-Version"] = ApiVersion };

        public Task<VendorHttp.Answer> PostAsync(string path, JsonNode body) =>
            VendorHttp.SendAsync(Client, HttpMethod.Post, Base + path, Token, body, Headers, Ct);
    }
}

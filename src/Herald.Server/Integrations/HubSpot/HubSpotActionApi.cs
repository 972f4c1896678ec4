using System.Text.Json.Nodes;
using Herald.Domain;
using Herald.Domain.Messages;
using Herald.Engine.Providers;
using Herald.Engine.Sending;
using Herald.Server.Api.Senders;
using Herald.Server.Infrastructure;
using Herald.Storage.Stores;

namespace Herald.Server.Integrations.HubSpot;

/// <summary>
/// The HubSpot workflow custom action "Send with Herald": POST /integrations/hubspot/{id}/actions/send. The v3
/// signature is checked over the raw bytes before anything is read (see <see cref="HubSpotSignature"/>); a missing,
/// wrong or stale signature and an unknown id answer 401 with nothing sent. The answer is HubSpot's
/// <c>{"outputFields": {…}}</c> with <c>hs_execution_state</c> SUCCESS, or FAIL_CONTINUE with <c>error_code</c> and
/// <c>error_message</c> when the input is unusable or a rule refuses the message.
/// </summary>
public static class HubSpotActionApi
{
    public static void MapHubSpotActions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/integrations/hubspot/{id}/actions/send", SendAsync).WithTags("Integrations").AllowAnonymous()
            .Produces(200).ProducesProblem(401)
            .WithSummary("HubSpot workflow custom action: send a message (X-HubSpot-Signature-v3 required)");
    }

    private static async Task<IResult> SendAsync(
        string id, HttpContext http, IntegrationStore store, IntegrationSecrets secrets, IntegrationSending sending, SendPipeline pipeline,
        SendOnce once, PublicUrls urls, TimeProvider clock)
    {
        byte[] raw;
        try
        {
            raw = await Body.RawAsync(http);
        }
        catch (BadHttpRequestException ex)
        {
            return Problems.Create(ex.StatusCode, Problems.DefaultCode(ex.StatusCode), Problems.DefaultDetail(ex.StatusCode));
        }
        var integration = await store.GetAsync(id, http.RequestAborted);
        // The URL HubSpot called: Herald:PublicUrl + path + query behind a proxy, else this request's own address.
        var uri = (urls.IsConfigured ? urls.Base! : SendersApi.RequestBase(http)) + http.Request.Path + http.Request.QueryString;
        var outcome = integration is null || integration.Kind != IntegrationKinds.HubSpot
            ? HubSpotSignature.Outcome.Invalid
            : HubSpotSignature.Check(secrets.ClientSecret(integration), http.Request.Method, uri, raw,
                http.Request.Headers[HubSpotSignature.TimestampHeader].ToString(), http.Request.Headers[HubSpotSignature.SignatureHeader].ToString(),
                clock.GetUtcNow());
        switch (outcome)
        {
            case HubSpotSignature.Outcome.Stale:
                return Problems.Create(401, "hubspot_request_stale",
                    $"{HubSpotSignature.TimestampHeader} is more than 5 minutes away from Herald's clock (or unreadable); a replayed or delayed request is refused and nothing was sent.");
            case HubSpotSignature.Outcome.Missing or HubSpotSignature.Outcome.Invalid:
                return Problems.Create(401, "hubspot_signature_invalid",
                    $"{HubSpotSignature.SignatureHeader} is missing or is not the base64 HMAC-SHA256 of method + URI + body + timestamp keyed with the app's client secret; nothing was sent.");
        }
        var inputs = HubSpotInputs.Parse(raw);
        if (inputs is null)
        {
            return Problems.Create(400, "hubspot_request_unreadable", "The body is not a workflow action execution (a JSON object); nothing was sent.");
        }
        var ws = integration!.WorkspaceId;
        if (IntegrationSettings.Get(integration.Settings, "portal_id") is { } portal
            && inputs.PortalId?.ToString(System.Globalization.CultureInfo.InvariantCulture) != portal)
        {
            return TypedResults.Json(Fail(new Reason("portal_not_connected",
                $"This integration serves HubSpot account {portal} only (settings.portal_id); nothing was sent.")));
        }
        // HubSpot may deliver an execution again (timeouts, retries): one callbackId sends at most once and gets the same answer.
        var key = inputs.CallbackId is null ? null : $"hubspot-callback:{integration.Id}:{inputs.CallbackId}";
        if (key is not null && await once.ClaimAsync(ws, key, TimeSpan.FromDays(3), http.RequestAborted) is { } seen)
        {
            return seen.State == "completed" && seen.ResponseBody is { } earlier
                ? TypedResults.Content(earlier, "application/json")
                : Problems.Create(429, "hubspot_execution_in_flight", "This callbackId is being handled right now; HubSpot will try again.");
        }
        try
        {
            var answer = await ExecuteAsync(integration, inputs, http, sending, pipeline);
            if (key is not null)
            {
                await once.CompleteAsync(ws, key, answer.ToJsonString(), CancellationToken.None);
            }
            return TypedResults.Content(answer.ToJsonString(), "application/json");
        }
        catch
        {
            if (key is not null)
            {
                await once.ReleaseAsync(ws, key);
            }
            throw;
        }
    }

    private static async Task<JsonObject> ExecuteAsync(
        Storage.Rows.IntegrationRow integration, HubSpotInputs inputs, HttpContext http, IntegrationSending sending, SendPipeline pipeline)
    {
        var ws = integration.WorkspaceId;
        if (inputs.VariablesError is { } bad)
        {
            return Fail(new Reason("variables_invalid", bad, "variables"));
        }
        var channelName = inputs.Channel ?? IntegrationSettings.Get(integration.Settings, "default_channel") ?? (inputs.Template is null ? "sms" : "whatsapp");
        if (!Wire.TryParseChannel(channelName, out var channel))
        {
            return Fail(new Reason("channel_invalid", $"'{channelName}' is not a channel; use sms, whatsapp or viber.", "channel"));
        }
        var language = inputs.Language;
        var marketing = false;
        if (inputs.Template is not null)
        {
            var approved = await sending.ApprovedAsync(ws, channel, CancellationToken.None);
            var match = approved.FirstOrDefault(t => t.Row.Name == inputs.Template && (language is null || t.Row.Language == language));
            language ??= match?.Row.Language;
            marketing = match?.Row.Category == "MARKETING";
        }
        var senders = await sending.SendersAsync(ws, CancellationToken.None);
        var (command, problem) = IntegrationSending.Command(ws, channel, IntegrationSettings.Get(integration.Settings, "default_sender"), senders,
            inputs.Phone, inputs.Template, language, inputs.Parameters, inputs.Text, Origin(integration.Id, inputs), marketing);
        if (command is null)
        {
            return Fail(problem!);
        }
        var result = await pipeline.SubmitAsync(command, CancellationToken.None); // once claimed, finish even if HubSpot hangs up
        if (result.Message is not { } m)
        {
            return Fail(result.Evaluation.Decision.Reasons[0], result.Evaluation.Decision.Reasons);
        }
        return new JsonObject
        {
            ["outputFields"] = new JsonObject { ["message_id"] = m.Id, ["status"] = m.Status, ["hs_execution_state"] = "SUCCESS" },
        };
    }

    /// <summary>The workflow goes on (FAIL_CONTINUE) and the contact's history shows why nothing was sent.</summary>
    private static JsonObject Fail(Reason first, IReadOnlyList<Reason>? all = null) => new()
    {
        ["outputFields"] = new JsonObject
        {
            ["hs_execution_state"] = "FAIL_CONTINUE",
            ["error_code"] = first.Code,
            ["error_message"] = all is { Count: > 1 } ? string.Join(" ", all.Select(r => r.Message)) : first.Message,
        },
    };

    /// <summary>messages.origin of a workflow send; the HubSpot sink writes the timeline of this object.</summary>
    public static string Origin(string integrationId, HubSpotInputs i) => new JsonObject
    {
        ["kind"] = IntegrationKinds.HubSpot,
        ["integration_id"] = integrationId,
        ["object_id"] = i.ObjectId,
        ["object_type"] = i.ObjectType,
        ["portal_id"] = i.PortalId,
        ["callback_id"] = i.CallbackId,
    }.ToJsonString();
}

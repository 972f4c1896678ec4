using System.Text;
using System.Text.Json.Nodes;
using Herald.Providers.Shared;
using Herald.Server.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Server.Integrations.Intercom;

/// <summary>
/// The Intercom inbox app (Canvas Kit): Intercom POSTs /initialize when a teammate opens the app in a conversation and
/// /submit when they press a button. Every request must carry <c>X-Body-Signature</c>, the hex HMAC-SHA256 of the raw
/// body keyed with the app's client secret; it is checked (constant-time) before the body is read, and a missing or
/// wrong signature, like an unknown integration id, is answered 401 with nothing sent.
/// </summary>
public static class IntercomCanvasApi
{
    public const string SignatureHeader = "X-Body-Signature";

    public static void MapIntercomCanvas(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/integrations/intercom").WithTags("Integrations").AllowAnonymous();
        g.MapPost("/{id}/initialize", InitializeAsync).Produces(200).ProducesProblem(401)
            .WithSummary("Intercom Canvas Kit initialize: renders the send form (X-Body-Signature required)");
        g.MapPost("/{id}/submit", SubmitAsync).Produces(200).ProducesProblem(401)
            .WithSummary("Intercom Canvas Kit submit: preview or send (X-Body-Signature required)");
    }

    private static async Task<IResult> InitializeAsync(
        string id, HttpContext http, IntegrationStore store, IntegrationSecrets secrets, IntercomForm form)
    {
        var (integration, request, problem) = await AuthenticateAsync(id, http, store, secrets);
        if (problem is not null)
        {
            return problem;
        }
        var canvas = await form.RenderAsync(integration!, request!, FormState.Initial(request!, integration!), [], http.RequestAborted);
        return TypedResults.Json(canvas);
    }

    private static async Task<IResult> SubmitAsync(
        string id, HttpContext http, IntegrationStore store, IntegrationSecrets secrets, IntercomForm form)
    {
        var (integration, request, problem) = await AuthenticateAsync(id, http, store, secrets);
        if (problem is not null)
        {
            return problem;
        }
        var canvas = request!.ComponentId == "send"
            ? await form.SendAsync(integration!, request, http.RequestAborted)
            : await form.RenderAsync(integration!, request, FormState.From(request, integration!), [], http.RequestAborted);
        return TypedResults.Json(canvas);
    }

    private static async Task<(IntegrationRow? Integration, IntercomRequest? Request, IResult? Problem)> AuthenticateAsync(
        string id, HttpContext http, IntegrationStore store, IntegrationSecrets secrets)
    {
        byte[] raw;
        try
        {
            raw = await Body.RawAsync(http);
        }
        catch (BadHttpRequestException ex)
        {
            return (null, null, Problems.Create(ex.StatusCode, Problems.DefaultCode(ex.StatusCode), Problems.DefaultDetail(ex.StatusCode)));
        }
        var integration = await store.GetAsync(id, http.RequestAborted);
        var signature = http.Request.Headers[SignatureHeader].ToString();
        // Unknown ids get the same answer as bad signatures, so the URL space reveals nothing.
        if (integration is null || integration.Kind != IntegrationKinds.Intercom
            || !Signatures.MatchesHmacSha256Hex(secrets.ClientSecret(integration), raw, signature))
        {
            return (null, null, Unauthorized());
        }
        var request = IntercomRequest.Parse(raw);
        if (request is null)
        {
            return (null, null, Problems.Create(400, "intercom_request_unreadable", "The body is not a Canvas Kit request (a JSON object); nothing was sent."));
        }
        if (IntegrationSettings.Get(integration.Settings, "intercom_workspace_id") is { } only && request.WorkspaceId != only)
        {
            return (null, null, Problems.Create(403, "intercom_workspace_not_connected",
                $"This integration serves Intercom workspace '{only}' only (settings.intercom_workspace_id); nothing was sent."));
        }
        return (integration, request, null);
    }

    private static IResult Unauthorized() => Problems.Create(401, "intercom_signature_invalid",
        $"The {SignatureHeader} header is missing or is not the hex HMAC-SHA256 of this body keyed with the app's client secret; nothing was sent.");

    /// <summary>Stored data MAC: binds issued-at to the contact with the client secret, so it cannot be moved or refreshed by hand.</summary>
    public static string StoredDataMac(string secret, string issuedAt, string contactId) =>
        Signatures.HmacSha256Hex(secret, Encoding.UTF8.GetBytes($"herald-intercom-form|{issuedAt}|{contactId}"));

    public static JsonObject StoredData(string clientSecret, IntercomRequest request, long now)
    {
        var issued = IntercomRequest.Number(now);
        return new JsonObject
        {
            ["issued_at"] = issued,
            ["contact_id"] = request.ContactId ?? "",
            ["mac"] = StoredDataMac(clientSecret, issued, request.ContactId ?? ""),
        };
    }
}

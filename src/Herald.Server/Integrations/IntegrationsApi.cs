using Herald.Domain;
using Herald.Domain.Keys;
using Herald.Engine.Providers;
using Herald.Server.Api.Senders;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Server.Integrations;

/// <summary>
/// /v1/integrations: connect an Intercom inbox app or a HubSpot app to the workspace. The client secret (checks the
/// vendor's request signatures) and the access token (calls the vendor's API) are write-only.
/// </summary>
public static class IntegrationsApi
{
    public static void MapIntegrationsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v1/integrations").WithTags("Integrations");
        g.MapPost("/", CreateAsync).RequireScope(Scopes.IntegrationsWrite).Accepts<IntegrationRequest>("application/json")
            .Produces<IntegrationView>(201).ProducesProblem(400)
            .WithSummary("Connect an Intercom inbox app or a HubSpot app; the answer lists the URLs to paste into the vendor's console");
        g.MapGet("/", ListAsync).RequireScope(Scopes.IntegrationsRead).Produces<IReadOnlyList<IntegrationView>>(200)
            .WithSummary("List the workspace's integrations");
        g.MapGet("/{id}", GetAsync).RequireScope(Scopes.IntegrationsRead).Produces<IntegrationView>(200).ProducesProblem(404)
            .WithSummary("Get one integration (never its secrets)");
        g.MapPatch("/{id}", UpdateAsync).RequireScope(Scopes.IntegrationsWrite).Accepts<IntegrationRequest>("application/json")
            .Produces<IntegrationView>(200).ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Change the name, secrets or settings (fields left out stay as they are; settings are replaced as a whole)");
        g.MapDelete("/{id}", DeleteAsync).RequireScope(Scopes.IntegrationsWrite).Produces(204).ProducesProblem(404)
            .WithSummary("Disconnect an integration: its URLs answer 401 from then on");
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, IntegrationStore store, WorkspaceStore workspaces, IntegrationSecrets secrets, PublicUrls urls, TimeProvider clock)
    {
        var (body, problem) = await Body.ReadAsync<IntegrationRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new List<Reason>();
        var kind = body!.Kind?.Trim().ToLowerInvariant();
        if (kind is not (IntegrationKinds.Intercom or IntegrationKinds.HubSpot))
        {
            errors.Add(new Reason(kind is null ? "kind_required" : "kind_invalid", "Say which app in 'kind': intercom or hubspot.", "kind"));
        }
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            errors.Add(new Reason("name_required", "Give the integration a 'name' people recognise.", "name"));
        }
        if (string.IsNullOrWhiteSpace(body.ClientSecret))
        {
            errors.Add(new Reason("client_secret_required",
                "Give the app's 'client_secret' (Intercom: Developer Hub → Basic information; HubSpot: the app's Auth page); it checks the signatures of the app's requests.",
                "client_secret"));
        }
        var settings = kind is null or not (IntegrationKinds.Intercom or IntegrationKinds.HubSpot)
            ? "{}" : IntegrationSettings.Normalize(kind, body.Settings, errors);
        await CheckSenderAsync(settings, Caller.Of(http).WorkspaceId, workspaces, errors, http.RequestAborted);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var now = clock.GetUtcNow();
        var id = HeraldId.New("itg", now);
        var row = new IntegrationRow
        {
            Id = id, WorkspaceId = Caller.Of(http).WorkspaceId, Kind = kind!, Name = body.Name!.Trim(),
            ClientSecret = secrets.Protect(id, body.ClientSecret!.Trim()),
            AccessToken = Blank(body.AccessToken) is { } token ? secrets.Protect(id, token) : null, Settings = settings!,
            CreatedAt = now.ToUnixTimeMilliseconds(), UpdatedAt = now.ToUnixTimeMilliseconds(),
        };
        await store.InsertAsync(row, http.RequestAborted);
        return TypedResults.Created($"/v1/integrations/{row.Id}", IntegrationView.From(row, Base(http, urls)));
    }

    private static async Task<IResult> ListAsync(HttpContext http, IntegrationStore store, PublicUrls urls)
    {
        var rows = await store.ListAsync(Caller.Of(http).WorkspaceId, null, http.RequestAborted);
        return TypedResults.Ok(rows.Select(r => IntegrationView.From(r, Base(http, urls))).ToList());
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, IntegrationStore store, PublicUrls urls)
    {
        var row = await store.GetAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted);
        return row is null ? Problems.NotFound("integration", id) : TypedResults.Ok(IntegrationView.From(row, Base(http, urls)));
    }

    private static async Task<IResult> UpdateAsync(
        string id, HttpContext http, IntegrationStore store, WorkspaceStore workspaces, IntegrationSecrets secrets, PublicUrls urls,
        TimeProvider clock)
    {
        var row = await store.GetAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted);
        if (row is null)
        {
            return Problems.NotFound("integration", id);
        }
        var (body, problem) = await Body.ReadAsync<IntegrationRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new List<Reason>();
        if (body!.Kind is not null && !string.Equals(body.Kind.Trim(), row.Kind, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new Reason("kind_immutable", "An integration's 'kind' cannot change; create a new one instead.", "kind"));
        }
        if (body.Name is not null && string.IsNullOrWhiteSpace(body.Name))
        {
            errors.Add(new Reason("name_required", "'name' cannot be empty.", "name"));
        }
        if (body.ClientSecret is not null && string.IsNullOrWhiteSpace(body.ClientSecret))
        {
            errors.Add(new Reason("client_secret_required", "'client_secret' cannot be empty.", "client_secret"));
        }
        var settings = body.Settings is null ? row.Settings : IntegrationSettings.Normalize(row.Kind, body.Settings, errors);
        await CheckSenderAsync(settings, row.WorkspaceId, workspaces, errors, http.RequestAborted);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        row.Name = body.Name?.Trim() ?? row.Name;
        row.ClientSecret = body.ClientSecret is null ? row.ClientSecret : secrets.Protect(row.Id, body.ClientSecret.Trim());
        row.AccessToken = body.AccessToken is null ? row.AccessToken
            : Blank(body.AccessToken) is { } token ? secrets.Protect(row.Id, token) : null;
        row.Settings = settings!;
        row.UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await store.UpdateAsync(row, http.RequestAborted)
            ? TypedResults.Ok(IntegrationView.From(row, Base(http, urls)))
            : Problems.NotFound("integration", id);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, IntegrationStore store) =>
        await store.DeleteAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted)
            ? TypedResults.NoContent()
            : Problems.NotFound("integration", id);

    /// <summary>A default sender must be one of this workspace's senders.</summary>
    private static async Task CheckSenderAsync(string? settings, string workspaceId, WorkspaceStore workspaces, List<Reason> errors, CancellationToken ct)
    {
        if (settings is not null && IntegrationSettings.Get(settings, "default_sender") is { } sender
            && !(await workspaces.SendersAsync(workspaceId, ct)).Any(s => s.Id == sender))
        {
            errors.Add(new Reason("setting_invalid",
                $"'settings.default_sender': sender '{sender}' does not exist in this workspace; list your senders with GET /v1/senders.",
                "settings.default_sender"));
        }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Base(HttpContext http, PublicUrls urls) => urls.IsConfigured ? urls.Base! : SendersApi.RequestBase(http);
}

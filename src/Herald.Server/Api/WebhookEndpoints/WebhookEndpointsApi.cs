using Herald.Domain;
using Herald.Domain.Keys;
using Herald.Engine.Notifications;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;
using Herald.Storage.Stores;

namespace Herald.Server.Api.WebhookEndpoints;

/// <summary>
/// POST/GET /v1/webhook-endpoints · GET/PATCH/DELETE /v1/webhook-endpoints/{id} · POST /{id}/rotate-secret ·
/// GET /{id}/deliveries · GET /{id}/deliveries/{deliveryId} · POST /{id}/deliveries/{deliveryId}/replay
/// </summary>
public static class WebhookEndpointsApi
{
    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v1/webhook-endpoints").WithTags("Webhook endpoints");
        g.MapPost("/", CreateAsync).RequireScope(Scopes.WebhooksWrite).WithMetadata(new IdempotentAttribute())
            .Accepts<CreateWebhookEndpointRequest>("application/json").Produces<WebhookEndpointView>(201).ProducesProblem(400)
            .WithSummary("Create an endpoint that receives signed events (Standard Webhooks); its secret is shown once, in 'secret'");
        g.MapGet("/", ListAsync).RequireScope(Scopes.WebhooksRead).Produces<IReadOnlyList<WebhookEndpointView>>(200).WithSummary("List endpoints");
        g.MapGet("/{id}", GetAsync).RequireScope(Scopes.WebhooksRead).Produces<WebhookEndpointView>(200).ProducesProblem(404).WithSummary("Get an endpoint");
        g.MapPatch("/{id}", UpdateAsync).RequireScope(Scopes.WebhooksWrite).Accepts<UpdateWebhookEndpointRequest>("application/json")
            .Produces<WebhookEndpointView>(200).ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Change the URL, events or description; 'enabled': true turns a disabled endpoint back on");
        g.MapDelete("/{id}", DeleteAsync).RequireScope(Scopes.WebhooksWrite).Produces(204).ProducesProblem(404).WithSummary("Delete an endpoint and its deliveries");
        g.MapPost("/{id}/rotate-secret", RotateAsync).RequireScope(Scopes.WebhooksWrite).WithMetadata(new IdempotentAttribute())
            .Accepts<RotateWebhookSecretRequest>("application/json").Produces<WebhookEndpointView>(200).ProducesProblem(404)
            .WithSummary("New secret (shown once); the old one keeps signing beside it for 'overlap_seconds' (default 24 h)");
        g.MapGet("/{id}/deliveries", DeliveriesAsync).RequireScope(Scopes.WebhooksRead).Produces<WebhookDeliveryPage>(200).ProducesProblem(404)
            .WithSummary("Deliveries to this endpoint, newest first; filter with status=pending|delivered|failed");
        g.MapGet("/{id}/deliveries/{deliveryId}", DeliveryAsync).RequireScope(Scopes.WebhooksRead).Produces<WebhookDeliveryView>(200).ProducesProblem(404)
            .WithSummary("One delivery with its payload and every attempt");
        g.MapPost("/{id}/deliveries/{deliveryId}/replay", ReplayAsync).RequireScope(Scopes.WebhooksWrite)
            .Produces<WebhookDeliveryView>(202).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Send a delivery again now (same webhook-id), restarting its retry schedule");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, WebhookEndpointService service, TimeProvider clock)
    {
        var (body, problem) = await Body.ReadAsync<CreateWebhookEndpointRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var (row, secret, errors) = await service.CreateAsync(Caller.Of(http).WorkspaceId, body!.Url, body.Events, body.Description, http.RequestAborted);
        return errors.Count > 0
            ? Problems.Validation(errors)
            : TypedResults.Created($"/v1/webhook-endpoints/{row!.Id}", WebhookEndpointView.From(row, Now(clock), secret));
    }

    private static async Task<IResult> ListAsync(HttpContext http, WebhookStore store, TimeProvider clock) =>
        TypedResults.Ok((await store.ListEndpointsAsync(Caller.Of(http).WorkspaceId, http.RequestAborted)).Select(e => WebhookEndpointView.From(e, Now(clock))).ToList());

    private static async Task<IResult> GetAsync(string id, HttpContext http, WebhookStore store, TimeProvider clock) =>
        await store.GetEndpointAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted) is { } e
            ? TypedResults.Ok(WebhookEndpointView.From(e, Now(clock)))
            : Problems.NotFound("webhook endpoint", id);

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, WebhookStore store, WebhookEndpointService service, TimeProvider clock)
    {
        var (body, problem) = await Body.ReadAsync<UpdateWebhookEndpointRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        if (await store.GetEndpointAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted) is not { } row)
        {
            return Problems.NotFound("webhook endpoint", id);
        }
        var errors = await service.UpdateAsync(row, body!.Url, body.Events, body.Description, body.Enabled, http.RequestAborted);
        return errors.Count > 0 ? Problems.Validation(errors) : TypedResults.Ok(WebhookEndpointView.From(row, Now(clock)));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, WebhookStore store) =>
        await store.DeleteEndpointAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted)
            ? TypedResults.NoContent()
            : Problems.NotFound("webhook endpoint", id);

    private static async Task<IResult> RotateAsync(string id, HttpContext http, WebhookStore store, WebhookEndpointService service, TimeProvider clock)
    {
        // No body at all (with or without a Content-Type) means the defaults.
        var (body, problem) = http.Request.ContentLength is 0 || (http.Request.ContentLength is null && !http.Request.Headers.ContentType.Any())
            ? (new RotateWebhookSecretRequest(null), null)
            : await Body.ReadAsync<RotateWebhookSecretRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        if (await store.GetEndpointAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted) is not { } row)
        {
            return Problems.NotFound("webhook endpoint", id);
        }
        var overlap = body!.OverlapSeconds is { } s ? TimeSpan.FromSeconds(Math.Clamp(s, -1, 10_000_000)) : (TimeSpan?)null;
        var (secret, error) = await service.RotateAsync(row, overlap, http.RequestAborted);
        return error is not null ? Problems.Validation([error]) : TypedResults.Ok(WebhookEndpointView.From(row, Now(clock), secret));
    }

    private static async Task<IResult> DeliveriesAsync(string id, HttpContext http, WebhookStore store)
    {
        var ws = Caller.Of(http).WorkspaceId;
        if (await store.GetEndpointAsync(ws, id, http.RequestAborted) is null)
        {
            return Problems.NotFound("webhook endpoint", id);
        }
        var (status, before, limit, errors) = DeliveryQuery.Parse(http.Request.Query);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var rows = await store.ListDeliveriesAsync(ws, id, status, before, limit + 1, http.RequestAborted);
        var page = rows.Take(limit).Select(d => WebhookDeliveryView.From(d)).ToList();
        return TypedResults.Ok(new WebhookDeliveryPage(page, rows.Count > limit ? Cursor.Encode(page[^1].Id) : null));
    }

    private static async Task<IResult> DeliveryAsync(string id, string deliveryId, HttpContext http, WebhookStore store) =>
        await store.GetDeliveryAsync(Caller.Of(http).WorkspaceId, id, deliveryId, http.RequestAborted) is { } d
            ? TypedResults.Ok(WebhookDeliveryView.From(d, await store.AttemptsAsync(d.Id, http.RequestAborted)))
            : Problems.NotFound("webhook delivery", deliveryId);

    private static async Task<IResult> ReplayAsync(string id, string deliveryId, HttpContext http, WebhookStore store, NotificationSignal signal, TimeProvider clock)
    {
        var ws = Caller.Of(http).WorkspaceId;
        if (await store.GetDeliveryAsync(ws, id, deliveryId, http.RequestAborted) is null)
        {
            return Problems.NotFound("webhook delivery", deliveryId);
        }
        if (!await store.ReplayAsync(ws, id, deliveryId, Now(clock), http.RequestAborted))
        {
            return Problems.Create(409, "delivery_in_progress", "This delivery is being attempted right now; look at it again in a few seconds and replay it if it failed.");
        }
        signal.Wake();
        var d = await store.GetDeliveryAsync(ws, id, deliveryId, http.RequestAborted);
        return TypedResults.Accepted($"/v1/webhook-endpoints/{id}/deliveries/{deliveryId}", WebhookDeliveryView.From(d!));
    }

    private static long Now(TimeProvider clock) => clock.GetUtcNow().ToUnixTimeMilliseconds();
}

/// <summary>Query of GET /v1/webhook-endpoints/{id}/deliveries: status, limit (1-200, default 50), cursor.</summary>
public static class DeliveryQuery
{
    private static readonly string[] Statuses = ["pending", "delivered", "failed"];

    public static (string? Status, string? Before, int Limit, IReadOnlyList<Reason> Errors) Parse(IQueryCollection q)
    {
        var errors = new List<Reason>();
        string? status = q.TryGetValue("status", out var s) && !string.IsNullOrWhiteSpace(s) ? s.ToString() : null;
        if (status is not null && !Statuses.Contains(status))
        {
            errors.Add(new Reason("invalid_query", "'status' must be pending, delivered or failed.", "status"));
        }
        var limit = 50;
        if (q.TryGetValue("limit", out var l) && (!int.TryParse(l, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 200))
        {
            errors.Add(new Reason("invalid_query", "'limit' must be a number from 1 to 200.", "limit"));
        }
        string? before = null;
        if (q.TryGetValue("cursor", out var c) && !string.IsNullOrWhiteSpace(c) && !Cursor.TryDecode(c.ToString(), out before))
        {
            errors.Add(new Reason("invalid_cursor", "'cursor' is not one Herald gave out; pass next_cursor from the previous page unchanged.", "cursor"));
        }
        return (status, before, limit, errors);
    }
}

using Herald.Domain;
using Herald.Domain.Keys;
using Herald.Engine.Broadcasts;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Server.Api.Broadcasts;

public static partial class BroadcastsApi
{
    private static void MapRun(RouteGroupBuilder g)
    {
        g.MapPost("/{id}/start", StartAsync).RequireScope(Scopes.BroadcastsWrite).Produces<BroadcastView>(200).ProducesProblem(404)
            .ProducesProblem(409).ProducesProblem(422).WithSummary("Start a draft now, or at 'send_at' (body optional: {\"send_at\": …})");
        g.MapPost("/{id}/pause", (string id, HttpContext http, BroadcastStore store, BroadcastService s) =>
                ControlAsync(id, http, store, s, (b, ct) => s.PauseAsync(b, ct)))
            .RequireScope(Scopes.BroadcastsWrite).Produces<BroadcastView>(200).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Pause: no new message of it is handed to a provider until it is resumed");
        g.MapPost("/{id}/resume", (string id, HttpContext http, BroadcastStore store, BroadcastService s) =>
                ControlAsync(id, http, store, s, (b, ct) => s.ResumeAsync(b, ct)))
            .RequireScope(Scopes.BroadcastsWrite).Produces<BroadcastView>(200).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422)
            .WithSummary("Resume a paused broadcast");
        g.MapPost("/{id}/cancel", (string id, HttpContext http, BroadcastStore store, BroadcastService s) =>
                ControlAsync(id, http, store, s, (b, ct) => s.CancelAsync(b, ct)))
            .RequireScope(Scopes.BroadcastsWrite).Produces<BroadcastView>(200).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Cancel everything not yet handed to a provider");
        g.MapPost("/{id}/retry", RetryAsync).RequireScope(Scopes.BroadcastsWrite).Produces<RetryView>(200).ProducesProblem(404)
            .ProducesProblem(409).WithSummary("Send again to recipients whose message failed for a transient reason or expired");
    }

    private static async Task<IResult> StartAsync(string id, HttpContext http, BroadcastStore store, BroadcastService service)
    {
        StartRequest? body = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            var (parsed, problem) = await Body.ReadAsync<StartRequest>(http);
            if (problem is not null)
            {
                return problem;
            }
            body = parsed;
        }
        var (b, notFound) = await LoadAsync(id, http, store);
        if (b is null)
        {
            return notFound!;
        }
        var (started, error) = await service.StartAsync(b, body?.SendAt, http.RequestAborted);
        return Answer(started, error);
    }

    private static async Task<IResult> ControlAsync(
        string id, HttpContext http, BroadcastStore store, BroadcastService service,
        Func<BroadcastRow, CancellationToken, Task<(BroadcastRow? Broadcast, Reason? Error)>> action)
    {
        var (b, notFound) = await LoadAsync(id, http, store);
        if (b is null)
        {
            return notFound!;
        }
        var (changed, error) = await action(b, http.RequestAborted);
        return Answer(changed, error);
    }

    private static async Task<IResult> RetryAsync(string id, HttpContext http, BroadcastStore store, BroadcastService service)
    {
        var (b, notFound) = await LoadAsync(id, http, store);
        if (b is null)
        {
            return notFound!;
        }
        var (n, error) = await service.RetryAsync(b, http.RequestAborted);
        if (error is not null)
        {
            return Problems.Create(409, error.Code, error.Message);
        }
        var now = await store.GetAsync(b.WorkspaceId, b.Id, http.RequestAborted) ?? b;
        return TypedResults.Ok(new RetryView(n, BroadcastView.From(now, await service.ProgressAsync(now, http.RequestAborted))));
    }

    /// <summary>A state conflict is 409; a rule (template not approved, no audience) is 422 like other refusals.</summary>
    private static IResult Answer(BroadcastRow? b, Reason? error)
    {
        if (error is not null)
        {
            return error.Code is "template_not_approved" or "audience_missing" or "audience_empty" or "send_at_too_far"
                ? Problems.Refused([error])
                : Problems.Create(409, error.Code, error.Message);
        }
        return TypedResults.Ok(BroadcastView.From(b!));
    }
}

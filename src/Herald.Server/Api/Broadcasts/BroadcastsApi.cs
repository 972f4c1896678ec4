using Herald.Domain;
using Herald.Domain.Keys;
using Herald.Engine.Broadcasts;
using Herald.Server.Api.Templates;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Server.Api.Broadcasts;

/// <summary>
/// POST|GET /v1/broadcasts · GET|PATCH|DELETE /v1/broadcasts/{id} · PUT …/audience · GET …/preview ·
/// POST …/start|pause|resume|cancel|retry · GET …/recipients · GET …/recipients.csv
/// </summary>
public static partial class BroadcastsApi
{
    public static void MapBroadcasts(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v1/broadcasts").WithTags("Broadcasts");
        g.MapPost("/", CreateAsync).RequireScope(Scopes.BroadcastsWrite).WithMetadata(new IdempotentAttribute())
            .Accepts<BroadcastRequest>("application/json").Produces<BroadcastView>(201).ProducesProblem(400)
            .WithSummary("Create a draft broadcast (content, senders, pacing; an audience of saved contacts, or a CSV later)");
        g.MapGet("/", ListAsync).RequireScope(Scopes.BroadcastsRead).Produces<BroadcastPage>(200).WithSummary("List broadcasts, newest first");
        g.MapGet("/{id}", GetAsync).RequireScope(Scopes.BroadcastsRead).Produces<BroadcastView>(200).ProducesProblem(404)
            .WithSummary("Get a broadcast with its progress (counts per status, rate, ETA)");
        g.MapPatch("/{id}", UpdateAsync).RequireScope(Scopes.BroadcastsWrite).Accepts<BroadcastRequest>("application/json")
            .Produces<BroadcastView>(200).ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).WithSummary("Change a draft");
        g.MapDelete("/{id}", DeleteAsync).RequireScope(Scopes.BroadcastsWrite).Produces(204).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Delete a draft");
        MapAudience(g);
        MapRun(g);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, BroadcastService service)
    {
        var (body, problem) = await Body.ReadAsync<BroadcastRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var (input, errors) = BroadcastRequestParser.Parse(body!);
        if (input is null)
        {
            return Problems.Validation(errors);
        }
        var (b, refused) = await service.CreateAsync(Caller.Of(http).WorkspaceId, input, http.RequestAborted);
        return b is null ? Problems.Validation(refused) : TypedResults.Created($"/v1/broadcasts/{b.Id}", BroadcastView.From(b));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext http, BroadcastStore store, BroadcastService service)
    {
        var (body, problem) = await Body.ReadAsync<BroadcastRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        if (await store.GetAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted) is not { } existing)
        {
            return Problems.NotFound("broadcast", id);
        }
        var (input, errors) = BroadcastRequestParser.Parse(body!);
        if (input is null)
        {
            return Problems.Validation(errors);
        }
        var (b, refused) = await service.UpdateAsync(existing, input, http.RequestAborted);
        return b is not null ? TypedResults.Ok(BroadcastView.From(b))
            : refused[0].Code == "broadcast_not_draft" ? Conflict(refused[0]) : Problems.Validation(refused);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, BroadcastStore store, BroadcastService service)
    {
        if (await store.GetAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted) is not { } b)
        {
            return Problems.NotFound("broadcast", id);
        }
        return TypedResults.Ok(BroadcastView.From(b, await service.ProgressAsync(b, http.RequestAborted)));
    }

    private static async Task<IResult> ListAsync(HttpContext http, BroadcastStore store)
    {
        var (after, limit, errors) = Paging.Parse(http.Request.Query);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var state = http.Request.Query.TryGetValue("state", out var s) && !string.IsNullOrEmpty(s) ? s.ToString() : null;
        var rows = await store.ListAsync(Caller.Of(http).WorkspaceId, after, state, limit + 1, http.RequestAborted);
        var page = rows.Take(limit).Select(b => BroadcastView.From(b)).ToList();
        return TypedResults.Ok(new BroadcastPage(page, rows.Count > limit ? Cursor.Encode(page[^1].Id) : null));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, BroadcastStore store)
    {
        var ws = Caller.Of(http).WorkspaceId;
        if (await store.GetAsync(ws, id, http.RequestAborted) is not { } b)
        {
            return Problems.NotFound("broadcast", id);
        }
        return await store.DeleteDraftAsync(ws, id, http.RequestAborted)
            ? TypedResults.NoContent()
            : Conflict(new Reason("broadcast_not_draft", $"Broadcast {id} is {b.State}; only a draft can be deleted. Cancel it instead."));
    }

    private static IResult Conflict(Reason r) => Problems.Create(409, r.Code, r.Message);

    /// <summary>Loads the caller's broadcast, or answers 404.</summary>
    private static async Task<(BroadcastRow? Broadcast, IResult? NotFound)> LoadAsync(string id, HttpContext http, BroadcastStore store)
    {
        var b = await store.GetAsync(Caller.Of(http).WorkspaceId, id, http.RequestAborted);
        return b is null ? (null, Problems.NotFound("broadcast", id)) : (b, null);
    }
}

using Herald.Domain.Keys;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Server.Api.Senders;

public sealed record SenderView(string Id, string Channel, string Provider, string Name, string Address, bool IsDefault, double RatePerSecond, bool RatePerSegment)
{
    public static SenderView From(SenderRow s) => new(s.Id, s.Channel, s.Provider, s.Name, s.Address, s.IsDefault == 1, s.RatePerSecond, s.PerSegment == 1);
}

/// <summary>GET /v1/senders · GET /v1/senders/{id} (credentials are never returned)</summary>
public static class SendersApi
{
    public static void MapSenders(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v1/senders").WithTags("Senders");
        g.MapGet("/", async (HttpContext http, WorkspaceStore store) =>
                TypedResults.Ok((await store.SendersAsync(Caller.Of(http).WorkspaceId, http.RequestAborted)).Select(SenderView.From).ToList()))
            .RequireScope(Scopes.SendersRead).Produces<List<SenderView>>(200).WithSummary("List the workspace's senders");
        g.MapGet("/{id}", async (string id, HttpContext http, WorkspaceStore store) =>
                (await store.SendersAsync(Caller.Of(http).WorkspaceId, http.RequestAborted)).FirstOrDefault(s => s.Id == id) is { } s
                    ? (IResult)TypedResults.Ok(SenderView.From(s))
                    : Problems.NotFound("sender", id))
            .RequireScope(Scopes.SendersRead).Produces<SenderView>(200).ProducesProblem(404).WithSummary("Get a sender");
    }
}

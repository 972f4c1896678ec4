using Herald.Domain.Keys;
using Herald.Server.Auth;
using Herald.Storage.Infrastructure;

namespace Herald.Server.Api;

/// <summary>GET /v1/ping (authenticated no-op, the benchmark's baseline) · GET /health/live · GET /health/ready</summary>
public static class SystemApi
{
    public static void MapSystem(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/ping", (HttpContext http) => TypedResults.Ok(new { ok = true, workspace = Caller.Of(http).WorkspaceId }))
            .RequireScope(Scopes.MessagesRead).WithTags("System").WithSummary("Check that a key works (does nothing else)");
        app.MapGet("/health/live", () => TypedResults.Ok(new { status = "live" })).WithTags("System").ExcludeFromDescription();
        app.MapGet("/health/ready", async (Database db, CancellationToken ct) =>
        {
            await using var c = await db.OpenAsync(ct);
            return TypedResults.Ok(new { status = "ready", storage = db.Engine.ToString().ToLowerInvariant() });
        }).WithTags("System").ExcludeFromDescription();
    }
}

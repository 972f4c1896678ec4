using System.Security.Claims;
using Herald.Server.Infrastructure;

namespace Herald.Server.Auth;

/// <summary>Who is calling: the workspace every query is scoped to, and what the key may do.</summary>
public sealed record Caller(string WorkspaceId, string KeyId, IReadOnlyList<string> Scopes)
{
    public const string WorkspaceClaim = "herald:workspace";
    public const string SenderClaim = "herald:sender";

    /// <summary>Set for a channel key: the one sender it may send from. Null for a workspace key.</summary>
    public string? SenderId { get; init; }

    public const string KeyClaim = "herald:key";
    public const string ScopeClaim = "herald:scope";

    public static Caller Of(HttpContext http) => From(http.User)
        ?? throw new InvalidOperationException("endpoint reached without RequireScope");

    public static Caller? From(ClaimsPrincipal user) =>
        user.FindFirstValue(WorkspaceClaim) is { } ws
            ? new Caller(ws, user.FindFirstValue(KeyClaim)!, [.. user.FindAll(ScopeClaim).Select(c => c.Value)])
            {
                SenderId = user.FindFirstValue(SenderClaim),
            }
            : null;
}

public static class ScopeFilter
{
    /// <summary>Requires a valid API key holding <paramref name="scope"/>: 401 without a valid key, 403 without the scope.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (ctx, next) =>
        {
            var http = ctx.HttpContext;
            var caller = Caller.From(http.User);
            if (caller is null)
            {
                var auth = http.Request.Headers.Authorization.ToString();
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Problems.Create(401, "unauthorized", string.IsNullOrEmpty(auth)
                    ? "Send your API key in the header 'Authorization: Bearer <key>'."
                    : "The API key is unknown, revoked or expired, or the header is not 'Authorization: Bearer <key>'; check the key or create a new one.");
            }
            if (!Herald.Domain.Keys.Scopes.Grants(caller.Scopes, scope))
            {
                return Problems.Create(403, "insufficient_scope",
                    $"This API key lacks the '{scope}' scope; use a key that has it or create one with POST /v1/api-keys.",
                    new Dictionary<string, object?> { ["required_scope"] = scope });
            }
            return await next(ctx).ConfigureAwait(false);
        });
}

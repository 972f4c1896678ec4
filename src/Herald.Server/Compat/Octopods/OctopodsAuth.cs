using System.Globalization;
using Herald.Server.Auth;

namespace Herald.Server.Compat.Octopods;

/// <summary>
/// <c>X-Octopods-Auth: &lt;key&gt;</c> (no Bearer): the per-key rate limit first, then the key. Unknown or missing key: 401;
/// a revoked or expired (rotated) key: 400 DEPRECATED_API_KEY, as Octopods answers; a key without the scope: 403.
/// </summary>
public static class OctopodsAuth
{
    public const string Header = "X-Octopods-Auth";

    public static TBuilder RequireOctopodsKey<TBuilder>(this TBuilder builder, OctopodsFamily family, string scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (ctx, next) =>
        {
            var http = ctx.HttpContext;
            OctopodsErrors.RequestId(http);
            var presented = http.Request.Headers[Header].ToString().Trim();
            var limiter = http.RequestServices.GetRequiredService<OctopodsRateLimiter>();
            if (limiter.Refuse(presented) is { } wait)
            {
                http.Response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
                return OctopodsErrors.Status(http, 429, $"Too many requests: {limiter.Describe()}. Retry after {wait} s.");
            }
            if (presented.Length == 0)
            {
                return OctopodsErrors.Status(http, 401, $"Send your API key in the header '{Header}: <key>'.");
            }
            var key = await http.RequestServices.GetRequiredService<ApiKeyCache>().FindAsync(presented, http.RequestAborted).ConfigureAwait(false);
            if (key is null)
            {
                return OctopodsErrors.Status(http, 401, "The API key is unknown; check the key or create one with POST /v1/api-keys.");
            }
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();
            if ((key.RevokedAt is { } r && r <= now) || (key.ExpiresAt is { } e && e <= now))
            {
                return OctopodsErrors.Error(http, family, OctopodsErrors.DeprecatedApiKey,
                    "Deprecated API key: this key was rotated, revoked or has expired; use the current key.");
            }
            http.User = ApiKeyAuthenticationHandler.PrincipalFor(key);
            if (!Herald.Domain.Keys.Scopes.Grants(Caller.Of(http).Scopes, scope))
            {
                return OctopodsErrors.Status(http, 403, $"This API key lacks the '{scope}' scope; use a key that has it.");
            }
            return await next(ctx).ConfigureAwait(false);
        });
}

using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Herald.Domain.Keys;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Herald.Server.Auth;

/// <summary>Looks keys up by their SHA-256 hash (only hashes are stored), briefly cached; revocation clears the cache at once.</summary>
public sealed class ApiKeyCache(WorkspaceStore store, TimeProvider clock)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, ApiKeyRow? Key)> _cache = new(StringComparer.Ordinal);

    public async Task<ApiKeyRow?> FindAsync(string presented, CancellationToken ct)
    {
        var hash = ApiKeyToken.Hash(presented);
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(hash, out var hit) && now - hit.At < Ttl)
        {
            return hit.Key;
        }
        var key = await store.KeyByHashAsync(hash, ct).ConfigureAwait(false);
        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }
        _cache[hash] = (now, key);
        return key;
    }

    public void Clear() => _cache.Clear();
}

/// <summary><c>Authorization: Bearer &lt;key&gt;</c>: the key's workspace and scopes become the caller's claims.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache keys, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <API key>'.");
        }
        var presented = header["Bearer ".Length..].Trim();
        var key = await keys.FindAsync(presented, Context.RequestAborted).ConfigureAwait(false);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (key is null || (key.RevokedAt is { } r && r <= now) || (key.ExpiresAt is { } e && e <= now))
        {
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");
        }
        return AuthenticateResult.Success(new AuthenticationTicket(PrincipalFor(key), SchemeName));
    }

    /// <summary>The caller's claims for a valid key: workspace, key, scopes and, for a channel key, its one sender.</summary>
    public static ClaimsPrincipal PrincipalFor(ApiKeyRow key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var claims = new List<Claim>
        {
            new(Caller.WorkspaceClaim, key.WorkspaceId),
            new(Caller.KeyClaim, key.Id),
        };
        if (key.SenderId is { Length: > 0 } sender)
        {
            claims.Add(new Claim(Caller.SenderClaim, sender));
        }
        claims.AddRange(key.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => new Claim(Caller.ScopeClaim, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
    }
}

using Herald.Domain;
using Herald.Domain.Keys;
using Herald.Server.Api.Messages;
using Herald.Server.Auth;
using Herald.Server.Infrastructure;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Server.Api.Keys;

/// <summary>The body of POST /v1/api-keys; <c>sender_id</c> makes a channel key that sends only from that sender.</summary>
public sealed record CreateKeyRequest(string? Name, IReadOnlyList<string>? Scopes, DateTimeOffset? ExpiresAt, string? SenderId = null);

public sealed record RotateKeyRequest(int? OverlapSeconds);

public sealed record ApiKeyView(
    string Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt, string? Key = null, string? SenderId = null)
{
    public static ApiKeyView From(ApiKeyRow k, string? secret = null) => new(
        k.Id, k.Name, k.DisplayPrefix, k.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        DateTimeOffset.FromUnixTimeMilliseconds(k.CreatedAt), MessageView.Time(k.ExpiresAt), MessageView.Time(k.RevokedAt), secret, k.SenderId);

}

/// <summary>POST /v1/api-keys · GET /v1/api-keys · POST /v1/api-keys/{id}/rotate · DELETE /v1/api-keys/{id} (revoke)</summary>
public static class ApiKeysApi
{
    public static void MapApiKeys(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/v1/api-keys").WithTags("API keys");
        g.MapPost("/", CreateAsync).RequireScope(Scopes.KeysManage).WithMetadata(new IdempotentAttribute())
            .Accepts<CreateKeyRequest>("application/json").Produces<ApiKeyView>(201).ProducesProblem(400)
            .WithSummary("Create an API key (its value is shown once, in 'key')");
        g.MapGet("/", ListAsync).RequireScope(Scopes.KeysManage).Produces<IReadOnlyList<ApiKeyView>>(200).WithSummary("List API keys (never their values)");
        g.MapPost("/{id}/rotate", RotateAsync).RequireScope(Scopes.KeysManage).WithMetadata(new IdempotentAttribute())
            .Accepts<RotateKeyRequest>("application/json").Produces<ApiKeyView>(201).ProducesProblem(404)
            .WithSummary("Replace a key: a new key with the same scopes; the old one keeps working for 'overlap_seconds' (default 24 h)");
        g.MapDelete("/{id}", RevokeAsync).RequireScope(Scopes.KeysManage).Produces<ApiKeyView>(200).ProducesProblem(404)
            .WithSummary("Revoke a key at once");
    }

    private static async Task<IResult> CreateAsync(HttpContext http, WorkspaceStore store, TimeProvider clock)
    {
        var (body, problem) = await Body.ReadAsync<CreateKeyRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        var errors = new List<Reason>();
        if (string.IsNullOrWhiteSpace(body!.Name))
        {
            errors.Add(new Reason("name_required", "Give the key a 'name' that says who uses it.", "name"));
        }
        var scopes = body.Scopes ?? [];
        if (scopes.Count == 0)
        {
            errors.Add(new Reason("scopes_required", $"List the key's 'scopes'; known scopes: {string.Join(", ", Scopes.Known)}.", "scopes"));
        }
        foreach (var s in scopes.Where(s => !Scopes.Known.Contains(s)))
        {
            errors.Add(new Reason("scope_unknown", $"'{s}' is not a scope; known scopes: {string.Join(", ", Scopes.Known)}.", "scopes"));
        }
        var now = clock.GetUtcNow();
        if (body.ExpiresAt is { } exp && exp <= now)
        {
            errors.Add(new Reason("expires_at_in_past", "'expires_at' must be in the future.", "expires_at"));
        }
        var caller = Caller.Of(http);
        var senderId = string.IsNullOrWhiteSpace(body.SenderId) ? null : body.SenderId.Trim();
        if (senderId is not null && !(await store.SendersAsync(caller.WorkspaceId, http.RequestAborted)).Any(s => s.Id == senderId))
        {
            errors.Add(new Reason("sender_not_found",
                $"Sender '{senderId}' does not exist in this workspace; list your senders with GET /v1/senders.", "sender_id"));
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (Beyond(caller, scopes) is { } refused)
        {
            return refused;
        }
        if (caller.SenderId is not null && senderId != caller.SenderId)
        {
            // Otherwise a channel key could escape its sender by minting a workspace key.
            return Problems.Create(403, "sender_not_allowed",
                $"This channel key may only create keys for its own sender; pass \"sender_id\": \"{caller.SenderId}\" or use a workspace key.");
        }
        var (row, secret) = NewKey(caller.WorkspaceId, body.Name!.Trim(), string.Join(' ', scopes.Distinct()), body.ExpiresAt, now, senderId);
        await store.InsertKeyAsync(row, http.RequestAborted);
        return TypedResults.Created($"/v1/api-keys/{row.Id}", ApiKeyView.From(row, secret));
    }

    /// <summary>A key may only hand out what it holds itself, so a keys:manage key cannot mint an all-powerful one.</summary>
    private static ProblemHttpResult? Beyond(Caller caller, IEnumerable<string> scopes)
    {
        var missing = scopes.Distinct().Where(s => !Scopes.Grants(caller.Scopes, s)).ToList();
        return missing.Count == 0 ? null : Problems.Create(403, "insufficient_scope",
            $"This API key cannot grant scopes it does not hold itself ({string.Join(", ", missing)}); use a key that has them.",
            new Dictionary<string, object?> { ["required_scope"] = missing[0] });
    }

    private static (ApiKeyRow Row, string Secret) NewKey(
        string workspaceId, string name, string scopes, DateTimeOffset? expires, DateTimeOffset now, string? senderId)
    {
        var token = ApiKeyToken.Generate();
        return (new ApiKeyRow
        {
            Id = HeraldId.New("key", now), WorkspaceId = workspaceId, Name = name, DisplayPrefix = token.DisplayPrefix,
            KeyHash = ApiKeyToken.Hash(token.Value), Scopes = scopes, CreatedAt = now.ToUnixTimeMilliseconds(),
            ExpiresAt = expires?.ToUnixTimeMilliseconds(), SenderId = senderId,
        }, token.Value);
    }

    private static async Task<IResult> ListAsync(HttpContext http, WorkspaceStore store) =>
        TypedResults.Ok((await store.KeysAsync(Caller.Of(http).WorkspaceId, http.RequestAborted)).Select(k => ApiKeyView.From(k)).ToList());

    private static async Task<IResult> RotateAsync(string id, HttpContext http, WorkspaceStore store, ApiKeyCache cache, TimeProvider clock)
    {
        var caller = Caller.Of(http);
        var (body, problem) = http.Request.ContentLength is null or 0
            ? (new RotateKeyRequest(null), null)
            : await Body.ReadAsync<RotateKeyRequest>(http);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.OverlapSeconds is < 0 or > 604_800)
        {
            return Problems.Validation([new Reason("overlap_invalid", "'overlap_seconds' must be from 0 to 604800 (7 days).", "overlap_seconds")]);
        }
        var old = (await store.KeysAsync(caller.WorkspaceId, http.RequestAborted)).FirstOrDefault(k => k.Id == id);
        if (old is null)
        {
            return Problems.NotFound("API key", id);
        }
        var now = clock.GetUtcNow();
        if (old.RevokedAt is { } revokedAt && revokedAt <= now.ToUnixTimeMilliseconds())
        {
            return Problems.Create(409, "api_key_revoked",
                $"API key {id} is revoked, so it cannot be rotated; create a new key with POST /v1/api-keys instead.");
        }
        if (Beyond(caller, old.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)) is { } refused)
        {
            return refused;
        }
        if (caller.SenderId is not null && old.SenderId != caller.SenderId)
        {
            return Problems.Create(403, "sender_not_allowed", "This channel key may only rotate keys of its own sender; use a workspace key.");
        }
        var (row, secret) = NewKey(caller.WorkspaceId, old.Name, old.Scopes, MessageView.Time(old.ExpiresAt), now, old.SenderId);
        await store.InsertKeyAsync(row, http.RequestAborted);
        await store.RevokeKeyAsync(caller.WorkspaceId, id, (now + TimeSpan.FromSeconds(body.OverlapSeconds ?? 86_400)).ToUnixTimeMilliseconds(), http.RequestAborted);
        cache.Clear();
        return TypedResults.Created($"/v1/api-keys/{row.Id}", ApiKeyView.From(row, secret));
    }


    private static async Task<IResult> RevokeAsync(string id, HttpContext http, WorkspaceStore store, ApiKeyCache cache, TimeProvider clock)
    {
        var row = await store.RevokeKeyAsync(Caller.Of(http).WorkspaceId, id, clock.GetUtcNow().ToUnixTimeMilliseconds(), http.RequestAborted);
        cache.Clear();
        return row is null ? Problems.NotFound("API key", id) : TypedResults.Ok(ApiKeyView.From(row));
    }
}

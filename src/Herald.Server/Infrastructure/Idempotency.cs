using System.Security.Cryptography;
using System.Text;
using Herald.Engine;
using Herald.Server.Auth;
using Herald.Storage.Rows;
using Herald.Storage.Stores;
using Microsoft.Extensions.Options;

namespace Herald.Server.Infrastructure;

/// <summary>Marks a creating POST as taking <c>Idempotency-Key</c>.</summary>
public sealed class IdempotentAttribute : Attribute;

/// <summary>
/// <c>Idempotency-Key</c> on creating POSTs: same key and body → the first response replayed; same key, other body → 422;
/// while the first is still running → 409. A 5xx frees the key so the client can retry.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";

    /// <summary>
    /// A claim older than this belongs to a request that died with its process (a crash or a kill leaves no chance to
    /// free the key); the retry takes the key over instead of getting 409 until the key expires a day later.
    /// </summary>
    public static readonly TimeSpan InFlightTimeout = TimeSpan.FromMinutes(2);

    public async Task InvokeAsync(HttpContext http, IdempotencyStore store, TimeProvider clock, IOptions<HeraldOptions> options)
    {
        var key = http.Request.Headers[Header].ToString();
        var caller = Caller.From(http.User);
        if (string.IsNullOrEmpty(key) || caller is null || http.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>() is null)
        {
            await next(http).ConfigureAwait(false);
            return;
        }
        if (key.Length > 255)
        {
            await Problems.Create(400, "idempotency_key_invalid", "The Idempotency-Key header must be at most 255 characters.")
                .ExecuteAsync(http).ConfigureAwait(false);
            return;
        }
        byte[] raw;
        try
        {
            raw = await Body.RawAsync(http).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            await Problems.Create(ex.StatusCode, Problems.DefaultCode(ex.StatusCode), Problems.DefaultDetail(ex.StatusCode))
                .ExecuteAsync(http).ConfigureAwait(false);
            return;
        }
        var now = clock.GetUtcNow();
        var hash = Hash(http.Request.Method, http.Request.Path, raw);
        var claim = new IdempotencyRow
        {
            WorkspaceId = caller.WorkspaceId, Key = key, RequestHash = hash, State = "in_flight",
            CreatedAt = now.ToUnixTimeMilliseconds(), ExpiresAt = (now + options.Value.IdempotencyLifetime).ToUnixTimeMilliseconds(),
        };
        var existing = await store.TryBeginAsync(claim, http.RequestAborted).ConfigureAwait(false);
        if (existing is { State: not "completed" } && existing.RequestHash == hash
            && existing.CreatedAt <= (now - InFlightTimeout).ToUnixTimeMilliseconds())
        {
            await store.AbandonAsync(caller.WorkspaceId, key, http.RequestAborted).ConfigureAwait(false);
            existing = await store.TryBeginAsync(claim, http.RequestAborted).ConfigureAwait(false);
        }
        if (existing is not null)
        {
            await ReplayOrRefuseAsync(http, existing, hash).ConfigureAwait(false);
            return;
        }
        await RunAndRememberAsync(http, store, caller.WorkspaceId, key).ConfigureAwait(false);
    }

    private async Task RunAndRememberAsync(HttpContext http, IdempotencyStore store, string workspaceId, string key)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        var completed = false;
        try
        {
            await next(http).ConfigureAwait(false);
            // Answers about the credential or the rate, not the request, are not remembered: a retry with a
            // permitted key (or later) must run, not replay the refusal.
            if (http.Response.StatusCode < 500 && http.Response.StatusCode is not (401 or 403 or 429))
            {
                // Encrypted: answers may carry a secret shown once (an API key, a webhook signing secret).
                var stored = Vault(http).Protect(Binding(workspaceId, key), Encoding.UTF8.GetString(buffer.ToArray()));
                await store.CompleteAsync(workspaceId, key, http.Response.StatusCode, stored, CancellationToken.None).ConfigureAwait(false);
                completed = true;
            }
        }
        finally
        {
            if (!completed)
            {
                await store.AbandonAsync(workspaceId, key, CancellationToken.None).ConfigureAwait(false);
            }
            http.Response.Body = original;
            buffer.Position = 0;
            await buffer.CopyToAsync(original, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task ReplayOrRefuseAsync(HttpContext http, IdempotencyRow existing, string hash)
    {
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(existing.RequestHash), Encoding.ASCII.GetBytes(hash)))
        {
            await Problems.Create(422, "idempotency_key_reused",
                "This Idempotency-Key was already used with a different request body; use a new key for a different request.")
                .ExecuteAsync(http).ConfigureAwait(false);
            return;
        }
        if (existing.State != "completed")
        {
            http.Response.Headers.RetryAfter = "1";
            await Problems.Create(409, "idempotency_request_in_progress",
                "A request with this Idempotency-Key is still being processed; retry in a moment to get its response.")
                .ExecuteAsync(http).ConfigureAwait(false);
            return;
        }
        var status = (int)(existing.StatusCode ?? 200);
        http.Response.StatusCode = status;
        http.Response.Headers["Idempotent-Replayed"] = "true";
        http.Response.ContentType = status >= 400 ? Problems.ContentType : "application/json; charset=utf-8";
        var body = existing.ResponseBody ?? "";
        await http.Response.WriteAsync(Vault(http).Unprotect(Binding(existing.WorkspaceId, existing.Key), body) ?? body, http.RequestAborted)
            .ConfigureAwait(false);
    }

    private static Herald.Engine.Senders.CredentialVault Vault(HttpContext http) =>
        http.RequestServices.GetRequiredService<Herald.Engine.Senders.CredentialVault>();

    /// <summary>What a stored answer is bound to: a ciphertext copied to another key's row does not decrypt.</summary>
    private static string Binding(string workspaceId, string key) => "idempotency:" + workspaceId + ":" + key;

    private static string Hash(string method, string path, byte[] body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(method + " " + path + "\n"));
        sha.AppendData(body);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

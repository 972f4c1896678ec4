using Herald.Storage.Rows;
using Herald.Storage.Stores;

namespace Herald.Server.Integrations;

/// <summary>
/// Makes a vendor request send at most once, with the idempotency keys table: a HubSpot execution by its
/// <c>callbackId</c> (HubSpot retries), an Intercom form by its stored-data MAC (a signed submit replayed within the
/// form's 30 minutes). A refused send releases the key, so the person can correct the input and send again.
/// </summary>
public sealed class SendOnce(IdempotencyStore store, TimeProvider clock)
{
    /// <summary>Null when this request claimed the key; else the row holding it (completed with its answer, or in flight).</summary>
    public async Task<IdempotencyRow?> ClaimAsync(string workspaceId, string key, TimeSpan lifetime, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await store.TryBeginAsync(new IdempotencyRow
        {
            WorkspaceId = workspaceId, Key = key, RequestHash = "", State = "in_flight",
            CreatedAt = now.ToUnixTimeMilliseconds(), ExpiresAt = (now + lifetime).ToUnixTimeMilliseconds(),
        }, ct).ConfigureAwait(false);
    }

    public Task CompleteAsync(string workspaceId, string key, string answer, CancellationToken ct) =>
        store.CompleteAsync(workspaceId, key, 200, answer, ct);

    public Task ReleaseAsync(string workspaceId, string key) => store.AbandonAsync(workspaceId, key, CancellationToken.None);
}

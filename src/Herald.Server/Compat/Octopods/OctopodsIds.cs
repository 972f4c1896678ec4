using System.Globalization;
using Herald.Storage.Stores;

namespace Herald.Server.Compat.Octopods;

/// <summary>Translates between Octopods' numeric ids and Herald's: paths take either, answers give the number.</summary>
public sealed class OctopodsIds(OctopodsIdStore store, TimeProvider clock)
{
    /// <summary>The Herald template id a path names (a number, or Herald's own <c>tpl_…</c> id); null for an unknown number.</summary>
    public Task<string?> TemplateAsync(string workspaceId, string raw, CancellationToken ct) =>
        ResolveAsync(OctopodsIdStore.Template, workspaceId, raw, ct);

    /// <summary>The Herald message id a path names (a number, or Herald's own <c>msg_…</c> id); null for an unknown number.</summary>
    public Task<string?> MessageAsync(string workspaceId, string raw, CancellationToken ct) =>
        ResolveAsync(OctopodsIdStore.Message, workspaceId, raw, ct);

    public Task<IReadOnlyDictionary<string, long>> TemplateNumbersAsync(string workspaceId, IReadOnlyCollection<string> ids, CancellationToken ct) =>
        store.NumbersAsync(OctopodsIdStore.Template, workspaceId, ids, clock.GetUtcNow().ToUnixTimeMilliseconds(), ct: ct);

    /// <summary>The number of a message; <paramref name="keyId"/> records the key that sent it (Octopods lists messages per key).</summary>
    public async Task<long> MessageNumberAsync(string workspaceId, string messageId, string? keyId, CancellationToken ct) =>
        (await store.NumbersAsync(OctopodsIdStore.Message, workspaceId, [messageId], clock.GetUtcNow().ToUnixTimeMilliseconds(), keyId, ct)
            .ConfigureAwait(false))[messageId];

    private async Task<string?> ResolveAsync(string kind, string workspaceId, string raw, CancellationToken ct) =>
        long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? await store.HeraldIdAsync(kind, workspaceId, number, ct).ConfigureAwait(false)
            : raw;
}

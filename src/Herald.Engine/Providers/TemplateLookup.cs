using System.Collections.Concurrent;
using Herald.Domain.Templates;
using Herald.Engine.Sending;
using Herald.Storage.Stores;

namespace Herald.Engine.Providers;

/// <summary>A template as an adapter needs it: its definition and the provider's id for it on each sender.</summary>
public sealed record ProviderTemplate(string Id, TemplateDefinition Definition, IReadOnlyDictionary<string, string> ProviderIds);

/// <summary>Templates by workspace, name and language, cached a few seconds: every template send needs one.</summary>
public sealed class TemplateLookup(TemplateStore store, TimeProvider clock)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(string, string, string), (DateTimeOffset At, ProviderTemplate? T)> _cache = new();

    public async ValueTask<ProviderTemplate?> FindAsync(string workspaceId, string name, string language, CancellationToken ct)
    {
        var key = (workspaceId, name, language);
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && now - hit.At < Ttl)
        {
            return hit.T;
        }
        var row = await store.ByNameAndLanguageAsync(workspaceId, name, language, ct).ConfigureAwait(false);
        ProviderTemplate? t = null;
        if (row is not null)
        {
            var statuses = await store.StatusesAsync([row.Id], ct).ConfigureAwait(false);
            t = new ProviderTemplate(row.Id, TemplateCodec.Deserialize(row.Definition),
                statuses.Where(s => s.ProviderTemplateId is not null).ToDictionary(s => s.SenderId, s => s.ProviderTemplateId!, StringComparer.Ordinal));
        }
        _cache[key] = (now, t);
        return t;
    }

    public void Invalidate() => _cache.Clear();
}
